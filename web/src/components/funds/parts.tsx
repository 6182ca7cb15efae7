import { Tag, Tooltip, Typography } from 'antd';
import { LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isWorking } from '../../api/funds';
import { formatFen } from '../../lib/money';
import { useFundsLabels } from './labels';

const pensionColors: Record<string, string> = { active: 'success', suspended: 'warning', stopped: 'default' };
const runColors: Record<string, string> = { preparing: 'processing', ready: 'blue', paid: 'success' };
const flagColors: Record<string, string> = { open: 'warning', released: 'success', stopped: 'error' };
export const instructionColors: Record<string, string> = { ready: '#1554ad', held: '#faad14', released: '#52c41a', stopped: '#cf1322', sent: '#389e0d' };
/** One colour per kind of finding, the same in the table, the filter and the chart. */
export const flagKindColors: Record<string, string> = {
  deceased: '#595959',
  incarcerated: '#cf1322',
  duplicate_payee: '#d4380d',
  duplicate_identity: '#c41d7f',
  shared_account: '#531dab',
  certification_overdue: '#d48806',
  improbable_age: '#08979c',
  account_unverified: '#1554ad',
  card_impossible_travel: '#7cb305',
  card_frequency: '#389e0d',
  card_amount: '#237804',
  card_after_death: '#434343',
  card_after_lost: '#874d00',
};

/** 发放中 · 暂停发放 · 终止发放, with the reason on hover. */
export function PensionStatusTag({ status, reason }: { status: string; reason?: string | null }) {
  const labels = useFundsLabels();
  const tag = (
    <Tag color={pensionColors[status] ?? 'default'} style={{ margin: 0 }} data-testid="pension-status" data-status={status}>
      {labels.pensionStatus(status)}
    </Tag>
  );
  return reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}

/** A run's step; a spinner while the server still works on it. */
export function RunStatusTag({ status }: { status: string }) {
  const labels = useFundsLabels();
  return (
    <Tag color={runColors[status] ?? 'default'} icon={isWorking(status) ? <LoadingOutlined /> : undefined} style={{ margin: 0 }} data-testid="run-status" data-status={status}>
      {labels.runStatus(status)}
    </Tag>
  );
}

export function FlagStatusTag({ status }: { status: string }) {
  const labels = useFundsLabels();
  return (
    <Tag color={flagColors[status] ?? 'default'} style={{ margin: 0 }} data-testid="flag-status" data-status={status}>
      {labels.flagStatus(status)}
    </Tag>
  );
}

export function FlagKindTag({ kind }: { kind: string }) {
  const labels = useFundsLabels();
  return (
    <Tag color={flagKindColors[kind] ?? 'default'} style={{ margin: 0 }} data-testid="flag-kind" data-kind={kind}>
      {labels.flagKind(kind)}
    </Tag>
  );
}

/** Integer fen as yuan, right where a number is expected; nothing to show is a dash. */
export function Money({ fen, strong, type }: { fen: number | null | undefined; strong?: boolean; type?: 'secondary' | 'danger' | 'warning' | 'success' }) {
  return (
    <Typography.Text strong={strong} type={type} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {formatFen(fen)}
    </Typography.Text>
  );
}

/** "3 笔 · ¥1,234.56", or a dash for none. */
export function CountAmount({ count, fen, type }: { count: number; fen: number; type?: 'secondary' | 'danger' | 'warning' | 'success' }) {
  const { t } = useTranslation();
  if (count === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Typography.Text type={type}>{t('funds.payments', { count })}</Typography.Text>
      <Typography.Text type="secondary"> · </Typography.Text>
      <Money fen={fen} type={type} />
    </span>
  );
}
