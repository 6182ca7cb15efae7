import type { Database } from '@core/db/client.ts';
import { qualifiedName } from '@core/db/statements.ts';
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

  const reserveBlock = database.statement<{ last: number }>(
    'appeals_tracking_reserve',
    `insert into ${qualifiedName(trackingCounters)} as c (day, last) values ($1::text, $2::int)
     on conflict (day) do update set last = c.last + $2::int
     returning last`,
  );

  async function reserve(forDay: string) {
    const [row] = await reserveBlock([forDay, TRACKING_BLOCK]);
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
