import { useState } from 'react';
import { Button, Divider, Flex, Form, Input, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth';
import type { SecondFactorMethod, WithMe } from '../api/types';
import { ErrorAlert } from './ErrorAlert';
import { TotpFormItem } from './TotpInput';

const preference: SecondFactorMethod[] = ['totp', 'passkey', 'recovery'];

/** Login step 2: one-time code, passkey or recovery code, whichever the server offers. */
export function SecondFactorStep({ methods, onSuccess }: { methods: SecondFactorMethod[]; onSuccess: (result: WithMe) => void }) {
  const { t } = useTranslation();
  const offered = preference.filter((m) => methods.includes(m));
  const [method, setMethod] = useState<SecondFactorMethod>(offered[0] ?? 'totp');

  const verify = useMutation({
    mutationFn: (input: { method: SecondFactorMethod; code?: string }) =>
      input.method === 'totp'
        ? authApi.totp(input.code ?? '')
        : input.method === 'recovery'
          ? authApi.recovery(input.code ?? '')
          : authApi.passkeyLogin(),
    onSuccess,
  });

  const switchTo = (m: SecondFactorMethod) => {
    verify.reset();
    setMethod(m);
  };

  const switchLabels: Record<SecondFactorMethod, string> = {
    totp: t('login.useTotp'),
    passkey: t('login.usePasskey'),
    recovery: t('login.useRecovery'),
  };

  return (
    <div data-testid="second-factor">
      <ErrorAlert error={verify.error} />
      {method === 'totp' && (
        <Form layout="vertical" requiredMark={false} onFinish={(v: { totp: string }) => verify.mutate({ method, code: v.totp })}>
          <TotpFormItem />
          <Button type="primary" htmlType="submit" size="large" block loading={verify.isPending}>
            {t('login.verify')}
          </Button>
        </Form>
      )}
      {method === 'passkey' && (
        <div>
          <Typography.Paragraph type="secondary">{t('login.passkeyHint')}</Typography.Paragraph>
          <Button
            type="primary"
            size="large"
            block
            icon={<KeyOutlined />}
            loading={verify.isPending}
            data-testid="use-passkey"
            onClick={() => verify.mutate({ method: 'passkey' })}
          >
            {t('login.usePasskey')}
          </Button>
        </div>
      )}
      {method === 'recovery' && (
        <Form layout="vertical" requiredMark={false} onFinish={(v: { recoveryCode: string }) => verify.mutate({ method, code: v.recoveryCode.trim() })}>
          <Form.Item
            name="recoveryCode"
            label={t('login.recoveryLabel')}
            extra={t('login.recoveryHint')}
            rules={[{ required: true, whitespace: true, message: t('login.recoveryRequired') }]}
          >
            <Input name="recoveryCode" autoFocus size="large" autoComplete="off" style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={verify.isPending}>
            {t('login.verify')}
          </Button>
        </Form>
      )}
      {offered.length > 1 && (
        <>
          <Divider plain style={{ margin: '20px 0 8px' }} />
          <Flex wrap gap={4} justify="center">
            {offered
              .filter((m) => m !== method)
              .map((m) => (
                <Button key={m} type="link" data-testid={`switch-${m}`} onClick={() => switchTo(m)}>
                  {switchLabels[m]}
                </Button>
              ))}
          </Flex>
        </>
      )}
    </div>
  );
}
