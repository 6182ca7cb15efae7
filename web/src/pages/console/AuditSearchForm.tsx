import { Button, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export interface AuditFilters {
  subject?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

interface Values {
  subject?: string;
  actor?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const clean = (v?: string) => v?.trim() || undefined;

export function AuditSearchForm({ onSearch }: { onSearch: (filters: AuditFilters) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const submit = (v: Values) => {
    const [from, to] = v.range ?? [];
    onSearch({
      subject: clean(v.subject),
      actor: clean(v.actor),
      action: clean(v.action),
      from: from ? from.startOf('day').toISOString() : undefined,
      to: to ? to.endOf('day').toISOString() : undefined,
    });
  };
  return (
    <Form form={form} name="audit" layout="inline" onFinish={submit} style={{ rowGap: 12, marginBottom: 16 }}>
      <Form.Item name="subject" label={t('console.audit.subject')}>
        <Input allowClear placeholder={t('console.audit.subjectPlaceholder')} maxLength={64} />
      </Form.Item>
      <Form.Item name="actor" label={t('console.audit.actor')}>
        <Input allowClear placeholder={t('console.audit.actorPlaceholder')} maxLength={64} />
      </Form.Item>
      <Form.Item name="action" label={t('console.audit.action')}>
        <Input allowClear placeholder={t('console.audit.actionPlaceholder')} maxLength={64} />
      </Form.Item>
      <Form.Item name="range" label={t('console.audit.range')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="audit-search">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onSearch({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
