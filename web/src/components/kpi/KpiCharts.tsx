/**
 * The dashboard's charts. Only the ECharts pieces used here are registered, and this module is
 * loaded lazily, so neither page pays for the whole of ECharts up front.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Card, Col, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { KpiGroup, KpiReport } from '../../api/kpis';
import { BRAND_RED } from '../Brand';
import { FRACTIONS, monthsBetween, percent } from './format';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

const BLUE = '#1554ad';
const GREY = '#8c8c8c';
const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

interface AxisTooltipItem {
  dataIndex: number;
  marker: string;
  seriesName: string;
  value: number | null;
  seriesIndex: number;
}

/** data-ready once ECharts has finished drawing (animations included): for tests and screenshots. */
function useFinished() {
  const [ready, setReady] = useState(false);
  const events = useMemo(() => ({ finished: () => setReady(true) }), []);
  return { ready, events };
}

interface ChartsProps {
  report: KpiReport;
  /** Display names of report.groups, in order. */
  names: string[];
  /** Narrow screen: shorter axis labels, legend at the bottom. */
  narrow: boolean;
  /** Drill-down: called with the group whose bar (or row band) was clicked. */
  onPick?: (group: KpiGroup) => void;
}

/** On-time resolution and satisfaction per group; horizontal so long department names stay readable. */
function RatesChart({ report, names, narrow, onPick }: ChartsProps) {
  const { t } = useTranslation();
  const groups = report.groups;
  const horizontal = report.groupBy !== 'month';
  // The click handler is bound once, when the chart is created; it reads the latest props from here.
  const latest = useRef({ onPick, groups, horizontal });
  useEffect(() => {
    latest.current = { onPick, groups, horizontal };
  }, [onPick, groups, horizontal]);

  const option = useMemo<Option>(() => {
    const onTime = t('kpi.metrics.onTimeResolutionRate');
    const satisfied = t('kpi.metrics.satisfactionRate');
    const category = {
      type: 'category' as const,
      data: names,
      inverse: horizontal,
      axisLabel: { width: narrow ? 96 : 200, overflow: 'truncate' as const, interval: 0, hideOverlap: !horizontal },
      axisTick: { show: false },
    };
    const value = { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } };
    return {
      grid: { left: 8, right: 24, top: 40, bottom: 8 },
      legend: { top: 0, data: [onTime, satisfied] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: (raw: unknown) => {
          const items = raw as AxisTooltipItem[];
          const g = groups[items[0]?.dataIndex ?? -1];
          if (!g) return '';
          const lines = items.map((it) => {
            const key = it.seriesIndex === 0 ? 'onTimeResolutionRate' : 'satisfactionRate';
            return `${it.marker}${it.seriesName}: <b>${percent(g[key])}</b> <span style="color:${GREY}">(${t(`kpi.fractions.${key}`, FRACTIONS[key](g))})</span>`;
          });
          return [names[items[0]?.dataIndex ?? 0], ...lines, `${t('kpi.metrics.filed')}: ${g.filed}`].join('<br/>');
        },
      },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: [
        { name: onTime, type: 'bar', data: groups.map((g) => pct(g.onTimeResolutionRate)), itemStyle: { color: BRAND_RED }, barMaxWidth: 18 },
        { name: satisfied, type: 'bar', data: groups.map((g) => pct(g.satisfactionRate)), itemStyle: { color: BLUE }, barMaxWidth: 18 },
      ],
    };
  }, [groups, names, horizontal, narrow, t]);

  const height = horizontal ? Math.max(220, groups.length * 52 + 64) : 320;
  const { ready, events } = useFinished();
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height, width: '100%', cursor: onPick ? 'pointer' : undefined }}
      data-testid="kpi-chart-rates"
      data-ready={ready || undefined}
      onEvents={events}
      onChartReady={(chart) => {
        // A click anywhere in a group's band picks it, not only on the (possibly empty) bars.
        chart.getZr().on('click', (e) => {
          const { onPick: pick, groups: current, horizontal: sideways } = latest.current;
          if (!pick) return;
          const point = [e.offsetX, e.offsetY];
          if (!chart.containPixel('grid', point)) return;
          const [x, y] = chart.convertFromPixel({ gridIndex: 0 }, point) as [number, number];
          const group = current[Math.round(sideways ? y : x)];
          if (group) pick(group);
        });
      }}
    />
  );
}

/** By month: appeals filed (left axis) and the on-time and satisfaction rates (right axis). */
function MonthlyChart({ report, narrow }: ChartsProps) {
  const { t } = useTranslation();
  const option = useMemo<Option>(() => {
    const byMonth = new Map(report.groups.map((g) => [g.key, g]));
    const months = monthsBetween(report.from, report.to);
    const filed = t('kpi.metrics.filed');
    const onTime = t('kpi.metrics.onTimeResolutionRate');
    const satisfied = t('kpi.metrics.satisfactionRate');
    return {
      grid: { left: 8, right: 8, top: 40, bottom: 8 },
      legend: { top: 0, data: [filed, onTime, satisfied] },
      tooltip: {
        trigger: 'axis',
        confine: true,
        valueFormatter: (v) => (v === null || v === undefined || v === '-' ? '—' : String(v)),
      },
      xAxis: { type: 'category', data: months, axisLabel: { hideOverlap: true, formatter: narrow ? (m: string) => m.slice(2) : undefined } },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        { name: filed, type: 'line', yAxisIndex: 0, data: months.map((m) => byMonth.get(m)?.filed ?? 0), itemStyle: { color: GREY }, areaStyle: { opacity: 0.12 }, symbolSize: 6 },
        {
          name: onTime,
          type: 'line',
          yAxisIndex: 1,
          data: months.map((m) => pct(byMonth.get(m)?.onTimeResolutionRate ?? null)),
          itemStyle: { color: BRAND_RED },
          tooltip: { valueFormatter: (v) => (typeof v === 'number' ? `${v}%` : '—') },
          symbolSize: 6,
        },
        {
          name: satisfied,
          type: 'line',
          yAxisIndex: 1,
          data: months.map((m) => pct(byMonth.get(m)?.satisfactionRate ?? null)),
          itemStyle: { color: BLUE },
          lineStyle: { type: 'dashed' },
          tooltip: { valueFormatter: (v) => (typeof v === 'number' ? `${v}%` : '—') },
          symbolSize: 6,
        },
      ],
    };
  }, [report, narrow, t]);
  const { ready, events } = useFinished();
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: 320, width: '100%' }}
      data-testid="kpi-chart-monthly"
      data-ready={ready || undefined}
      onEvents={events}
    />
  );
}

/** The rates chart for every grouping, and the monthly trend next to it when grouped by month. */
export default function KpiCharts(props: ChartsProps) {
  const { t } = useTranslation();
  const monthly = props.report.groupBy === 'month';
  return (
    <Row gutter={[16, 16]}>
      {monthly && (
        <Col xs={24} lg={12}>
          <Card size="small" title={t('kpi.charts.monthly')}>
            <MonthlyChart {...props} />
          </Card>
        </Col>
      )}
      <Col xs={24} lg={monthly ? 12 : 24}>
        <Card size="small" title={t('kpi.charts.rates')} extra={props.onPick && !props.narrow ? <span style={{ color: GREY, fontSize: 12 }}>{t('kpi.drillHint')}</span> : undefined}>
          <RatesChart {...props} />
        </Card>
      </Col>
    </Row>
  );
}
