/**
 * The month's findings per kind: raised, confirmed and released, as grouped horizontal bars (long
 * kind names stay readable). Loaded lazily with only the ECharts parts it uses.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { FLAG_KINDS, type ReportRow } from '../../../api/integrity';
import { useFundsLabels } from '../../../components/funds/labels';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

const SERIES = [
  { key: 'matches', color: '#1554ad' },
  { key: 'confirmed', color: '#cf1322' },
  { key: 'released', color: '#52c41a' },
] as const;

export default function IntegrityChart({ rows }: { rows: ReportRow[] }) {
  const { t } = useTranslation();
  const labels = useFundsLabels();
  // data-ready once ECharts has finished drawing: for tests and screenshots.
  const [ready, setReady] = useState(false);
  const events = useMemo(() => ({ finished: () => setReady(true) }), []);
  const order = FLAG_KINDS as readonly string[];
  // Top to bottom in the catalogue's order: ECharts draws the first category at the bottom.
  const sorted = useMemo(() => [...rows].sort((a, b) => (order.indexOf(b.kind) < 0 ? 99 : order.indexOf(b.kind)) - (order.indexOf(a.kind) < 0 ? 99 : order.indexOf(a.kind))), [rows, order]);
  const option = useMemo<Option>(
    () => ({
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: SERIES.map((s) => t(`funds.integrity.report.${s.key}`)) },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: sorted.map((r) => labels.flagKind(r.kind)), axisTick: { show: false } },
      series: SERIES.map((s) => ({
        type: 'bar',
        name: t(`funds.integrity.report.${s.key}`),
        barMaxWidth: 14,
        itemStyle: { color: s.color },
        label: { show: true, position: 'right', fontSize: 11, formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') },
        data: sorted.map((r) => r[s.key]),
      })),
    }),
    // `labels` is rebuilt each render; `t` is what changes with the language.
    [sorted, t],
  );
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: Math.max(160, 48 + sorted.length * 44), width: '100%' }}
      onEvents={events}
      data-testid="integrity-chart"
      data-ready={ready || undefined}
    />
  );
}
