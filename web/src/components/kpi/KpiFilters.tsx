import { DatePicker, Flex, Segmented, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { chinaToday, KPI_GROUPINGS, type KpiGrouping } from '../../api/kpis';
import { useAppealLabels } from '../appeals/labels';
import type { KpiParams } from './useKpiParams';

export interface RegionPicker {
  /** Defaults to 地区 / Region. */
  label?: string;
  value?: string;
  options: { value: string; label: string }[];
  placeholder: string;
  loading?: boolean;
  onChange: (code: string | undefined) => void;
}

const DAY = 'YYYY-MM-DD';

function usePresets() {
  const { t } = useTranslation();
  const today = dayjs(chinaToday());
  const quarterStart = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
  const lastYear = today.subtract(1, 'year');
  const presets: { key: string; value: [Dayjs, Dayjs] }[] = [
    { key: 'thisMonth', value: [today.startOf('month'), today] },
    { key: 'thisQuarter', value: [quarterStart, today] },
    { key: 'thisYear', value: [today.startOf('year'), today] },
    { key: 'last12Months', value: [today.subtract(1, 'year').add(1, 'day'), today] },
    { key: 'lastYear', value: [lastYear.startOf('year'), lastYear.endOf('year').startOf('day')] },
  ];
  return presets.map((p) => ({ label: t(`kpi.presets.${p.key}`), value: p.value }));
}

function Label({ children }: { children: string }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {children}
    </Typography.Text>
  );
}

/** Period, region, category and grouping. Two single date pickers on a phone, where a range panel does not fit. */
export function KpiFilters({ params, onChange, region, narrow }: { params: KpiParams; onChange: (next: Partial<KpiParams>) => void; region?: RegionPicker; narrow: boolean }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  const presets = usePresets();
  const today = chinaToday();
  const future = (d: Dayjs) => d.format(DAY) > today;
  const from = dayjs(params.from);
  const to = dayjs(params.to);
  const field = { flex: narrow ? '1 1 100%' : '0 1 auto', minWidth: 0 };
  return (
    <Flex wrap gap={12} align="flex-end" data-testid="kpi-filters">
      <Flex vertical gap={4} style={field}>
        <Label>{t('kpi.period')}</Label>
        {narrow ? (
          <Flex gap={8} align="center">
            <DatePicker
              value={from}
              allowClear={false}
              disabledDate={(d) => future(d) || d.isAfter(to, 'day')}
              onChange={(d) => d && onChange({ from: d.format(DAY) })}
              inputReadOnly
              style={{ flex: 1 }}
              aria-label={t('kpi.period')}
            />
            <span>~</span>
            <DatePicker
              value={to}
              allowClear={false}
              disabledDate={(d) => future(d) || d.isBefore(from, 'day')}
              onChange={(d) => d && onChange({ to: d.format(DAY) })}
              inputReadOnly
              style={{ flex: 1 }}
              aria-label={t('kpi.period')}
            />
          </Flex>
        ) : (
          <DatePicker.RangePicker
            value={[from, to]}
            allowClear={false}
            presets={presets}
            disabledDate={future}
            onChange={(range) => {
              const [a, b] = range ?? [];
              if (a && b) onChange({ from: a.format(DAY), to: b.format(DAY) });
            }}
          />
        )}
      </Flex>
      {region && (
        <Flex vertical gap={4} style={{ ...field, flex: narrow ? '1 1 140px' : '0 1 200px' }}>
          <Label>{region.label ?? t('kpi.region')}</Label>
          <Select<string>
            allowClear
            placeholder={region.placeholder}
            value={region.value}
            onChange={(v) => region.onChange(v || undefined)}
            options={region.options}
            loading={region.loading}
            data-testid="kpi-region"
          />
        </Flex>
      )}
      <Flex vertical gap={4} style={{ ...field, flex: narrow ? '1 1 140px' : '0 1 200px' }}>
        <Label>{t('kpi.category')}</Label>
        <Select<string>
          allowClear
          placeholder={t('kpi.allCategories')}
          value={params.category}
          onChange={(category) => onChange({ category: category || undefined })}
          options={labels.categoryOptions}
          data-testid="kpi-category"
        />
      </Flex>
      <Flex vertical gap={4} style={field}>
        <Label>{t('kpi.groupBy')}</Label>
        <Segmented<KpiGrouping>
          block={narrow}
          value={params.groupBy}
          onChange={(groupBy) => onChange({ groupBy })}
          options={KPI_GROUPINGS.map((g) => ({ value: g, label: t(`kpi.groupings.${g}`) }))}
          data-testid="kpi-group-by"
        />
      </Flex>
    </Flex>
  );
}
