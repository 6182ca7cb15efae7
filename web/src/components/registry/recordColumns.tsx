/** Table columns for a person's records, shared by the console drawer and the citizen's dossier. */
import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BankAccount, Card, Employment, Enrolment, IncomeRecord } from '../../api/records';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatFen } from '../../lib/money';
import { useRegistryLabels } from './labels';
import { BankStatusTag, CardStatusTag, EnrolmentStatusTag, mono, RegionName } from './parts';

export function useCardColumns(cards: Card[]): ColumnsType<Card> {
  const { t } = useTranslation();
  const numberOf = new Map(cards.map((c) => [c.id, c.cardNumber]));
  return [
    {
      title: t('registry.cardNumber'),
      dataIndex: 'cardNumber',
      render: (v: string, r) => (
        <Flex vertical>
          <span style={mono} data-testid="card-number">
            {v}
          </span>
          {r.replacesId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('registry.replaces', { number: numberOf.get(r.replacesId) ?? '—' })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: t('registry.issuingBank'), dataIndex: 'issuingBank' },
    { title: t('registry.issuedOn'), dataIndex: 'issuedOn', render: (v: string) => formatDate(v) },
    { title: t('registry.status'), dataIndex: 'status', render: (v: string) => <CardStatusTag status={v} /> },
  ];
}

export function useBankColumns(): ColumnsType<BankAccount> {
  const { t } = useTranslation();
  return [
    { title: t('registry.bankName'), dataIndex: 'bankName' },
    {
      title: t('registry.accountNumber'),
      dataIndex: 'accountNumberMasked',
      render: (v: string, r) => (
        <Flex wrap gap={6} align="center">
          <span style={{ ...mono, whiteSpace: 'nowrap' }} data-testid="bank-account-masked">
            {v}
          </span>
          {r.verifiedAt && (
            <Tooltip title={t('registry.verifiedTip', { by: r.verifiedBy ?? '—', time: formatDateTime(r.verifiedAt) })}>
              <Tag icon={<SafetyCertificateOutlined />} color="blue" style={{ margin: 0 }}>
                {t('registry.verified')}
              </Tag>
            </Tooltip>
          )}
        </Flex>
      ),
    },
    { title: t('registry.status'), dataIndex: 'status', render: (v: string) => <BankStatusTag status={v} /> },
    { title: t('registry.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span title={formatDateTime(v)}>{formatDate(v)}</span> },
    { title: t('registry.closedAt'), dataIndex: 'closedAt', render: (v: string | null) => (v ? <span title={formatDateTime(v)}>{formatDate(v)}</span> : '—') },
  ];
}

/** Payers are known by credit code; `payerNames` (e.g. from the person's employers) adds their names. */
export function useIncomeColumns(payerNames?: Map<string, string>): ColumnsType<IncomeRecord> {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  return [
    { title: t('registry.period'), dataIndex: 'period', render: (v: string) => <span style={mono}>{v}</span> },
    {
      title: t('registry.payer'),
      dataIndex: 'payerCreditCode',
      render: (v: string) => {
        const name = payerNames?.get(v);
        return name ? (
          <Flex vertical>
            <span>{name}</span>
            <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
              {v}
            </Typography.Text>
          </Flex>
        ) : (
          <span style={mono}>{v}</span>
        );
      },
    },
    {
      title: t('registry.amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (v: number) => (
        <span style={{ ...mono, whiteSpace: 'nowrap' }} data-testid="income-amount">
          {formatFen(v)}
        </span>
      ),
    },
    { title: t('registry.source'), dataIndex: 'source', render: (v: string) => labels.incomeSource(v) },
  ];
}

/** Credit code → name of the employers the person worked for: the payers of most income. */
export function payerNamesOf(employments: Employment[]): Map<string, string> {
  return new Map(employments.map((e) => [e.employerCreditCode, e.employerName]));
}

export function useEnrolmentColumns(): ColumnsType<Enrolment> {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  return [
    { title: t('registry.scheme'), dataIndex: 'scheme', render: (v: string) => labels.scheme(v) },
    { title: t('registry.status'), dataIndex: 'status', render: (v: string) => <EnrolmentStatusTag status={v} /> },
    { title: t('registry.region'), dataIndex: 'regionName', render: (v: string, r) => <RegionName code={r.region} fullName={v || undefined} /> },
    { title: t('registry.employer'), dataIndex: 'employerName', render: (v: string | null) => v ?? '—' },
    { title: t('registry.startedOn'), dataIndex: 'startedOn', render: (v: string) => formatDate(v) },
    { title: t('registry.endedOn'), dataIndex: 'endedOn', render: (v: string | null) => formatDate(v) },
  ];
}

export function useEmploymentColumns(): ColumnsType<Employment> {
  const { t } = useTranslation();
  return [
    {
      title: t('registry.employer'),
      dataIndex: 'employerName',
      render: (v: string, r) => (
        <Flex vertical>
          <span>{v}</span>
          <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
            {r.employerCreditCode}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('registry.startedOn'), dataIndex: 'startedOn', render: (v: string) => formatDate(v) },
    {
      title: t('registry.endedOn'),
      dataIndex: 'endedOn',
      render: (v: string | null) =>
        v ? (
          formatDate(v)
        ) : (
          <Tag color="success" style={{ margin: 0 }}>
            {t('registry.current')}
          </Tag>
        ),
    },
  ];
}
