import { DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { DISPLAY_TIME_ZONE } from '../../../lib/format';

/** Today's date in China, where the records are kept. */
export const todayInChina = () => dayjs().tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD');
export const dayOf = (d: Dayjs) => d.format('YYYY-MM-DD');
export const todayValue = () => dayjs(todayInChina());

/** A date between `min` and `max` (YYYY-MM-DD, inclusive), as the server checks them. */
export function DayField({ name, label, min, max, testId }: { name: string; label: string; min?: string; max?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('console.person.dateRequired') }]}>
      <DatePicker
        style={{ width: 200 }}
        disabledDate={(d) => {
          const day = dayOf(d);
          return (min !== undefined && day < min) || (max !== undefined && day > max);
        }}
        data-testid={testId}
      />
    </Form.Item>
  );
}

/** The reason every change to a person's records carries into the dossier. */
export function ReasonField({ optional, label }: { optional?: boolean; label?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="reason"
      label={label ?? t('console.registry.reason')}
      rules={optional ? [] : [{ required: true, whitespace: true, message: t('console.registry.reasonRequired') }]}
    >
      <Input.TextArea name="reason" maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('console.person.reasonPlaceholder')} data-testid="record-reason" />
    </Form.Item>
  );
}
