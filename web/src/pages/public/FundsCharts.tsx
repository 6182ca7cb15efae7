/**
 * The charts of 基金公开: income and expenditure by month with the balance, and what the selected
 * month's income came from and its expenditure went to. Loaded lazily with only the ECharts parts
 * used, so the figures and the table show while it loads.
 *
 * Each tooltip ends in a “对此有疑问” link: the tooltip can be entered (and on a phone it opens on a
 * tap), and a click on the link reaches the wrapper's handler, which asks about that figure.
 */
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { Card, Col, Empty, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, type BarSeriesOption, type LineSeriesOption, type PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useLang } from '../../i18n';
import { formatFen } from '../../lib/money';
import { BRAND_RED } from '../../components/Brand';
import { compactYuan, useTransparencyLabels } from '../../components/transparency/labels';

echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

const BLUE = '#1554ad';
const ORANGE = '#e8833a';
const GREY = '#8c8c8c';
const INCOME_COLORS = ['#1554ad', '#13a8a8', '#722ed1'];
const EXPENDITURE_COLORS = ['#e8833a', '#c8102e', '#8c8c8c'];

export interface MonthPoint {
  period: string;
  incomeFen: number;
  expenditureFen: number;
  bankDepositFen: number;
}

export interface Part {
  account: string;
  fen: number;
}

export interface FundsChartsProps {
  points: MonthPoint[];
  selected: string | undefined;
  onSelect: (period: string) => void;
  income: Part[];
  expenditure: Part[];
  narrow: boolean;
  onAskMonth: (point: MonthPoint) => void;
  onAskPart: (kind: 'income' | 'expenditure', part: Part) => void;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** data-ready once ECharts has drawn (animations included): for tests and screenshots. */
function useFinished() {
  const [ready, setReady] = useState(false);
  const events = useMemo(() => ({ finished: () => setReady(true) }), []);
  return { ready, events };
}

function askLink(label: string, attrs: string) {
  return `<div style="margin-top:6px"><a href="#" ${attrs} style="color:${BLUE};pointer-events:auto">&#63; ${esc(label)}</a></div>`;
}

/** Calls `handler` with the data-ask attributes of a clicked tooltip link. */
function onTooltipClick(handler: (el: HTMLElement) => void) {
  return (e: MouseEvent<HTMLDivElement>) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-ask]');
    if (!el) return;
    e.preventDefault();
    handler(el);
  };
}

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ at least `x`. */
function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= x - 1e-9 * e) return m * e;
  return 10 * e;
}

/**
 * The two value axes (flows on the left, the balance on the right) with round ticks and their
 * zero on the same grid line, so that a negative balance does not read as a small positive one:
 * both axes get the same number of intervals below and above zero, each its own interval.
 */
export function alignedAxes(left: readonly number[], right: readonly number[], segments = 5): [{ min: number; max: number; interval: number }, { min: number; max: number; interval: number }] {
  const span = (values: readonly number[]) => ({ lo: Math.min(0, ...values), hi: Math.max(0, ...values) });
  const axes = [span(left), span(right)];
  let best: { below: number; intervals: number[]; waste: number } | undefined;
  for (let below = 0; below <= segments; below++) {
    const above = segments - below;
    const intervals: number[] = [];
    let waste = 0;
    let possible = true;
    for (const { lo, hi } of axes) {
      if ((hi > 0 && above === 0) || (lo < 0 && below === 0)) possible = false;
      const interval = niceCeil(Math.max(above ? hi / above : 0, below ? -lo / below : 0));
      intervals.push(interval);
      waste += (segments * interval) / Math.max(hi - lo, interval);
    }
    if (possible && (!best || waste < best.waste)) best = { below, intervals, waste };
  }
  const below = best?.below ?? 0;
  const intervals = best?.intervals ?? [1, 1];
  const axis = (interval: number) => ({ min: -below * interval, max: (segments - below) * interval, interval });
  return [axis(intervals[0]!), axis(intervals[1]!)];
}

