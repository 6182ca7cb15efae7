import type { ReactNode } from 'react';
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';

/**
 * A modal around one form: submit, a spinner while the server works, the server's message on
 * failure. The caller owns the form (to watch fields) and the mutation.
 */
export function FormModal<V extends object>(props: {
  open: boolean;
  title: ReactNode;
  /** The form's name, also the prefix of its field ids. */
  name: string;
  form: FormInstance<V>;
  onClose: () => void;
  onSubmit: (values: V) => void;
  pending: boolean;
  error: unknown;
  intro?: ReactNode;
  warning?: ReactNode;
  initialValues?: Partial<V>;
  okText?: string;
  danger?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      onOk={() => props.form.submit()}
      okText={props.okText ?? t('common.submit')}
      okButtonProps={{ danger: props.danger, 'data-testid': `${props.name}-submit` }}
      confirmLoading={props.pending}
      destroyOnHidden
      width={560}
    >
      {props.intro && <Alert type="info" showIcon title={props.intro} style={{ marginBottom: 16 }} />}
      {props.warning && <Alert type="warning" showIcon title={props.warning} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={props.error} />
      <Form<V> form={props.form} name={props.name} layout="vertical" initialValues={props.initialValues} onFinish={props.onSubmit} data-testid={`${props.name}-form`}>
        {props.children}
      </Form>
    </Modal>
  );
}
