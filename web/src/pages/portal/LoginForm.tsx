import { Button, Form, Input } from 'antd';
import { IdcardOutlined, LockOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/auth';
import type { LoginStep } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { idNumberRules, normalizeId } from './idRules';

export function PortalLoginForm({ onStep }: { onStep: (step: LoginStep) => void }) {
  const { t } = useTranslation();
  const login = useMutation({
    mutationFn: (v: { idNumber: string; password: string }) => authApi.citizenLogin(v.idNumber, v.password),
    onSuccess: onStep,
  });
  return (
    <>
      <ErrorAlert error={login.error} />
      <Form layout="vertical" requiredMark={false} onFinish={login.mutate} data-testid="portal-login">
        <Form.Item name="idNumber" label={t('portal.idNumber')} rules={idNumberRules(t)} normalize={normalizeId} validateTrigger="onBlur">
          <Input
            name="idNumber"
            prefix={<IdcardOutlined />}
            size="large"
            autoComplete="username"
            placeholder={t('portal.idNumberPlaceholder')}
            maxLength={18}
          />
        </Form.Item>
        <Form.Item name="password" label={t('portal.password')} rules={[{ required: true, message: t('portal.passwordRequired') }]}>
          <Input.Password name="password" prefix={<LockOutlined />} size="large" autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
          {t('portal.login')}
        </Button>
      </Form>
    </>
  );
}
