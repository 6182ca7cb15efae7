import { Empty, Flex, Timeline, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PersonHistoryEntry } from '../../api/registry';
import { formatDateTime } from '../../lib/format';
import { mono, RegionName } from './registryParts';

const colors: Record<string, string> = { registered: 'blue', corrected: 'orange', died: 'gray' };

/** Fields in the order a caseworker reads them; any other field follows under its own name. */
const FIELD_ORDER = ['name', 'householdRegion', 'phone', 'status', 'diedOn'];
const FIELD_LABELS: Record<string, string> = {
  name: 'console.registry.name',
  householdRegion: 'console.registry.householdRegion',
  phone: 'console.registry.phone',
  status: 'console.registry.status',
  diedOn: 'console.registry.diedOn',
};

function Value({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (field === 'householdRegion') return <RegionName code={text} />;
  if (field === 'status') return <>{t(`console.registry.statuses.${text}`, { defaultValue: text })}</>;
  if (field === 'phone') return <span style={mono}>{text}</span>;
  return <>{text}</>;
}

function Changes({ changes }: { changes: PersonHistoryEntry['changes'] }) {
  const { t } = useTranslation();
  const fields = Object.keys(changes).sort((a, b) => {
    const ia = FIELD_ORDER.indexOf(a);
    const ib = FIELD_ORDER.indexOf(b);
    return (ia < 0 ? FIELD_ORDER.length : ia) - (ib < 0 ? FIELD_ORDER.length : ib);
  });
  if (fields.length === 0) return null;
  return (
    <div style={{ marginTop: 4 }} data-testid="history-changes">
      {fields.map((field) => {
        const [before, after] = changes[field] ?? [];
        const labelKey = FIELD_LABELS[field];
        const label = labelKey ? t(labelKey) : field;
        return (
          <Flex key={field} wrap gap={6} align="center" style={{ fontSize: 13 }}>
            <Typography.Text type="secondary">{t('console.registry.fieldLabel', { field: label })}</Typography.Text>
            <Typography.Text delete={before !== null && before !== undefined && before !== ''} type="secondary">
              <Value field={field} value={before} />
            </Typography.Text>
            <ArrowRightOutlined style={{ fontSize: 11, color: '#8c8c8c' }} />
            <Typography.Text>
              <Value field={field} value={after} />
            </Typography.Text>
          </Flex>
        );
      })}
    </div>
  );
}

/** A person's history, newest first: what changed, when (China time), by whom and why. */
export function PersonHistory({ history }: { history: PersonHistoryEntry[] }) {
  const { t } = useTranslation();
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="person-history"
      items={history.map((h, i) => ({
        key: `${h.at}-${i}`,
        color: colors[h.kind] ?? 'gray',
        content: (
          <div data-testid={`history-${h.kind}`}>
            <Flex wrap gap={4} align="center" style={{ columnGap: 8 }}>
              <Typography.Text strong>{t(`console.registry.historyKinds.${h.kind}`, { defaultValue: h.kind })}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(h.at)}
              </Typography.Text>
            </Flex>
            {h.byName && (
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {t('console.registry.by', { name: h.byName })}
              </Typography.Text>
            )}
            <Changes changes={h.changes} />
            {h.reason && (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }} ellipsis={{ rows: 4, expandable: true }}>
                <Typography.Text type="secondary">{t('console.registry.fieldLabel', { field: t('console.registry.reason') })}</Typography.Text>
                {h.reason}
              </Typography.Paragraph>
            )}
          </div>
        ),
      }))}
    />
  );
}
