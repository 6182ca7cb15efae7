import { useEffect } from 'react';
import { Alert, Button, Descriptions, Flex, Form, Input, Modal, Radio, Result, Select, Skeleton, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { exchangeApi, exchangeKeys, OUTBOUND_QUERY_KINDS, type OutboundQueryKind, type PartnerQuestion, type PartnerQueryResult } from '../../../api/exchange';
import type { BankAccount } from '../../../api/records';
import type { Person } from '../../../api/registry';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useExchangeLabels } from '../../../components/exchange/labels';
import { mono } from '../../../components/exchange/parts';
import { BankStatusTag } from '../../../components/registry/parts';
import { formatDate, formatDateTime } from '../../../lib/format';
import { usePersonRecords } from './useRecords';

/** The `account` choice for a number typed in full rather than one of the registry's accounts. */
const OTHER_ACCOUNT = 'other';

interface AskValues {
  kind: OutboundQueryKind;
  partnerId: string;
  purpose: string;
  /** account_holder: the id of one of the person's accounts, or OTHER_ACCOUNT. */
  account?: string;
  accountNumber?: string;
}

const digitsOnly = (v: string | undefined) => (v ?? '').replace(/\D/g, '').slice(0, 30);

/** The account a bank is asked about: by id (the server reads its number), or the number typed. */
function accountOf(v: AskValues): Pick<PartnerQuestion, 'accountId' | 'accountNumber'> {
  if (v.kind !== 'account_holder') return {};
  if (v.account === OTHER_ACCOUNT) return v.accountNumber ? { accountNumber: v.accountNumber } : {};
  return v.account ? { accountId: v.account } : {};
}

/** The one in use first, then the closed ones, the most recently closed first. */
const byUse = (a: BankAccount, b: BankAccount) => (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1) || (b.closedAt ?? '').localeCompare(a.closedAt ?? '');

/** Masked number, bank, status, and when a closed one was closed. */
function AccountLabel({ account: a }: { account: BankAccount }) {
  return (
    <Flex component="span" gap={8} align="center" wrap>
      <span style={mono}>{a.accountNumberMasked}</span>
      <span>{a.bankName}</span>
      <BankStatusTag status={a.status} />
      {a.closedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDate(a.closedAt)}
        </Typography.Text>
      )}
    </Flex>
  );
}

/**
 * account_holder asks about one account: any of the person's, closed ones included (sent by id,
 * so the number is never unmasked here), or another typed in full. The accounts are read only
 * then (each read is audited); the one in use is chosen to begin with.
 */
function AccountField({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const records = usePersonRecords(personId);
  const form = Form.useFormInstance<AskValues>();
  const choice = Form.useWatch('account', form);
  if (records.isPending) return <Skeleton active paragraph={{ rows: 1 }} />;
  const accounts = [...(records.data?.bankAccounts ?? [])].sort(byUse);
  const initial = accounts.find((a) => a.status === 'active')?.id ?? (accounts.length === 0 ? OTHER_ACCOUNT : undefined);
  return (
    <>
      <ErrorAlert error={records.error} />
      <Form.Item
        name="account"
        label={t('console.person.ask.account')}
        extra={t('console.person.ask.accountHint')}
        initialValue={initial}
        rules={[{ required: true, message: t('console.person.ask.accountRequired') }]}
      >
        <Radio.Group
          options={[
            ...accounts.map((a) => ({ value: a.id, label: <AccountLabel account={a} /> })),
            { value: OTHER_ACCOUNT, label: t('console.person.ask.otherAccount') },
          ]}
          style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          data-testid="ask-account"
        />
      </Form.Item>
      {choice === OTHER_ACCOUNT && (
        <Form.Item
          name="accountNumber"
          label={t('console.person.ask.accountNumber')}
          preserve={false}
          normalize={digitsOnly}
          rules={[{ required: true, pattern: /^\d{12,30}$/, message: t('console.person.bank.accountFormat') }]}
        >
          <Input name="accountNumber" inputMode="numeric" autoComplete="off" maxLength={30} style={mono} data-testid="ask-account-number" />
        </Form.Item>
      )}
    </>
  );
}

/** The partner's answer in words, and where it disagrees with the registry. */
function AnswerView({ result, person }: { result: PartnerQueryResult; person: Person }) {
  const { t } = useTranslation();
  const labels = useExchangeLabels();
  const a = result.answer;
  let text: string;
  let status: 'success' | 'warning' | 'info' = 'info';
  if (!a.found) text = t('console.person.ask.notFound');
  else if (result.kind === 'person_alive') {
    text = a.alive ? t('console.person.ask.alive', { since: formatDate(a.since) }) : t('console.person.ask.dead', { since: formatDate(a.since) });
    status = a.alive ? 'success' : 'warning';
  } else {
    text = a.holder ? t('console.person.ask.holder') : t('console.person.ask.notHolder');
    status = a.holder ? 'success' : 'warning';
  }
  // The registry says one thing, the partner another: worth checking before anyone acts on it.
  const disagrees =
    result.kind === 'person_alive' && a.found && a.alive !== undefined && (a.alive ? person.status === 'deceased' : person.status === 'alive' || (person.diedOn !== null && person.diedOn !== a.since));
  return (
    <div data-testid="ask-answer">
      <Result status={status} title={text} subTitle={`${result.partner.name} · ${labels.queryKind(result.kind)}`} style={{ padding: '16px 0' }} />
      {disagrees && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('console.person.ask.disagrees')} data-testid="ask-disagrees" />}
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'id', label: t('console.exchange.messages.idNumber'), children: <span style={mono}>{result.idNumberMasked}</span> },
          ...(result.accountNumberMasked ? [{ key: 'account', label: t('console.exchange.messages.accountNumber'), children: <span style={mono}>{result.accountNumberMasked}</span> }] : []),
          { key: 'purpose', label: t('console.person.ask.purpose'), children: labels.purpose(result.purpose) },
          { key: 'asked', label: t('console.person.ask.askedAt'), children: formatDateTime(result.askedAt) },
          { key: 'answered', label: t('console.person.ask.answeredAt'), children: formatDateTime(result.answeredAt) },
        ]}
      />
      <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('console.person.ask.recorded')} data-testid="ask-recorded" />
    </div>
  );
}