function TrendChart({ points, selected, onSelect, narrow, onAskMonth }: FundsChartsProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const option = useMemo<Option>(() => {
    const income = t('transparency.public.incomeSeries');
    const expenditure = t('transparency.public.expenditureSeries');
    const balance = t('transparency.public.balanceSeries');
    const dim = (i: number) => (selected && points[i]?.period !== selected ? 0.45 : 1);
    const [flows, balances] = alignedAxes(
      points.flatMap((p) => [p.incomeFen / 100, p.expenditureFen / 100]),
      points.map((p) => p.bankDepositFen / 100),
    );
    const axisLabel = { formatter: (v: number) => compactYuan(v * 100, lang) };
    return {
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, data: [income, expenditure, balance] },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        enterable: true,
        hideDelay: 400,
        formatter: (raw: unknown) => {
          const items = raw as { dataIndex: number }[];
          const i = items[0]?.dataIndex ?? -1;
          const p = points[i];
          if (!p) return '';
          const line = (color: string, name: string, fen: number) =>
            `<span style="display:inline-block;width:8px;height:8px;border-radius:4px;background:${color};margin-right:6px"></span>${esc(name)}: <b>${esc(formatFen(fen))}</b>`;
          return [
            `<div style="font-weight:600">${esc(p.period)}</div>`,
            line(BLUE, income, p.incomeFen),
            line(ORANGE, expenditure, p.expenditureFen),
            line(BRAND_RED, balance, p.bankDepositFen),
          ].join('<br/>') + askLink(t('transparency.ask.action'), `data-ask="month" data-index="${i}"`);
        },
      },
      xAxis: { type: 'category', data: points.map((p) => p.period), axisTick: { show: false }, axisLabel: { hideOverlap: true, formatter: narrow ? (m: string) => m.slice(2) : undefined } },
      yAxis: [
        { type: 'value', ...flows, axisLabel },
        { type: 'value', ...balances, splitLine: { show: false }, axisLabel: { ...axisLabel, color: BRAND_RED } },
      ],
      series: [
        { name: income, type: 'bar', barMaxWidth: 28, itemStyle: { color: BLUE }, data: points.map((p, i) => ({ value: p.incomeFen / 100, itemStyle: { opacity: dim(i) } })) },
        { name: expenditure, type: 'bar', barMaxWidth: 28, itemStyle: { color: ORANGE }, data: points.map((p, i) => ({ value: p.expenditureFen / 100, itemStyle: { opacity: dim(i) } })) },
        { name: balance, type: 'line', yAxisIndex: 1, symbolSize: 7, itemStyle: { color: BRAND_RED }, data: points.map((p) => p.bankDepositFen / 100) },
      ],
    };
  }, [points, selected, narrow, t, lang]);
  const { ready, events } = useFinished();
  // The click handler is bound once, when the chart is created; it reads the latest props from here.
  const latest = useRef({ points, onSelect });
  useEffect(() => {
    latest.current = { points, onSelect };
  }, [points, onSelect]);
  return (
    <div onClick={onTooltipClick((el) => {
      const p = points[Number(el.dataset.index)];
      if (p) onAskMonth(p);
    })}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        style={{ height: narrow ? 260 : 320, width: '100%', cursor: 'pointer' }}
        data-testid="funds-chart-trend"
        data-ready={ready || undefined}
        onEvents={events}
        onChartReady={(chart) => {
          // A click anywhere in a month's band picks the month, not only on its bars.
          chart.getZr().on('click', (e) => {
            const point = [e.offsetX, e.offsetY];
            if (!chart.containPixel('grid', point)) return;
            const [x] = chart.convertFromPixel({ gridIndex: 0 }, point) as [number, number];
            const picked = latest.current.points[Math.round(x)];
            if (picked) latest.current.onSelect(picked.period);
          });
        }}
      />
    </div>
  );
}

function MixChart({ kind, parts, narrow, onAsk }: { kind: 'income' | 'expenditure'; parts: Part[]; narrow: boolean; onAsk: (part: Part) => void }) {
  const { t } = useTranslation();
  const labels = useTransparencyLabels();
  const shown = useMemo(() => parts.filter((p) => p.fen > 0), [parts]);
  const option = useMemo<Option>(() => {
    const colors = kind === 'income' ? INCOME_COLORS : EXPENDITURE_COLORS;
    return {
      color: colors,
      legend: { bottom: 0, type: 'scroll' },
      tooltip: {
        trigger: 'item',
        confine: true,
        enterable: true,
        hideDelay: 400,
        formatter: (raw: unknown) => {
          const item = raw as { dataIndex: number; percent: number; marker: string };
          const p = shown[item.dataIndex];
          if (!p) return '';
          return `${item.marker}${esc(labels.account(p.account))}: <b>${esc(formatFen(p.fen))}</b> (${item.percent}%)` + askLink(t('transparency.ask.action'), `data-ask="${kind}" data-index="${item.dataIndex}"`);
        },
      },
      series: [
        {
          type: 'pie',
          radius: ['42%', '68%'],
          center: ['50%', '45%'],
          avoidLabelOverlap: true,
          label: { show: !narrow, formatter: '{b}\n{d}%', color: GREY },
          data: shown.map((p) => ({ name: labels.account(p.account), value: p.fen / 100 })),
        },
      ],
    };
    // `labels` is rebuilt each render; `t` is what changes with the language.
  }, [shown, kind, narrow, t]);
  const { ready, events } = useFinished();
  if (shown.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(kind === 'income' ? 'transparency.public.noIncome' : 'transparency.public.noExpenditure')} style={{ margin: '48px 0' }} />;
  }
  return (
    <div onClick={onTooltipClick((el) => {
      const p = shown[Number(el.dataset.index)];
      if (p) onAsk(p);
    })}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        style={{ height: 260, width: '100%' }}
        data-testid={`funds-chart-${kind}`}
        data-ready={ready || undefined}
        onEvents={events}
      />
    </div>
  );
}

/** The trend over the months, then the two compositions of the selected month side by side. */
export default function FundsCharts(props: FundsChartsProps) {
  const { t } = useTranslation();
  const month = props.selected ?? '';
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card
          size="small"
          title={t('transparency.public.trendTitle')}
          extra={!props.narrow && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('transparency.public.trendHint')}</Typography.Text>}
        >
          <TrendChart {...props} />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('transparency.public.incomeMix', { month })}>
          <MixChart kind="income" parts={props.income} narrow={props.narrow} onAsk={(p) => props.onAskPart('income', p)} />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('transparency.public.expenditureMix', { month })}>
          <MixChart kind="expenditure" parts={props.expenditure} narrow={props.narrow} onAsk={(p) => props.onAskPart('expenditure', p)} />
        </Card>
      </Col>
    </Row>
  );
}
