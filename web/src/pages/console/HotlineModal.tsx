import { Alert, App, Form, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { appealsApi } from '../../api/appeals';
import { useMe } from '../../api/auth';
import { AppealFields, appealInitialValues, toNewAppeal, type AppealFormValues } from '../../components/appeals/AppealFields';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIdempotencyKey } from '../../lib/useIdempotencyKey';

/** 12333 热线登记: staff file an appeal on a caller's behalf. */
export function HotlineModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AppealFormValues>();
  const idem = useIdempotencyKey();
  const file = useMutation({
    mutationFn: (v: AppealFormValues) => {
      const body = toNewAppeal(v);
      return appealsApi.hotline(body, idem.keyFor(body));
    },
    onSuccess: (appeal) => {
      idem.reset();
      void message.success(t('appeals.staff.hotlineDone', { no: appeal.trackingNo }), 8);
      void queryClient.invalidateQueries({ queryKey: ['appeals'] });
      close();
    },
  });

  function close() {
    file.reset();
    form.resetFields();
    onClose();
  }

  return (
    <Modal
      open={open}
      title={t('appeals.staff.hotlineTitle')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'hotline-submit' }}
      confirmLoading={file.isPending}
      destroyOnHidden
      width={640}
    >
      <Alert type="info" showIcon title={t('appeals.staff.hotlineIntro')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={file.error} />
      <Form<AppealFormValues>
        form={form}
        name="hotline"
        layout="vertical"
        initialValues={{ ...appealInitialValues(me?.department?.regionCode), isPublic: false }}
        onFinish={file.mutate}
        data-testid="hotline-form"
        scrollToFirstError
      >
        <AppealFields withContact />
      </Form>
    </Modal>
  );
}
