import { count } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { calendarAdjustments } from './calendar.tables.ts';
import { officialAdjustments, type Adjustment } from './holidays.ts';
import { createWorkingTime, type WorkingTime } from './working-time.ts';

export type Calendar = Awaited<ReturnType<typeof createCalendar>>;

/** The working-day calendar as data: loaded once, replaced whole when an administrator edits it. */
export async function createCalendar(database: Database) {
  const [row] = await database.db.select({ n: count() }).from(calendarAdjustments);
  if ((row?.n ?? 0) === 0) await database.db.insert(calendarAdjustments).values(officialAdjustments).onConflictDoNothing();
  let adjustments: Adjustment[] = await database.db.select().from(calendarAdjustments);
  let time: WorkingTime = createWorkingTime(adjustments);
  return {
    get time(): WorkingTime {
      return time;
    },
    adjustments: () => adjustments,
    async reload() {
      adjustments = await database.db.select().from(calendarAdjustments);
      time = createWorkingTime(adjustments);
    },
  };
}
