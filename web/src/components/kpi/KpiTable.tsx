import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Kpi, KpiGroup, KpiGrouping } from '../../api/kpis';
import { FRACTIONS, hours, isRate, METRICS, percent, type MetricKey } from './format';

interface Row extends KpiGroup {
  label: string;
}

const byNumber = (k: MetricKey) => (a: Kpi, b: Kpi) => (a[k] ?? -1) - (b[k] ?? -1);

function Cell({ kpi, metric }: { kpi: Kpi; metric: MetricKey }) {
  if (isRate(metric)) {
    const { n, d } = FRACTIONS[metric](kpi);
    return (
      <div style={{ whiteSpace: 'nowrap' }}>
        <div>{percent(kpi[metric])}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {n}/{d}
        </Typography.Text>
      </div>
    );
  }
  if (metric === 'avgHandlingHours') return <>{hours(kpi.avgHandlingHours)}</>;
  if (metric === 'overdue' && kpi.overdue > 0) return <Typography.Text type="danger">{kpi.overdue}</Typography.Text>;
  return <>{kpi[metric]}</>;
}

/** Every KPI of every group, sortable, with the overall line at the bottom. */
export function KpiTable({
  groups,
  names,
  overall,
  groupBy,
  onPick,
  narrow,
}: {
  groups: KpiGroup[];
  names: string[];
  overall: Kpi;
  groupBy: KpiGrouping;
  onPick?: (group: KpiGroup) => void;
  narrow?: boolean;
}) {
  const { t } = useTranslation();
  const rows: Row[] = groups.map((g, i) => ({ ...g, label: names[i] ?? g.name }));
  const columns: ColumnsType<Row> = [
    {
      title: t(`kpi.groupColumn.${groupBy}`),
      dataIndex: 'label',
      fixed: 'left',
      width: narrow ? 120 : 220,
      sorter: (a, b) => a.label.localeCompare(b.label, 'zh-CN'),
      render: (label: string, row) =>
        onPick ? (
          <Typography.Link
            onClick={(e) => {
              e.stopPropagation();
              onPick(row);
            }}
            title={t('kpi.drill', { name: label })}
            data-testid="kpi-drill"
          >
            {label}
          </Typography.Link>
        ) : (
          label
        ),
    },
    ...METRICS.map((m) => ({
      title: t(`kpi.metrics.${m}`),
      key: m,
      align: 'right' as const,
      sorter: byNumber(m),
      render: (_: unknown, row: Row) => <Cell kpi={row} metric={m} />,
    })),
  ];
  return (
    <Table<Row>
      data-testid="kpi-table"
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      onRow={onPick ? (row) => ({ onClick: () => onPick(row), style: { cursor: 'pointer' } }) : undefined}
      summary={() =>
        rows.length > 1 ? (
          <Table.Summary.Row style={{ fontWeight: 600 }} data-testid="kpi-total">
            <Table.Summary.Cell index={0}>{t('kpi.total')}</Table.Summary.Cell>
            {METRICS.map((m, i) => (
              <Table.Summary.Cell index={i + 1} key={m} align="right">
                <Cell kpi={overall} metric={m} />
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}
