/**
 * Messages per day by status, as stacked bars. Loaded lazily with only the ECharts parts it
 * uses, so the log does not wait for the chart library.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { MESSAGE_STATUSES, type ExchangeMessage } from '../../../api/exchange';
import { useExchangeLabels } from '../../../components/exchange/labels';
import { DISPLAY_TIME_ZONE } from '../../../lib/format';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

const COLORS: Record<string, string> = {
  applied: '#52c41a',
  answered: '#1554ad',
  rejected: '#cf1322',
  refused: '#fa541c',
  duplicate: '#8c8c8c',
  failed: '#faad14',
};
/** More days than this make bars too thin to read; the newest are kept. */
const MAX_DAYS = 62;
/** Without a chosen start, at least this many days, so one busy day is seen against quiet ones. */
const MIN_DAYS = 7;

const dayOf = (iso: string) => dayjs(iso).tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD');

/** Every day (China time) from the start of the range, or the oldest message, to its end or today. */
function daysOf(items: ExchangeMessage[], from: string | undefined, to: string | undefined): string[] {
  const end = dayjs.tz(to ? dayOf(to) : dayjs().tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD'), DISPLAY_TIME_ZONE);
  const oldest = items.reduce((min, m) => (dayOf(m.receivedAt) < min ? dayOf(m.receivedAt) : min), end.format('YYYY-MM-DD'));
  let start = dayjs.tz(from ? dayOf(from) : oldest, DISPLAY_TIME_ZONE);
  if (!from && end.diff(start, 'day') < MIN_DAYS - 1) start = end.subtract(MIN_DAYS - 1, 'day');
  if (end.diff(start, 'day') >= MAX_DAYS) start = end.subtract(MAX_DAYS - 1, 'day');
  const days: string[] = [];
  for (let d = start; !d.isAfter(end, 'day'); d = d.add(1, 'day')) days.push(d.format('YYYY-MM-DD'));
  return days;
}

export default function MessagesChart({ items, from, to }: { items: ExchangeMessage[]; from?: string; to?: string }) {
  const { t } = useTranslation();
  const labels = useExchangeLabels();
  // data-ready once ECharts has finished drawing: for tests and screenshots.
  const [ready, setReady] = useState(false);
  const events = useMemo(() => ({ finished: () => setReady(true) }), []);
  const option = useMemo<Option>(() => {
    const days = daysOf(items, from, to);
    const counts = new Map<string, number[]>();
    for (const m of items) {
      const i = days.indexOf(dayOf(m.receivedAt));
      if (i < 0) continue;
      const row = counts.get(m.status) ?? days.map(() => 0);
      row[i] = (row[i] ?? 0) + 1;
      counts.set(m.status, row);
    }
    const order = MESSAGE_STATUSES as readonly string[];
    const statuses = [...counts.keys()].sort((a, b) => (order.indexOf(a) < 0 ? 99 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 99 : order.indexOf(b)));
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: statuses.map((s) => labels.status(s)) },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)), axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1 },
      series: statuses.map((s) => ({
        type: 'bar',
        name: labels.status(s),
        stack: 'messages',
        barMaxWidth: 28,
        itemStyle: { color: COLORS[s] ?? '#bfbfbf' },
        data: counts.get(s) ?? [],
      })),
    };
    // `labels` is rebuilt each render; `t` is what changes with the language.
  }, [items, from, to, t]);
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: 220, width: '100%' }}
      onEvents={events}
      data-testid="messages-chart"
      data-ready={ready || undefined}
    />
  );
}
