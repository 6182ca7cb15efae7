import { useState } from 'react';
import { Button, Form, Input } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../api/registry';
import { recordsApi, type BankAccount } from '../../../api/records';
import { useBankColumns } from '../../../components/registry/recordColumns';
import { mono } from '../../../components/registry/parts';
import { UnmaskModal } from '../UnmaskModal';
import { BankNameInput } from './BankNameInput';
import { ReasonField } from './fields';
import { FormModal } from './FormModal';
import { RecordTable, RowActions, WithRecords } from './RecordsPane';
import { useRecordChange } from './useRecords';

type Open = { kind: 'add' } | { kind: 'close'; account: BankAccount } | { kind: 'unmask'; account: BankAccount } | null;

interface AddValues {
  bankName: string;
  accountNumber: string;
  reason?: string;
}

const digitsOnly = (v: string | undefined) => (v ?? '').replace(/\D/g, '').slice(0, 30);

/** 设置新账户: the account benefits are paid into; the one in use is closed in the same step. */
function AddModal({ person, current, open, onClose }: { person: PersonDetail; current: BankAccount | undefined; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AddValues>();
  const run = useRecordChange(
    person.id,
    (v: AddValues, keyFor) => {
      const reason = v.reason?.trim();
      const body = { bankName: v.bankName.trim(), accountNumber: v.accountNumber, ...(reason ? { reason } : {}) };
      return recordsApi.addBankAccount(person.id, body, keyFor(body));
    },
    t('console.person.bank.added'),
    onClose,
  );
  return (
    <FormModal<AddValues>
      open={open}
      title={t('console.person.bank.setNewTitle', { name: person.name })}
      name="bank-add"
      form={form}
      {...run}
      intro={t('console.person.bank.setNewHint')}
      warning={current ? t('console.person.bank.replacesCurrent', { account: `${current.bankName} ${current.accountNumberMasked}` }) : undefined}
    >
      <Form.Item name="bankName" label={t('registry.bankName')} rules={[{ required: true, whitespace: true, min: 2, message: t('console.person.bank.bankRequired') }]}>
        <BankNameInput />
      </Form.Item>
      <Form.Item
        name="accountNumber"
        label={t('registry.accountNumber')}
        normalize={digitsOnly}
        rules={[{ required: true, pattern: /^\d{12,30}$/, message: t('console.person.bank.accountFormat') }]}
      >
        <Input name="accountNumber" inputMode="numeric" autoComplete="off" maxLength={30} style={mono} />
      </Form.Item>
      <ReasonField optional label={t('console.person.bank.reasonOptional')} />
    </FormModal>
  );
}

function CloseModal({ person, account, onClose }: { person: PersonDetail; account: BankAccount | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const run = useRecordChange(
    person.id,
    (v: { reason: string }) => recordsApi.closeBankAccount(person.id, account?.id ?? '', { reason: v.reason.trim() }),
    t('console.person.bank.closed'),
    onClose,
  );
  return (
    <FormModal<{ reason: string }>
      open={!!account}
      title={t('console.person.bank.closeTitle', { account: account?.accountNumberMasked ?? '' })}
      name="bank-close"
      form={form}
      {...run}
      warning={t('console.person.bank.closeHint')}
      danger
    >
      <ReasonField />
    </FormModal>
  );
}

function BankPanel({ person, accounts, canWrite }: { person: PersonDetail; accounts: BankAccount[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const current = accounts.find((a) => a.status === 'active');
  const columns: ColumnsType<BankAccount> = [...useBankColumns()];
  const link = { type: 'link' as const, size: 'small' as const, style: { padding: 0 } };
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, a) => (
        <RowActions>
          <Button {...link} icon={<EyeOutlined />} onClick={() => setOpen({ kind: 'unmask', account: a })} data-testid="bank-unmask">
            {t('console.person.bank.unmask')}
          </Button>
          {a.status === 'active' && (
            <Button {...link} danger onClick={() => setOpen({ kind: 'close', account: a })} data-testid="bank-close">
              {t('console.person.bank.close')}
            </Button>
          )}
        </RowActions>
      ),
    });
  }
  const unmasking = open?.kind === 'unmask' ? open.account : null;
  return (
    <>
      <RecordTable<BankAccount>
        rows={accounts}
        columns={columns}
        empty={t('console.person.bank.empty')}
        testId="person-bank-accounts"
        toolbar={
          canWrite &&
          person.status === 'alive' && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'add' })} data-testid="bank-add">
              {t('console.person.bank.setNew')}
            </Button>
          )
        }
      />
      <AddModal person={person} current={current} open={open?.kind === 'add'} onClose={close} />
      <CloseModal person={person} account={open?.kind === 'close' ? open.account : null} onClose={close} />
      <UnmaskModal<{ accountNumber: string }>
        subject={unmasking ? { id: unmasking.id, name: person.name } : null}
        unmask={(accountId, purpose, note) => recordsApi.unmaskBankAccount(person.id, accountId, purpose, note)}
        onClose={close}
        title={t('console.person.bank.unmaskTitle', { name: person.name, bank: unmasking?.bankName ?? '' })}
        intro={t('console.person.bank.unmaskIntro')}
        recorded={t('console.person.bank.unmaskRecorded')}
        show={(r) => [
          { key: 'bank', label: t('registry.bankName'), children: unmasking?.bankName ?? '—' },
          { key: 'account', label: t('console.person.bank.fullNumber'), children: <span style={mono}>{r.accountNumber}</span> },
        ]}
      />
    </>
  );
}

/** 银行账户: masked; the full number only for a stated purpose; set a new one, close one. */
export function BankTab({ person, canWrite }: { person: PersonDetail; canWrite: boolean }) {
  return <WithRecords personId={person.id}>{(records) => <BankPanel person={person} accounts={records.bankAccounts} canWrite={canWrite} />}</WithRecords>;
}
