/**
 * Messages per day (or week, or month) by status, as stacked bars, from the server's counts of
 * the whole filtered log. Loaded lazily with only the ECharts parts it uses, so the log does
 * not wait for the chart library.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { MESSAGE_STATUSES, type MessageSummary } from '../../../api/exchange';
import { useExchangeLabels } from '../../../components/exchange/labels';
import { periodOf, type ChartPeriods } from './chartPeriods';

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

/** Axis labels: without the year while every bar is in the same one. */
function axisLabels({ unit, periods }: ChartPeriods): string[] {
  if (unit === 'month') return periods;
  const oneYear = periods.every((p) => p.slice(0, 4) === periods[0]?.slice(0, 4));
  return oneYear ? periods.map((p) => p.slice(5)) : periods;
}

export default function MessagesChart({ days, periods }: { days: MessageSummary['days']; periods: ChartPeriods }) {
  const { t } = useTranslation();
  const labels = useExchangeLabels();
  // data-ready once ECharts has finished drawing: for tests and screenshots.
  const [ready, setReady] = useState(false);
  const events = useMemo(() => ({ finished: () => setReady(true) }), []);
  const option = useMemo<Option>(() => {
    const index = new Map(periods.periods.map((p, i) => [p, i]));
    const counts = new Map<string, number[]>();
    for (const d of days) {
      const i = index.get(periodOf(d.day, periods.unit));
      if (i === undefined) continue;
      const row = counts.get(d.status) ?? periods.periods.map(() => 0);
      row[i] = (row[i] ?? 0) + d.count;
      counts.set(d.status, row);
    }
    const order = MESSAGE_STATUSES as readonly string[];
    const statuses = [...counts.keys()].sort((a, b) => (order.indexOf(a) < 0 ? 99 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 99 : order.indexOf(b)));
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: statuses.map((s) => labels.status(s)) },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      xAxis: { type: 'category', data: axisLabels(periods), axisTick: { show: false } },
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
  }, [days, periods, t]);
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
