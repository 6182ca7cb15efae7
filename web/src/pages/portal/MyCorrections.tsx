import { Alert, App, Button, Card, Col, Empty, Flex, Form, Input, Row, Select, Skeleton, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CORRECTION_FIELDS, type CorrectionField, type CorrectionRequest } from '../../api/corrections';
import { isNotInRegistry, myDataApi, myDataKeys } from '../../api/myData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRegistryLabels } from '../../components/registry/labels';
import { CorrectionStatusTag } from '../../components/registry/parts';
import { formatDate, formatDateTime } from '../../lib/format';
import { useIdempotencyKey } from '../../lib/useIdempotencyKey';
import { NotInRegistry } from './myDataParts';
import { PortalPage } from './PortalNav';

interface Values {
  field: CorrectionField;
  requested: string;
}

function RequestForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useRegistryLabels();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const idem = useIdempotencyKey();
  const file = useMutation({
    mutationFn: (v: Values) => {
      const body = { field: v.field, requested: v.requested.trim() };
      return myDataApi.requestCorrection(body, idem.keyFor(body));
    },
    onSuccess: () => {
      idem.reset();
      form.resetFields();
      void message.success(t('myData.submitted'));
      // The request is also a new entry in the dossier.
      void queryClient.invalidateQueries({ queryKey: myDataKeys.all });
    },
  });
  return (
    <Card size="small" title={t('myData.newCorrection')}>
      <ErrorAlert error={file.error} />
      <Form<Values> form={form} name="my-correction" layout="vertical" requiredMark={false} onFinish={file.mutate} data-testid="correction-form">
        <Form.Item name="field" label={t('myData.field')} rules={[{ required: true, message: t('myData.fieldRequired') }]}>
          <Select<CorrectionField> options={CORRECTION_FIELDS.map((f) => ({ value: f, label: labels.correctionField(f) }))} data-testid="correction-field" />
        </Form.Item>
        <Form.Item name="requested" label={t('myData.requested')} rules={[{ required: true, whitespace: true, message: t('myData.requestedRequired') }]}>
          <Input.TextArea name="requested" maxLength={1000} showCount autoSize={{ minRows: 4, maxRows: 10 }} placeholder={t('myData.requestedPlaceholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={file.isPending} data-testid="correction-submit">
          {t('myData.submitCorrection')}
        </Button>
      </Form>
    </Card>
  );
}

function Request({ request: r }: { request: CorrectionRequest }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  return (
    <Card size="small" data-testid="my-correction" data-status={r.status}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text strong>{labels.correctionField(r.field)}</Typography.Text>
        <CorrectionStatusTag status={r.status} overdue={r.overdue} />
      </Flex>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '6px 0' }} ellipsis={{ rows: 4, expandable: true }}>
        {r.requested}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('myData.filedAt')} {formatDateTime(r.createdAt)}
        {r.status === 'open' && ` · ${t('myData.dueAt')} ${formatDate(r.dueAt)}`}
      </Typography.Text>
      {r.answer ? (
        <Alert
          type={r.status === 'done' ? 'success' : 'warning'}
          style={{ marginTop: 8 }}
          title={`${t('myData.answer')}${r.resolvedAt ? ` · ${formatDateTime(r.resolvedAt)}` : ''}`}
          description={<div style={{ whiteSpace: 'pre-wrap' }} data-testid="correction-answer">{r.answer}</div>}
        />
      ) : (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '6px 0 0' }}>
          {t('myData.awaiting')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function Requests() {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: myDataKeys.corrections, queryFn: myDataApi.corrections });
  return (
    <Card size="small" title={t('myData.myRequests')} data-testid="my-corrections">
      {mine.isPending ? (
        <Skeleton active />
      ) : mine.error ? (
        <ErrorAlert error={mine.error} />
      ) : mine.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myData.noRequests')} />
      ) : (
        <Flex vertical gap={8}>
          {mine.data.map((r) => (
            <Request key={r.id} request={r} />
          ))}
        </Flex>
      )}
    </Card>
  );
}

function Content() {
  // Whether I am in the registry decides between the form and the notice; the list answers that too.
  const mine = useQuery({ queryKey: myDataKeys.corrections, queryFn: myDataApi.corrections });
  if (isNotInRegistry(mine.error)) return <NotInRegistry error={mine.error} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10}>
        <RequestForm />
      </Col>
      <Col xs={24} md={14}>
        <Requests />
      </Col>
    </Row>
  );
}

/** /portal/corrections: ask for my data to be corrected, and read the answers. */
export default function MyCorrections() {
  const { t } = useTranslation();
  return (
    <PortalPage>
      {() => (
        <>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('myData.correctionsTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('myData.correctionsIntro')}</Typography.Paragraph>
          <Content />
        </>
      )}
    </PortalPage>
  );
}
