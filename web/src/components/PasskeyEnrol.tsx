import { Button, Form, Input, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth';
import type { WithMe } from '../api/types';
import { ErrorAlert } from './ErrorAlert';

/** Registers a passkey through the browser's WebAuthn prompt. */
export function PasskeyEnrol({ onEnrolled }: { onEnrolled: (result: WithMe) => void }) {
  const { t } = useTranslation();
  const enrol = useMutation({ mutationFn: (name?: string) => authApi.passkeyEnrol(name), onSuccess: onEnrolled });
  return (
    <div data-testid="passkey-enrol">
      <Typography.Paragraph type="secondary">{t('enrol.passkey.desc')}</Typography.Paragraph>
      <ErrorAlert error={enrol.error} />
      <Form layout="vertical" onFinish={(v: { passkeyName?: string }) => enrol.mutate(v.passkeyName?.trim() || undefined)}>
        <Form.Item name="passkeyName" label={t('enrol.passkey.nameLabel')}>
          <Input maxLength={60} placeholder={t('enrol.passkey.namePlaceholder')} style={{ maxWidth: 320 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<KeyOutlined />} loading={enrol.isPending}>
          {t('enrol.passkey.create')}
        </Button>
      </Form>
    </div>
  );
}
