import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreditReason, DishonestyEntry } from '../../../api/credit';
import { formatFen } from '../../../lib/money';

/** One colour per grade, the same in the table, the chips and the chart. */
export const gradeColors: Record<string, string> = { A: '#389e0d', B: '#1554ad', C: '#d48806', D: '#cf1322' };
const statusColors: Record<string, string> = { notified: 'processing', objected: 'warning', listed: 'error', dismissed: 'default', repaired: 'success' };

/** Display names of the credit codes; an unknown code shows as it is. */
export function useCreditLabels() {
  const { t, i18n } = useTranslation();
  const pick = (key: string, fallback: string, values?: Record<string, unknown>) => (i18n.exists(key) ? t(key, values) : fallback);
  return {
    kind: (k: string) => pick(`credit.kinds.${k}`, k),
    status: (s: string) => pick(`credit.statuses.${s}`, s),
    ruleCode: (c: string) => pick(`credit.ruleCodes.${c}`, c),
    reason: (r: CreditReason) => {
      const d = r.detail;
      return pick(`credit.reasonCodes.${r.code}`, r.code, {
        ...d,
        tolerance: `${Number(d.toleranceBp ?? 0) / 100}%`,
        amount: formatFen(Number(d.outstandingFen ?? 0)),
      });
    },
  };
}

export function GradeTag({ grade }: { grade: string }) {
  return (
    <Tag color={gradeColors[grade] ?? 'default'} style={{ margin: 0, minWidth: 28, textAlign: 'center', fontWeight: 600 }} data-testid="credit-grade" data-grade={grade}>
      {grade}
    </Tag>
  );
}

export function EntryStatusTag({ status }: { status: string }) {
  const labels = useCreditLabels();
  return (
    <Tag color={statusColors[status] ?? 'default'} style={{ margin: 0 }} data-testid="credit-entry-status" data-status={status}>
      {labels.status(status)}
    </Tag>
  );
}

export function VersionTag({ version }: { version: number }) {
  const { t } = useTranslation();
  return (
    <Tag style={{ margin: 0 }} data-testid="credit-version" data-version={version}>
      {t('credit.versionN', { version })}
    </Tag>
  );
}

/** The deductions of a rating, one per line, with the points; “no deductions” when there are none. */
export function Reasons({ reasons }: { reasons: CreditReason[] }) {
  const { t } = useTranslation();
  const labels = useCreditLabels();
  if (reasons.length === 0) return <Typography.Text type="secondary">{t('credit.noReasons')}</Typography.Text>;
  return (
    <Flex vertical gap={2} data-testid="credit-reasons">
      {reasons.map((r) => (
        <span key={r.code} style={{ whiteSpace: 'nowrap' }} data-code={r.code}>
          <Typography.Text type="danger" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {r.points}
          </Typography.Text>{' '}
          {labels.reason(r)}
          {r.detail.capped === true && <Typography.Text type="secondary">{t('credit.capped')}</Typography.Text>}
        </span>
      ))}
    </Flex>
  );
}

/** What an entry rests on, in words: the months and the money, and whether the months or the amount crossed the line. */
export function EntryEvidence({ entry }: { entry: DishonestyEntry }) {
  const { t } = useTranslation();
  const e = entry.evidence;
  const months = Number(e.months ?? 0);
  const lines = [
    t('credit.entry.months', { count: months }),
    e.outstandingFen !== undefined ? `${t(entry.partyKind === 'employer' ? 'credit.entry.outstandingEmployer' : 'credit.entry.outstandingPerson')} ${formatFen(Number(e.outstandingFen))}` : null,
    e.drawnFen !== undefined ? `${t('credit.entry.drawn')} ${formatFen(Number(e.drawnFen))}` : null,
    Array.isArray(e.periods) && e.periods.length > 0 ? `${t('credit.entry.periods')} ${(e.periods as string[]).join('、')}` : null,
  ].filter((x): x is string => Boolean(x));
  return (
    <Flex vertical gap={2} data-testid="credit-entry-evidence">
      {lines.map((l) => (
        <span key={l}>{l}</span>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[e.byMonths === true ? t('credit.entry.byMonths') : null, e.byAmount === true ? t('credit.entry.byAmount') : null].filter(Boolean).join(' · ')}
      </Typography.Text>
    </Flex>
  );
}
