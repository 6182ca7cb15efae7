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

export type WorkingTime = ReturnType<typeof createWorkingTime>;

/** The instant of 00:00 China Standard Time on the day of epoch milliseconds `t`. */
const dayStartOf = (t: number) => Math.floor((t + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS;
const HOUR_MS = 3600_000;

export function createWorkingTime(adjustments: readonly Adjustment[]) {
  const special = new Map(adjustments.map((a) => [a.day, a.kind]));

  function isWorkingDay(day: string): boolean {
    const kind = special.get(day);
    if (kind) return kind === 'workday';
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  // Deadlines are computed on every filing: days are handled as epoch milliseconds of their
  // CST midnight, and each day's answer is remembered (a few hundred days a year).
  const workingByStart = new Map<number, boolean>();
  function isWorkingDayAt(dayStart: number): boolean {
    let working = workingByStart.get(dayStart);
    if (working === undefined) {
      working = isWorkingDay(chinaDate(new Date(dayStart)));
      if (workingByStart.size > 20_000) workingByStart.clear();
      workingByStart.set(dayStart, working);
    }
    return working;
  }

  function nextWorkingDayAt(dayStart: number): number {
    let d = dayStart + DAY_MS;
    while (!isWorkingDayAt(d)) d += DAY_MS;
    return d;
  }

  function nextWorkingDay(day: string): string {
    return chinaDate(new Date(nextWorkingDayAt(chinaTime(day).getTime())));
  }

  /**
   * The end (24:00) of the n-th working day after the day of `from`: "reply within 15 working
   * days" counts from the day after receipt, as administrative time limits do.
   */
  function addWorkingDays(from: Date, n: number): Date {
    let day = dayStartOf(from.getTime());
    for (let i = 0; i < n; i++) day = nextWorkingDayAt(day);
    return new Date(day + DAY_MS);
  }

  /** `from` plus `hours` of working time (09:00–17:00 on working days). */
  function addWorkingHours(from: Date, hours: number): Date {
    let remaining = hours * HOUR_MS;
    let day = dayStartOf(from.getTime());
    let cursor = from.getTime();
    for (;;) {
      const start = day + WORKDAY_START_HOUR * HOUR_MS;
      const end = day + WORKDAY_END_HOUR * HOUR_MS;
      if (isWorkingDayAt(day) && cursor < end) {
        const begin = Math.max(cursor, start);
        if (begin + remaining <= end) return new Date(begin + remaining);
        remaining -= end - begin;
      }
      day += DAY_MS;
      cursor = day;
    }
  }

  /** Working hours between two instants (for average handling time). */
  function workingHoursBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    let total = 0;
    for (let day = dayStartOf(from.getTime()); day < to.getTime(); day += DAY_MS) {
      if (!isWorkingDayAt(day)) continue;
      const start = Math.max(from.getTime(), day + WORKDAY_START_HOUR * HOUR_MS);
      const end = Math.min(to.getTime(), day + WORKDAY_END_HOUR * HOUR_MS);
      if (end > start) total += end - start;
    }
    return total / HOUR_MS;
  }

  /** Start (09:00) of the n-th working day after the day of `from`. */
  function startOfWorkingDayAfter(from: Date, n = 1): Date {
    let day = dayStartOf(from.getTime());
    for (let i = 0; i < n; i++) day = nextWorkingDayAt(day);
    return new Date(day + WORKDAY_START_HOUR * HOUR_MS);
  }

  return { isWorkingDay, nextWorkingDay, addWorkingDays, addWorkingHours, workingHoursBetween, startOfWorkingDayAfter, hoursPerDay: HOURS_PER_DAY };
}
