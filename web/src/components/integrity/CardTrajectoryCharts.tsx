/**
 * The two pictures of a card trajectory: uses over time (institution by time, amount as the
 * size of the dot, uses named by a finding in red) and the places on a longitude/latitude
 * grid with the order of use drawn between them and impossible journeys in red. A value/value
 * grid, not a map: no tiles and no GeoJSON to load. Loaded lazily with only the ECharts parts
 * it uses.
 */
import { useMemo, useState } from 'react';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { LinesChart, ScatterChart, type LinesSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CardFinding, CardUse } from '../../api/cards';
import { formatDateTime } from '../../lib/format';
import { formatFen } from '../../lib/money';
import './cards.i18n';

echarts.use([ScatterChart, LinesChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<ScatterSeriesOption | LinesSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

const BLUE = '#1554ad';
const RED = '#cf1322';
const GREY = '#8c8c8c';

/** Dot size by amount: the square root, so that twenty times the money is not twenty times the dot. */
const sizeOf = (fen: number) => Math.min(40, 6 + Math.sqrt(Math.max(0, fen) / 100) * 0.9);

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Props {
  uses: CardUse[];
  flags: CardFinding[];
  /** The finding under review: its uses and journey are drawn on top. */
  focusFlagId?: number | undefined;
}

export default function CardTrajectoryCharts({ uses, flags, focusFlagId }: Props) {
  const { t } = useTranslation();
  const [ready, setReady] = useState(0);
  const events = useMemo(() => ({ finished: () => setReady((n) => n + 1) }), []);
  const flagged = useMemo(() => new Set(uses.filter((u) => u.flagIds.length > 0).map((u) => u.id)), [uses]);
  const focused = useMemo(() => new Set(flags.find((f) => f.id === focusFlagId)?.useIds ?? []), [flags, focusFlagId]);
  const byId = useMemo(() => new Map(uses.map((u) => [u.id, u])), [uses]);
  const kindLabel = (k: string) => t(`cards.kinds.${k}`, { defaultValue: k });

  const useTooltip = (u: CardUse) =>
    [
      `<b>${escape(u.institution.name)}</b>`,
      escape(u.institution.regionName),
      `${formatDateTime(u.usedAt)} · ${escape(kindLabel(u.kind))}`,
      `${t('cards.column.amount')}：${formatFen(u.amountFen)}`,
      `${t('cards.column.card')}：${escape(u.cardNumberMasked)} · ${escape(u.reference)}`,
    ].join('<br/>');

  const timeline = useMemo<Option>(() => {
    // Institutions top to bottom by region then name (ECharts draws the first category at the bottom).
    const places = [...new Map(uses.map((u) => [u.institution.code, u.institution])).values()].sort((a, b) => b.region.localeCompare(a.region) || b.name.localeCompare(a.name));
    const point = (u: CardUse) => ({
      value: [u.usedAt, u.institution.name, u.amountFen, u.id],
      symbol: u.kind === 'pharmacy' ? 'diamond' : 'circle',
      symbolSize: sizeOf(u.amountFen),
      itemStyle: { color: flagged.has(u.id) ? RED : BLUE, opacity: flagged.has(u.id) ? 0.95 : 0.6, borderColor: focused.has(u.id) ? '#000' : undefined, borderWidth: focused.has(u.id) ? 2 : 0 },
    });
    return {
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: [t('cards.ordinary'), t('cards.flagged')] },
      tooltip: { trigger: 'item', confine: true, formatter: (p: unknown) => useTooltip(byId.get((p as { value: [string, string, number, number] }).value[3])!) },
      xAxis: {
        type: 'time',
        // A little room either side, so that the first and last dots are drawn whole.
        min: (v: { min: number; max: number }) => v.min - Math.max(v.max - v.min, 3_600_000) * 0.04,
        max: (v: { min: number; max: number }) => v.max + Math.max(v.max - v.min, 3_600_000) * 0.04,
        axisLabel: { hideOverlap: true, formatter: '{MM}-{dd}' },
      },
      yAxis: {
        type: 'category',
        data: places.map((p) => p.name),
        axisLabel: { width: 150, overflow: 'truncate' },
        axisTick: { show: false },
        splitLine: { show: true, lineStyle: { type: 'dashed', opacity: 0.4 } },
      },
      series: [
        { type: 'scatter', name: t('cards.ordinary'), itemStyle: { color: BLUE }, data: uses.filter((u) => !flagged.has(u.id)).map(point) },
        { type: 'scatter', name: t('cards.flagged'), itemStyle: { color: RED }, data: uses.filter((u) => flagged.has(u.id)).map(point), z: 3 },
      ],
    };
    // `useTooltip` and `kindLabel` are rebuilt each render; `t` is what changes with the language.
  }, [uses, flagged, focused, byId, t]);

  const map = useMemo<Option>(() => {
    const places = new Map<string, { inst: CardUse['institution']; count: number; fen: number; flagged: boolean }>();
    for (const u of uses) {
      const p = places.get(u.institution.code) ?? { inst: u.institution, count: 0, fen: 0, flagged: false };
      p.count += 1;
      p.fen += u.amountFen;
      p.flagged ||= flagged.has(u.id);
      places.set(u.institution.code, p);
    }
    const lngs = uses.map((u) => u.institution.longitude);
    const lats = uses.map((u) => u.institution.latitude);
    // Pad the extent so that dots at the edge stay whole; at least 0.1° across.
    const pad = (lo: number, hi: number) => {
      const span = Math.max(hi - lo, 0.1);
      return { min: +(lo - span * 0.12).toFixed(3), max: +(hi + span * 0.12).toFixed(3) };
    };
    const x = pad(Math.min(...lngs), Math.max(...lngs));
    const y = pad(Math.min(...lats), Math.max(...lats));
    const ordered = [...uses].sort((a, b) => a.usedAt.localeCompare(b.usedAt) || a.id - b.id);
    const steps = ordered.slice(1).flatMap((u, i) => {
      const prev = ordered[i]!;
      return prev.institution.code === u.institution.code ? [] : [{ coords: [[prev.institution.longitude, prev.institution.latitude], [u.institution.longitude, u.institution.latitude]], from: prev, to: u }];
    });
    const journeys = flags
      .filter((f) => f.kind === 'card_impossible_travel' && f.useIds.length === 2)
      .map((f) => ({ flag: f, from: byId.get(f.useIds[0]!), to: byId.get(f.useIds[1]!) }))
      .filter((j): j is { flag: CardFinding; from: CardUse; to: CardUse } => Boolean(j.from && j.to));
    const degrees = (v: number, pos: string, neg: string) => `${Math.abs(v).toFixed(2)}°${v >= 0 ? pos : neg}`;
    return {
      grid: { left: 8, right: 24, top: 32, bottom: 28, containLabel: true },
      legend: { top: 0, data: [t('cards.ordinary'), t('cards.flagged'), t('cards.path'), t('cards.impossible')] },
      tooltip: { trigger: 'item', confine: true },
      xAxis: { type: 'value', name: t('cards.longitude'), nameLocation: 'middle', nameGap: 24, ...x, axisLabel: { formatter: (v: number) => degrees(v, 'E', 'W'), hideOverlap: true, showMinLabel: false, showMaxLabel: false }, splitLine: { lineStyle: { opacity: 0.3 } } },
      yAxis: { type: 'value', name: t('cards.latitude'), ...y, axisLabel: { formatter: (v: number) => degrees(v, 'N', 'S'), showMinLabel: false, showMaxLabel: false }, splitLine: { lineStyle: { opacity: 0.3 } } },
      series: [
        {
          type: 'lines',
          name: t('cards.path'),
          coordinateSystem: 'cartesian2d',
          symbol: ['none', 'arrow'],
          symbolSize: 6,
          lineStyle: { color: GREY, width: 1, type: 'dashed', opacity: 0.6, curveness: 0.15 },
          tooltip: { show: false },
          data: steps.map((s) => ({ coords: s.coords })),
          silent: true,
        },
        {
          type: 'lines',
          name: t('cards.impossible'),
          coordinateSystem: 'cartesian2d',
          symbol: ['circle', 'arrow'],
          symbolSize: 9,
          lineStyle: { color: RED, width: 2, opacity: 0.9, curveness: 0.1 },
          z: 4,
          tooltip: {
            formatter: (p: unknown) => {
              const j = journeys[(p as { dataIndex: number }).dataIndex]!;
              const e = j.flag.evidence;
              return `<b>${escape(j.from.institution.name)} → ${escape(j.to.institution.name)}</b><br/>${String(e.distanceKm ?? '')} km · ${String(e.hours ?? '')} h · ${e.speedKmh === null ? '∞' : String(e.speedKmh ?? '')} km/h`;
            },
          },
          data: journeys.map((j) => ({
            coords: [
              [j.from.institution.longitude, j.from.institution.latitude],
              [j.to.institution.longitude, j.to.institution.latitude],
            ],
            lineStyle: { width: j.flag.id === focusFlagId ? 4 : 2 },
          })),
        },
        ...(['ordinary', 'flagged'] as const).map(
          (which): ScatterSeriesOption => ({
            type: 'scatter',
            name: t(`cards.${which}`),
            itemStyle: { color: which === 'flagged' ? RED : BLUE, opacity: 0.85 },
            z: 3,
            label: { show: true, position: 'right', fontSize: 10, color: '#595959', formatter: (p) => (p.data as { name: string }).name },
            labelLayout: { hideOverlap: true },
            tooltip: {
              formatter: (p: unknown) => {
                const d = (p as { data: { name: string; region: string; count: number; fen: number } }).data;
                return `<b>${escape(d.name)}</b><br/>${escape(d.region)}<br/>${t('cards.uses', { count: d.count })} · ${formatFen(d.fen)}`;
              },
            },
            data: [...places.values()]
              .filter((p) => p.flagged === (which === 'flagged'))
              .map((p) => ({ value: [p.inst.longitude, p.inst.latitude], name: p.inst.name, region: p.inst.regionName, count: p.count, fen: p.fen, symbolSize: Math.min(30, 8 + p.count * 2) })),
          }),
        ),
      ],
    };
  }, [uses, flags, flagged, byId, focusFlagId, t]);

  const places = new Set(uses.map((u) => u.institution.code)).size;
  return (
    <Flex vertical gap={12} data-testid="card-trajectory-charts" data-ready={ready >= 2 || undefined}>
      <div>
        <Typography.Text strong>{t('cards.timeline')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
          {t('cards.timelineHint')}
        </Typography.Paragraph>
        <ReactEChartsCore echarts={echarts} option={timeline} notMerge style={{ height: Math.max(200, 80 + places * 30), width: '100%' }} onEvents={events} data-testid="card-timeline" />
      </div>
      <div>
        <Typography.Text strong>{t('cards.places')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
          {t('cards.placesHint')}
        </Typography.Paragraph>
        <ReactEChartsCore echarts={echarts} option={map} notMerge style={{ height: 360, width: '100%' }} onEvents={events} data-testid="card-places" />
      </div>
    </Flex>
  );
}
