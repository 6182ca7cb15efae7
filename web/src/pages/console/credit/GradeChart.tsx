/**
 * How many parties hold each grade (their latest rating): one bar per grade in the grade's
 * colour; clicking a bar filters the table by it. Loaded lazily with only the ECharts parts it uses.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { CREDIT_GRADES, type CreditGrade, type GradeCounts } from '../../../api/credit';
import { gradeColors } from './parts';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export default function GradeChart({ counts, onPick }: { counts: GradeCounts; onPick: (grade: CreditGrade) => void }) {
  const { t } = useTranslation();
  // data-ready once ECharts has finished drawing: for tests and screenshots.
  const [ready, setReady] = useState(false);
  const events = useMemo(
    () => ({
      finished: () => setReady(true),
      click: (p: { dataIndex: number }) => {
        const grade = CREDIT_GRADES[p.dataIndex];
        if (grade) onPick(grade);
      },
    }),
    [onPick],
  );
  const option = useMemo<Option>(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
      xAxis: { type: 'category', data: CREDIT_GRADES.map((g) => t('credit.gradeLabel', { grade: g })), axisTick: { show: false } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t('credit.parties'),
          barMaxWidth: 48,
          cursor: 'pointer',
          label: { show: true, position: 'top', fontSize: 12 },
          data: CREDIT_GRADES.map((g) => ({ value: counts[g], itemStyle: { color: gradeColors[g] } })),
        },
      ],
    }),
    [counts, t],
  );
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 220, width: '100%' }} onEvents={events} data-testid="credit-grade-chart" data-ready={ready || undefined} />;
}
