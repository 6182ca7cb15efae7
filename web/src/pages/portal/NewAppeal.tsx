import { Button, Card, Form, Result, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { appealsApi, type Appeal } from '../../api/appeals';
import type { Me } from '../../api/types';
import { AppealAttachments } from '../../components/appeals/Attachments';
import { AppealFields, appealInitialValues, toNewAppeal, type AppealFormValues } from '../../components/appeals/AppealFields';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIdempotencyKey } from '../../lib/useIdempotencyKey';
import { CitizenGate } from './CitizenGate';
import { myAppealsKey } from './MyAppeals';

function Filed({ appeal, onAnother }: { appeal: Appeal; onAnother: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="success"
      title={t('appeals.form.doneTitle')}
      subTitle={t('appeals.form.doneText')}
      data-testid="appeal-filed"
      extra={[
        <Button type="primary" key="view" onClick={() => navigate(`/portal/appeals/${appeal.id}`)}>
          {t('appeals.form.view')}
        </Button>,
        <Button key="another" onClick={onAnother}>
          {t('appeals.form.another')}
        </Button>,
      ]}
    >
      <div style={{ textAlign: 'center' }}>
        <Typography.Text type="secondary">{t('appeals.fields.trackingNo')}</Typography.Text>
        <Typography.Paragraph style={{ fontSize: 20, margin: '4px 0 0', whiteSpace: 'nowrap' }}>
          <Typography.Text strong copyable={{ text: appeal.trackingNo }} style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>
            <span data-testid="appeal-tracking-no">{appeal.trackingNo}</span>
          </Typography.Text>
        </Typography.Paragraph>
      </div>
      <div style={{ maxWidth: 480, margin: '24px auto 0' }} data-testid="filed-attachments">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('appeals.attachments.afterFiling')}
        </Typography.Paragraph>
        <AppealAttachments appealId={appeal.id} staff={false} canUpload hideEmpty />
      </div>
    </Result>
  );
}

function AppealForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AppealFormValues>();
  const idem = useIdempotencyKey();
  const file = useMutation({
    mutationFn: (v: AppealFormValues) => {
      const body = toNewAppeal(v);
      return appealsApi.file(body, idem.keyFor(body));
    },
    onSuccess: () => {
      idem.reset();
      void queryClient.invalidateQueries({ queryKey: myAppealsKey });
    },
  });

  if (file.data) {
    return (
      <Filed
        appeal={file.data}
        onAnother={() => {
          form.resetFields();
          file.reset();
        }}
      />
    );
  }
  return (
    <>
      <Typography.Paragraph type="secondary">{t('appeals.form.intro')}</Typography.Paragraph>
      <ErrorAlert error={file.error} />
      <Form<AppealFormValues>
        form={form}
        name="appeal"
        layout="vertical"
        requiredMark={false}
        initialValues={appealInitialValues(me.regionCode)}
        onFinish={file.mutate}
        data-testid="appeal-form"
        scrollToFirstError
      >
        <AppealFields />
        <Button type="primary" htmlType="submit" size="large" block loading={file.isPending} data-testid="appeal-submit">
          {t('appeals.form.submit')}
        </Button>
      </Form>
    </>
  );
}

/** /portal/appeals/new: file an appeal; the tracking number is shown once it is in. */
export default function NewAppeal() {
  const { t } = useTranslation();
  return (
    <CitizenGate>
      {(me) => (
        <div style={{ maxWidth: 720, margin: '0 auto' }}>
          <Link to="/portal">
            <ArrowLeftOutlined /> {t('appeals.form.backPortal')}
          </Link>
          <Card style={{ marginTop: 12 }} title={t('appeals.form.title')} styles={{ body: { padding: 16 } }}>
            <AppealForm me={me} />
          </Card>
        </div>
      )}
    </CitizenGate>
  );
}
