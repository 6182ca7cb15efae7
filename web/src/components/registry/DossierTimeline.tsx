import { Empty, Flex, Timeline, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DossierEntry } from '../../api/records';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatFen } from '../../lib/money';
import { useRegistryLabels } from './labels';
import { mono, RegionName } from './parts';

/** What the timeline needs of an entry; the person record's own history has fewer fields. */
export type TimelineEntry = Pick<DossierEntry, 'at' | 'kind' | 'changes' | 'reason' | 'byName'> & Partial<Pick<DossierEntry, 'id' | 'entityKind' | 'byKind'>>;

const colorOf = (kind: string): string => {
  if (kind.startsWith('partner.')) return 'purple';
  if (/(reported_lost|suspended|corrected|filed|verification_failed)$/.test(kind)) return 'orange';
  if (/(cancelled|refused)$/.test(kind)) return 'red';
  if (/(died|ended|closed)$/.test(kind)) return 'gray';
  if (/(issued|started|resumed|recorded|added|verified|done|card\.active)$/.test(kind)) return 'green';
  return 'blue';
};

/** Fields in the order a caseworker reads them; any other field follows under its own name. */
const FIELD_ORDER = ['name', 'householdRegion', 'phone', 'status', 'diedOn', 'scheme', 'employer', 'cardNumber', 'issuingBank', 'account', 'period', 'amountFen', 'payer', 'region', 'startedOn', 'endedOn', 'effective'];
const MONEY = new Set(['amountFen', 'monthly_amount_fen']);
const REGIONS = new Set(['householdRegion', 'region', 'facility_region']);
const DATES = new Set(['diedOn', 'startedOn', 'endedOn', 'effective', 'on']);
const MONO = new Set(['phone', 'idNumber', 'cardNumber', 'account', 'payer', 'spouse_id_number', 'father_id_number', 'mother_id_number', 'school_credit_code', 'hospital_credit_code', 'verifiedBy']);

/** What the entry's free text is: a reason, the citizen's request, the answer to it, or a partner's batch. */
function reasonLabel(h: TimelineEntry): 'reason' | 'requested' | 'answer' | 'source' {
  if (h.byKind === 'partner') return 'source';
  if (h.kind === 'correction_request.filed') return 'requested';
  if (h.kind.startsWith('correction_request.')) return 'answer';
  return 'reason';
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

function Value({ field, value, entry }: { field: string; value: unknown; entry: TimelineEntry }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  if (isEmpty(value)) return <Typography.Text type="secondary">—</Typography.Text>;
  if (MONEY.has(field) && typeof value === 'number') return <>{formatFen(value)}</>;
  if (typeof value === 'boolean') return <>{value ? t('common.yes') : t('common.no')}</>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (REGIONS.has(field) && /^\d{4,12}$/.test(text)) return <RegionName code={text} />;
  if (DATES.has(field)) return <>{formatDate(text)}</>;
  if (field === 'scheme') return <>{labels.scheme(text)}</>;
  if (field === 'field') return <>{labels.correctionField(text)}</>;
  if (field === 'event' || entry.kind.startsWith('partner.')) return <>{labels.factValue(text)}</>;
  if (field === 'status') {
    const byEntity: Record<string, (s: string) => string> = {
      card: labels.cardStatus,
      enrolment: labels.enrolmentStatus,
      bank_account: labels.bankStatus,
      correction_request: labels.correctionStatus,
    };
    const label = byEntity[entry.entityKind ?? ''];
    return <>{label ? label(text) : t(`console.registry.statuses.${text}`, { defaultValue: text })}</>;
  }
  if (MONO.has(field)) return <span style={mono}>{text}</span>;
  return <>{text}</>;
}

function Changes({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  // A field that is empty before and after (e.g. no employer for a resident scheme) says nothing.
  const fields = Object.keys(entry.changes)
    .filter((f) => (entry.changes[f] ?? []).some((v) => !isEmpty(v)))
    .sort((a, b) => {
      const ia = FIELD_ORDER.indexOf(a);
      const ib = FIELD_ORDER.indexOf(b);
      return (ia < 0 ? FIELD_ORDER.length : ia) - (ib < 0 ? FIELD_ORDER.length : ib);
    });
  if (fields.length === 0) return null;
  return (
    <div style={{ marginTop: 4 }} data-testid="history-changes">
      {fields.map((field) => {
        const [before, after] = entry.changes[field] ?? [];
        // A new fact or an unchanged one reads as "field: value"; a change as "before → after".
        const changed = !isEmpty(before) && JSON.stringify(before) !== JSON.stringify(after);
        return (
          <Flex key={field} wrap gap={6} align="center" style={{ fontSize: 13 }}>
            <Typography.Text type="secondary">{t('console.registry.fieldLabel', { field: labels.dossierField(field) })}</Typography.Text>
            {changed && (
              <>
                <Typography.Text delete type="secondary">
                  <Value field={field} value={before} entry={entry} />
                </Typography.Text>
                <ArrowRightOutlined style={{ fontSize: 11, color: '#8c8c8c' }} />
              </>
            )}
            <Typography.Text>
              <Value field={field} value={after} entry={entry} />
            </Typography.Text>
          </Flex>
        );
      })}
    </div>
  );
}

function ByLine({ entry, audience }: { entry: TimelineEntry; audience: 'staff' | 'citizen' }) {
  const { t } = useTranslation();
  const kind = entry.byKind ?? 'staff';
  let text: string | null;
  if (kind === 'staff') text = entry.byName ? t('dossier.by.staff', { name: entry.byName }) : audience === 'citizen' ? t('dossier.by.staffUnnamed') : null;
  else if (kind === 'citizen') text = audience === 'citizen' ? t('dossier.by.self') : t('dossier.by.citizen', { name: entry.byName ?? '' });
  else if (kind === 'partner') text = t('dossier.by.partner', { name: entry.byName ?? '—' });
  else if (kind === 'import') text = t('dossier.by.import', { name: entry.byName ?? '—' });
  else text = entry.byName;
  if (!text) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
      {text}
    </Typography.Text>
  );
}

/**
 * A person's dossier, newest first: what happened to them and their records, when (China
 * time), by whom and why, with each change as before → after.
 */
export function DossierTimeline({
  entries,
  audience = 'staff',
  testId = 'dossier-timeline',
  emptyText,
}: {
  entries: TimelineEntry[];
  audience?: 'staff' | 'citizen';
  testId?: string;
  emptyText?: string;
}) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('dossier.empty')} />;
  return (
    <Timeline
      data-testid={testId}
      items={entries.map((h, i) => ({
        key: h.id ?? `${h.at}-${i}`,
        color: colorOf(h.kind),
        content: (
          <div data-testid={`history-${h.kind}`}>
            <Flex wrap gap={4} align="center" style={{ columnGap: 8 }}>
              <Typography.Text strong>{labels.dossierKind(h.kind)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(h.at)}
              </Typography.Text>
            </Flex>
            <ByLine entry={h} audience={audience} />
            <Changes entry={h} />
            {h.reason && (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }} ellipsis={{ rows: 4, expandable: true }}>
                <Typography.Text type="secondary">
                  {t('console.registry.fieldLabel', { field: t(`dossier.reasonLabels.${reasonLabel(h)}`) })}
                </Typography.Text>
                {h.reason}
              </Typography.Paragraph>
            )}
          </div>
        ),
      }))}
    />
  );
}
