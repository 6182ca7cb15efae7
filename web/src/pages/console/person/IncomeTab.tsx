import { useState } from 'react';
import { Button, DatePicker, Form, InputNumber } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../api/registry';
import { recordsApi, type Employment, type IncomeRecord } from '../../../api/records';
import { payerNamesOf, useIncomeColumns } from '../../../components/registry/recordColumns';
import { normalizeCreditCode } from '../../../lib/creditCode';
import { yuanToFen } from '../../../lib/money';
import { CreditCodeInput } from '../EmployerPicker';
import { creditCodeRules } from '../employerRules';
import { todayInChina } from './fields';
import { FormModal } from './FormModal';
import { RecordTable, WithRecords } from './RecordsPane';
import { useRecordChange } from './useRecords';

interface AddValues {
  period: Dayjs;
  payerCreditCode: string;
  /** Yuan as typed, kept as a string so that no fen is lost to floating point. */
  amount: string;
}

/** 登记收入: one month's income from one payer, entered in yuan and sent in integer fen. */
function AddModal({ person, open, onClose }: { person: PersonDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AddValues>();
  const thisMonth = todayInChina().slice(0, 7);
  const birthMonth = person.birthDate.slice(0, 7);
  const run = useRecordChange(
    person.id,
    (v: AddValues, keyFor) => {
      const body = { period: v.period.format('YYYY-MM'), payerCreditCode: normalizeCreditCode(v.payerCreditCode), amountFen: yuanToFen(v.amount) ?? 0 };
      return recordsApi.addIncome(person.id, body, keyFor(body));
    },
    t('console.person.income.added'),
    onClose,
  );
  return (
    <FormModal<AddValues>
      open={open}
      title={t('console.person.income.addTitle', { name: person.name })}
      name="income-add"
      form={form}
      {...run}
      initialValues={{ period: dayjs(`${thisMonth}-01`).subtract(1, 'month') }}
    >
      <Form.Item name="period" label={t('registry.period')} rules={[{ required: true, message: t('console.person.income.periodRequired') }]}>
        <DatePicker
          picker="month"
          style={{ width: 200 }}
          disabledDate={(d) => {
            const month = d.format('YYYY-MM');
            return month > thisMonth || month < birthMonth;
          }}
        />
      </Form.Item>
      <Form.Item name="payerCreditCode" label={t('registry.payer')} validateTrigger="onBlur" rules={creditCodeRules(t, 'console.person.income.payerRequired')}>
        <CreditCodeInput placeholder={t('console.person.income.payerPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="amount"
        label={t('console.person.income.amountYuan')}
        rules={[
          { required: true, message: t('console.person.income.amountRequired') },
          {
            validator: async (_r, value: string | undefined) => {
              if (value !== undefined && value !== null && value !== '' && yuanToFen(value) === null) throw new Error(t('console.person.income.amountFormat'));
            },
          },
        ]}
      >
        <InputNumber<string> stringMode min="0" step="100" precision={2} prefix="¥" style={{ width: 200 }} data-testid="income-amount-input" />
      </Form.Item>
    </FormModal>
  );
}

function IncomePanel({ person, income, employments, canWrite }: { person: PersonDetail; income: IncomeRecord[]; employments: Employment[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const columns = useIncomeColumns(payerNamesOf(employments));
  return (
    <>
      <RecordTable<IncomeRecord>
        rows={income}
        columns={columns}
        empty={t('console.person.income.empty')}
        testId="person-income"
        // The server sends the latest 120 months.
        note={income.length >= 120 ? t('console.person.income.recent', { n: income.length }) : undefined}
        toolbar={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="income-add">
              {t('console.person.income.add')}
            </Button>
          )
        }
      />
      <AddModal person={person} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

/** 收入: month by month and payer, amounts in yuan from integer fen. */
export function IncomeTab({ person, canWrite }: { person: PersonDetail; canWrite: boolean }) {
  return (
    <WithRecords personId={person.id}>
      {(records) => <IncomePanel person={person} income={records.income} employments={records.employments} canWrite={canWrite} />}
    </WithRecords>
  );
}