/**
 * 向合作部门核实: ask a partner department about this person (alive? holder of the account?)
 * for a stated purpose. The question gives the partner the person's ID number, so it is logged
 * and audited, and the person sees it among the accesses to their data.
 */
export function AskPartnerModal({ person, open, onClose }: { person: Person; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useExchangeLabels();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AskValues>();
  const kind = Form.useWatch('kind', form) ?? 'person_alive';
  const partnerId = Form.useWatch('partnerId', form);
  const partners = useQuery({ queryKey: exchangeKeys.partners, queryFn: exchangeApi.partners, enabled: open });
  // Only partners that can be asked this now: active, with a query adapter, and the kind granted.
  const askableFor = (k: string) => (partners.data ?? []).filter((p) => p.status === 'active' && p.adapter && p.queryKinds.includes(k));
  const askable = askableFor(kind);
  const partner = askable.find((p) => p.id === partnerId);
  const run = useMutation({
    mutationFn: (v: AskValues) =>
      exchangeApi.ask({
        partnerId: v.partnerId,
        personId: person.id,
        kind: v.kind,
        purpose: v.purpose,
        ...accountOf(v),
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: exchangeKeys.messages }),
  });
  function close() {
    run.reset();
    form.resetFields();
    onClose();
  }
  /** Picks a partner and, when it was granted only one purpose, that purpose. */
  const choosePartner = (id: string | undefined) => {
    const purposes = (partners.data ?? []).find((p) => p.id === id)?.purposes ?? [];
    form.setFieldsValue({ partnerId: id, purpose: purposes.length === 1 ? purposes[0] : undefined });
  };
  // A change of question or partner makes the later choices stale; a sole candidate is chosen.
  const onValuesChange = (changed: Partial<AskValues>) => {
    if (changed.kind) {
      const candidates = askableFor(changed.kind);
      choosePartner(candidates.length === 1 ? candidates[0]?.id : undefined);
    } else if (changed.partnerId) choosePartner(changed.partnerId);
  };
  const soleId = askable.length === 1 ? askable[0]?.id : undefined;
  useEffect(() => {
    if (open && soleId && !form.getFieldValue('partnerId')) choosePartner(soleId);
    // choosePartner reads the latest partners; soleId is what changes when they arrive.
  }, [open, soleId]);

  return (
    <Modal
      open={open}
      title={t('console.person.ask.title', { name: person.name })}
      onCancel={close}
      destroyOnHidden
      width={600}
      footer={
        run.data ? (
          <Button type="primary" onClick={close} data-testid="ask-close">
            {t('common.close')}
          </Button>
        ) : (
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={run.isPending} disabled={askable.length === 0} onClick={() => form.submit()} data-testid="ask-submit">
              {t('console.person.ask.submit')}
            </Button>
          </>
        )
      }
    >
      {run.data ? (
        <AnswerView result={run.data} person={person} />
      ) : (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('console.person.ask.intro')} />
          <ErrorAlert error={run.error ?? partners.error} />
          <Form<AskValues>
            form={form}
            name="ask-partner"
            layout="vertical"
            initialValues={{ kind: 'person_alive' }}
            onValuesChange={onValuesChange}
            onFinish={run.mutate}
          >
            <Form.Item name="kind" label={t('console.person.ask.question')}>
              <Radio.Group optionType="button" options={OUTBOUND_QUERY_KINDS.map((k) => ({ value: k, label: labels.queryKind(k) }))} data-testid="ask-kind" />
            </Form.Item>
            <Form.Item
              name="partnerId"
              label={t('console.person.ask.partner')}
              rules={[{ required: true, message: t('console.person.ask.partnerRequired') }]}
              extra={!partners.isPending && askable.length === 0 ? t('console.person.ask.noPartner', { kind: labels.queryKind(kind) }) : undefined}
            >
              <Select<string>
                loading={partners.isPending}
                placeholder={t('console.person.ask.partnerPlaceholder')}
                options={askable.map((p) => ({ value: p.id, label: `${p.name} · ${labels.department(p.department)}` }))}
                data-testid="ask-partner"
              />
            </Form.Item>
            <Form.Item name="purpose" label={t('console.person.ask.purpose')} rules={[{ required: true, message: t('console.person.ask.purposeRequired') }]}>
              <Select<string>
                disabled={!partner}
                placeholder={t(partner ? 'console.person.ask.purposePlaceholder' : 'console.person.ask.pickPartnerFirst')}
                options={(partner?.purposes ?? []).map((code) => ({ value: code, label: labels.purpose(code) }))}
                data-testid="ask-purpose"
              />
            </Form.Item>
            {kind === 'account_holder' && <AccountField personId={person.id} />}
          </Form>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
            {t('console.person.ask.recordedBefore')}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
