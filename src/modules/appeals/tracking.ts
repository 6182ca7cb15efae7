import { sql } from 'drizzle-orm';
import type { Database } from '@core/db/client.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import { trackingCounters } from './appeals.tables.ts';

/** Numbers reserved from the day's counter at a time. */
export const TRACKING_BLOCK = 10;

/**
 * Human-readable tracking numbers, WZ-YYYYMMDD-NNNNNN, counted per China Standard Time day.
 * Each server reserves numbers from the day's counter row a block at a time (the hi/lo
 * pattern), so concurrent filings do not queue on that one row. Numbers are unique across
 * servers; a restart leaves the rest of its block unused, which shows only as a gap.
 */
export function createTrackingNumbers(database: Database) {
  let day = '';
  let next = 0;
  let last = -1;
  let reserving: Promise<void> | undefined;

  async function reserve(forDay: string) {
    const [row] = await database.db
      .insert(trackingCounters)
      .values({ day: forDay, last: TRACKING_BLOCK })
      .onConflictDoUpdate({ target: trackingCounters.day, set: { last: sql`${trackingCounters.last} + ${TRACKING_BLOCK}` } })
      .returning({ last: trackingCounters.last });
    day = forDay;
    last = row!.last;
    next = last - TRACKING_BLOCK + 1;
  }

  return async function take(at: Date): Promise<string> {
    const forDay = chinaDate(at).replaceAll('-', '');
    while (day !== forDay || next > last) {
      // One reservation at a time; everyone waiting shares it.
      reserving ??= reserve(forDay).finally(() => {
        reserving = undefined;
      });
      await reserving;
    }
    return `WZ-${forDay}-${String(next++).padStart(6, '0')}`;
  };
}
