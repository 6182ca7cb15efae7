import { Button, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/auth';
import type { WithMe } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { idNumberRules, normalizeId } from './idRules';

interface Values {
  idNumber: string;
  name: string;
  password: string;
  confirm: string;
  phone?: string;
}

export function PortalSignupForm({ onDone }: { onDone: (result: WithMe) => void }) {
  const { t } = useTranslation();
  const signup = useMutation({
    mutationFn: (v: Values) =>
      authApi.citizenSignup({ idNumber: v.idNumber, name: v.name.trim(), password: v.password, ...(v.phone ? { phone: v.phone } : {}) }),
    onSuccess: onDone,
  });
  return (
    <>
      <ErrorAlert error={signup.error} />
      <Form name="signup" layout="vertical" requiredMark="optional" onFinish={signup.mutate} data-testid="portal-signup">
        <Form.Item name="idNumber" label={t('portal.idNumber')} rules={idNumberRules(t)} normalize={normalizeId} validateTrigger="onBlur">
          <Input size="large" autoComplete="username" placeholder={t('portal.idNumberPlaceholder')} maxLength={18} />
        </Form.Item>
        <Form.Item name="name" label={t('portal.name')} rules={[{ required: true, whitespace: true, message: t('portal.nameRequired') }]}>
          <Input size="large" autoComplete="name" maxLength={50} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('portal.password')}
          extra={t('portal.passwordRule')}
          rules={[
            { required: true, message: t('portal.passwordRequired') },
            { min: 10, pattern: /^(?=.*[A-Za-z])(?=.*\d).+$/, message: t('portal.passwordRule') },
          ]}
        >
          <Input.Password size="large" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('portal.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('portal.passwordRequired') },
            ({ getFieldValue }) => ({
              validator: async (_r, value: string) => {
                if (value && value !== getFieldValue('password')) throw new Error(t('portal.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password size="large" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('portal.phone')}
          rules={[{ pattern: /^1\d{10}$/, message: t('portal.phoneFormat') }]}
          normalize={(v: string) => v.replace(/\D/g, '').slice(0, 11)}
        >
          <Input size="large" inputMode="tel" autoComplete="tel" maxLength={11} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={signup.isPending}>
          {t('portal.signup')}
        </Button>
      </Form>
    </>
  );
}
