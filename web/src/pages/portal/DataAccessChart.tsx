/**
 * Accesses per month by channel, as stacked bars. Loaded lazily with only the ECharts parts it
 * uses, so the page does not wait for the chart library.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { ACCESS_CHANNELS, type DataAccessSummary } from '../../api/myData';
import { useRegistryLabels } from '../../components/registry/labels';
import { DISPLAY_TIME_ZONE } from '../../lib/format';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

const COLORS: Record<string, string> = {
  staff_screen: '#1554ad',
  partner_api: '#722ed1',
  batch: '#13a8a8',
  system: '#8c8c8c',
  citizen_portal: '#fa8c16',
};

/** The last `count` months (China time), oldest first, starting at the first with an access. */
function monthsOf(counts: DataAccessSummary['months'], count: number): string[] {
  const now = dayjs().tz(DISPLAY_TIME_ZONE);
  const oldest = counts.reduce((min, c) => (c.month < min ? c.month : min), now.format('YYYY-MM'));
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const m = now.subtract(i, 'month').format('YYYY-MM');
    if (m >= oldest) months.push(m);
  }
  return months;
}

export default function DataAccessChart({ counts: perMonth, months: monthCount }: { counts: DataAccessSummary['months']; months: number }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  // data-ready once ECharts has finished drawing: for tests and screenshots.
  const [ready, setReady] = useState(false);
  const events = useMemo(() => ({ finished: () => setReady(true) }), []);
  const option = useMemo<Option>(() => {
    const months = monthsOf(perMonth, monthCount);
    const counts = new Map<string, number[]>();
    for (const c of perMonth) {
      const i = months.indexOf(c.month);
      if (i < 0) continue;
      const row = counts.get(c.channel) ?? months.map(() => 0);
      row[i] = (row[i] ?? 0) + c.count;
      counts.set(c.channel, row);
    }
    const channels = [...counts.keys()].sort((a, b) => {
      const order = ACCESS_CHANNELS as readonly string[];
      return (order.indexOf(a) < 0 ? 99 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 99 : order.indexOf(b));
    });
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, data: channels.map((c) => labels.channel(c)) },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      xAxis: { type: 'category', data: months, axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1 },
      series: channels.map((c) => ({
        type: 'bar',
        name: labels.channel(c),
        stack: 'accesses',
        barMaxWidth: 32,
        itemStyle: { color: COLORS[c] ?? '#bfbfbf' },
        data: counts.get(c) ?? [],
      })),
    };
    // `labels` is rebuilt each render; `t` is what changes with the language.
  }, [perMonth, monthCount, t]);
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: 240, width: '100%' }}
      onEvents={events}
      data-testid="data-access-chart"
      data-ready={ready || undefined}
    />
  );
}
