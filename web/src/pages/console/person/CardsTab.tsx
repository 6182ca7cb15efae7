import { useState } from 'react';
import { Button, Form, Input } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../api/registry';
import { recordsApi, type Card, type CardStatusChange } from '../../../api/records';
import { useCardColumns } from '../../../components/registry/recordColumns';
import { mono } from '../../../components/registry/parts';
import { BankNameInput } from './BankNameInput';
import { dayOf, DayField, ReasonField, todayInChina, todayValue } from './fields';
import { FormModal } from './FormModal';
import { RecordTable, RowActions, WithRecords } from './RecordsPane';
import { useRecordChange } from './useRecords';

type Open = { kind: 'issue' } | { kind: 'status'; card: Card; status: CardStatusChange } | { kind: 'replace'; card: Card } | null;

/** A card number: one capital letter and eight digits. */
const CARD_NUMBER = /^[A-Z]\d{8}$/;
const normalizeCardNumber = (v: string | undefined) => (v ?? '').replace(/\s/g, '').toUpperCase().slice(0, 9);

function CardNumberField({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name="cardNumber" label={label} normalize={normalizeCardNumber} rules={[{ required: true, pattern: CARD_NUMBER, message: t('console.person.cards.cardNumberFormat') }]}>
      <Input name="cardNumber" maxLength={9} autoComplete="off" style={mono} placeholder="A12345678" />
    </Form.Item>
  );
}

function BankField() {
  const { t } = useTranslation();
  return (
    <Form.Item name="issuingBank" label={t('registry.issuingBank')} rules={[{ required: true, whitespace: true, min: 2, message: t('console.person.cards.bankRequired') }]}>
      <BankNameInput />
    </Form.Item>
  );
}

interface IssueValues {
  cardNumber: string;
  issuingBank: string;
  issuedOn: Dayjs;
}

function IssueModal({ person, open, onClose }: { person: PersonDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<IssueValues>();
  const run = useRecordChange(
    person.id,
    (v: IssueValues, keyFor) => {
      const body = { cardNumber: v.cardNumber, issuingBank: v.issuingBank.trim(), issuedOn: dayOf(v.issuedOn) };
      return recordsApi.issueCard(person.id, body, keyFor(body));
    },
    t('console.person.cards.issued'),
    onClose,
  );
  return (
    <FormModal<IssueValues>
      open={open}
      title={t('console.person.cards.issueTitle', { name: person.name })}
      name="card-issue"
      form={form}
      {...run}
      initialValues={{ issuedOn: todayValue() }}
    >
      <CardNumberField label={t('registry.cardNumber')} />
      <BankField />
      <DayField name="issuedOn" label={t('registry.issuedOn')} min={person.birthDate} max={todayInChina()} />
    </FormModal>
  );
}

const statusTitles: Record<CardStatusChange, string> = {
  reported_lost: 'console.person.cards.reportLostTitle',
  active: 'console.person.cards.foundTitle',
  cancelled: 'console.person.cards.cancelTitle',
};

/** 挂失 · 解挂 · 注销, each with a reason. */
function StatusModal({ person, card, status, onClose }: { person: PersonDetail; card: Card | null; status: CardStatusChange; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const run = useRecordChange(
    person.id,
    (v: { reason: string }) => recordsApi.changeCardStatus(person.id, card?.id ?? '', { status, reason: v.reason.trim() }),
    t('console.person.cards.changed'),
    onClose,
  );
  return (
    <FormModal<{ reason: string }>
      open={!!card}
      title={t(statusTitles[status], { number: card?.cardNumber ?? '' })}
      name="card-status"
      form={form}
      {...run}
      warning={status === 'cancelled' ? t('console.person.cards.cancelHint') : undefined}
      danger={status === 'cancelled'}
    >
      <ReasonField />
    </FormModal>
  );
}

interface ReplaceValues extends IssueValues {
  reason: string;
}

/** 补换卡: a new card number; the old card is marked replaced. */
function ReplaceModal({ person, card, onClose }: { person: PersonDetail; card: Card | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReplaceValues>();
  const run = useRecordChange(
    person.id,
    (v: ReplaceValues, keyFor) => {
      const body = { cardNumber: v.cardNumber, issuingBank: v.issuingBank.trim(), issuedOn: dayOf(v.issuedOn), reason: v.reason.trim() };
      return recordsApi.replaceCard(person.id, card?.id ?? '', body, keyFor(body));
    },
    t('console.person.cards.replaced'),
    onClose,
  );
  return (
    <FormModal<ReplaceValues>
      open={!!card}
      title={t('console.person.cards.replaceTitle', { number: card?.cardNumber ?? '' })}
      name="card-replace"
      form={form}
      {...run}
      intro={t('console.person.cards.replaceHint')}
      initialValues={{ issuingBank: card?.issuingBank, issuedOn: todayValue() }}
    >
      <CardNumberField label={t('console.person.cards.newCardNumber')} />
      <BankField />
      <DayField name="issuedOn" label={t('registry.issuedOn')} min={person.birthDate} max={todayInChina()} />
      <ReasonField />
    </FormModal>
  );
}

function CardsPanel({ person, cards, canWrite }: { person: PersonDetail; cards: Card[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const inUse = cards.some((c) => c.status === 'active' || c.status === 'reported_lost');
  const columns: ColumnsType<Card> = [...useCardColumns(cards)];
  const link = { type: 'link' as const, size: 'small' as const, style: { padding: 0 } };
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, c) =>
        c.status === 'active' || c.status === 'reported_lost' ? (
          <RowActions>
            {c.status === 'active' ? (
              <Button {...link} onClick={() => setOpen({ kind: 'status', card: c, status: 'reported_lost' })} data-testid="card-report-lost">
                {t('console.person.cards.reportLost')}
              </Button>
            ) : (
              <Button {...link} onClick={() => setOpen({ kind: 'status', card: c, status: 'active' })} data-testid="card-found">
                {t('console.person.cards.found')}
              </Button>
            )}
            <Button {...link} onClick={() => setOpen({ kind: 'replace', card: c })} data-testid="card-replace">
              {t('console.person.cards.replace')}
            </Button>
            <Button {...link} danger onClick={() => setOpen({ kind: 'status', card: c, status: 'cancelled' })} data-testid="card-cancel">
              {t('console.person.cards.cancel')}
            </Button>
          </RowActions>
        ) : null,
    });
  }
  const canIssue = canWrite && !inUse && person.status === 'alive';
  return (
    <>
      <RecordTable<Card>
        rows={cards}
        columns={columns}
        empty={t('console.person.cards.empty')}
        testId="person-cards"
        note={canWrite && inUse ? t('console.person.cards.oneInUse') : undefined}
        toolbar={
          canIssue && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'issue' })} data-testid="card-issue">
              {t('console.person.cards.issue')}
            </Button>
          )
        }
      />
      <IssueModal person={person} open={open?.kind === 'issue'} onClose={close} />
      <StatusModal person={person} card={open?.kind === 'status' ? open.card : null} status={open?.kind === 'status' ? open.status : 'reported_lost'} onClose={close} />
      <ReplaceModal person={person} card={open?.kind === 'replace' ? open.card : null} onClose={close} />
    </>
  );
}

/** 社保卡: the person's cards with their status; issue, report lost, found again, cancel, replace. */
export function CardsTab({ person, canWrite }: { person: PersonDetail; canWrite: boolean }) {
  return <WithRecords personId={person.id}>{(records) => <CardsPanel person={person} cards={records.cards} canWrite={canWrite} />}</WithRecords>;
}
