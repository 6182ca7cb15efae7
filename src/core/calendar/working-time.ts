import type { Adjustment } from './holidays.ts';

/**
 * Working time in China Standard Time (UTC+8, no daylight saving). A working day is Monday to
 * Friday unless it is a public holiday, plus the weekend days worked in exchange (调休).
 * Working hours are 09:00–17:00, eight hours a day.
 */
const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
export const WORKDAY_START_HOUR = 9;
export const WORKDAY_END_HOUR = 17;
const HOURS_PER_DAY = WORKDAY_END_HOUR - WORKDAY_START_HOUR;

/** YYYY-MM-DD of an instant, in China Standard Time. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant at `hour`:00 China Standard Time on `day`. */
export function chinaTime(day: string, hour = 0): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS + hour * 3600_000);
}

function nextDay(day: string, delta = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + delta * DAY_MS).toISOString().slice(0, 10);
}

export type WorkingTime = ReturnType<typeof createWorkingTime>;

export function createWorkingTime(adjustments: readonly Adjustment[]) {
  const special = new Map(adjustments.map((a) => [a.day, a.kind]));

  function isWorkingDay(day: string): boolean {
    const kind = special.get(day);
    if (kind) return kind === 'workday';
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  function nextWorkingDay(day: string): string {
    let d = nextDay(day);
    while (!isWorkingDay(d)) d = nextDay(d);
    return d;
  }

  /**
   * The end (24:00) of the n-th working day after the day of `from`: "reply within 15 working
   * days" counts from the day after receipt, as administrative time limits do.
   */
  function addWorkingDays(from: Date, n: number): Date {
    let day = chinaDate(from);
    for (let i = 0; i < n; i++) day = nextWorkingDay(day);
    return chinaTime(nextDay(day));
  }

  /** `from` plus `hours` of working time (09:00–17:00 on working days). */
  function addWorkingHours(from: Date, hours: number): Date {
    let remaining = hours * 3600_000;
    let day = chinaDate(from);
    let cursor = from.getTime();
    for (;;) {
      const start = chinaTime(day, WORKDAY_START_HOUR).getTime();
      const end = chinaTime(day, WORKDAY_END_HOUR).getTime();
      if (isWorkingDay(day) && cursor < end) {
        const begin = Math.max(cursor, start);
        if (begin + remaining <= end) return new Date(begin + remaining);
        remaining -= end - begin;
      }
      day = nextDay(day);
      cursor = chinaTime(day).getTime();
    }
  }

  /** Working hours between two instants (for average handling time). */
  function workingHoursBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    let total = 0;
    for (let day = chinaDate(from); chinaTime(day).getTime() < to.getTime(); day = nextDay(day)) {
      if (!isWorkingDay(day)) continue;
      const start = Math.max(from.getTime(), chinaTime(day, WORKDAY_START_HOUR).getTime());
      const end = Math.min(to.getTime(), chinaTime(day, WORKDAY_END_HOUR).getTime());
      if (end > start) total += end - start;
    }
    return total / 3600_000;
  }

  /** Start (09:00) of the n-th working day after the day of `from`. */
  function startOfWorkingDayAfter(from: Date, n = 1): Date {
    let day = chinaDate(from);
    for (let i = 0; i < n; i++) day = nextWorkingDay(day);
    return chinaTime(day, WORKDAY_START_HOUR);
  }

  return { isWorkingDay, nextWorkingDay, addWorkingDays, addWorkingHours, workingHoursBetween, startOfWorkingDayAfter, hoursPerDay: HOURS_PER_DAY };
}
