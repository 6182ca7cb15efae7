/**
 * The bars of the message log's chart: one per day (China time) of the filtered range, or per
 * week or month when the range is too long for days. Kept apart from the chart itself so the
 * log can title the card without loading the chart library.
 */
import dayjs from 'dayjs';
import type { MessageSummary } from '../../../api/exchange';
import { DISPLAY_TIME_ZONE } from '../../../lib/format';

export type ChartUnit = 'day' | 'week' | 'month';

export interface ChartPeriods {
  unit: ChartUnit;
  /** `YYYY-MM-DD` (a day, or the Monday a week starts on) or `YYYY-MM`, oldest first. */
  periods: string[];
}

/** More bars than this are too thin to read: a longer range is counted by week, then by month. */
const MAX_BARS = 62;
/** Without a chosen start, at least this many days, so one busy day is seen against quiet ones. */
const MIN_DAYS = 7;

const dayOf = (iso: string) => dayjs(iso).tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD');

/** The period a calendar day falls in: the day itself, the Monday of its week, or its month. */
export function periodOf(day: string, unit: ChartUnit): string {
  if (unit === 'day') return day;
  if (unit === 'month') return day.slice(0, 7);
  // Calendar arithmetic on the date alone, so the browser's time zone plays no part.
  const d = dayjs(day);
  return d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
}

/** Every period from the start of the range (else the oldest day counted) to its end (else today). */
export function chartPeriods(days: MessageSummary['days'], from: string | undefined, to: string | undefined): ChartPeriods {
  const last = to ? dayOf(to) : dayjs().tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD');
  let first = from ? dayOf(from) : days.reduce((min, d) => (d.day < min ? d.day : min), last);
  if (!from && dayjs(last).diff(dayjs(first), 'day') < MIN_DAYS - 1) first = dayjs(last).subtract(MIN_DAYS - 1, 'day').format('YYYY-MM-DD');
  const span = dayjs(last).diff(dayjs(first), 'day') + 1;
  const unit: ChartUnit = span <= MAX_BARS ? 'day' : span <= MAX_BARS * 7 ? 'week' : 'month';
  const end = periodOf(last, unit);
  const periods: string[] = [];
  for (let p = dayjs(periodOf(first, unit)); ; p = p.add(1, unit)) {
    const period = periodOf(p.format('YYYY-MM-DD'), unit);
    if (period > end) break;
    periods.push(period);
  }
  return { unit, periods };
}
