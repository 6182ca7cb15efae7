import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The 6-digit one-time code field: name/id "totp", numeric keyboard, autofocus. */
export function TotpFormItem({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="totp"
      label={label ?? t('login.totpLabel')}
      extra={t('login.totpHint')}
      rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpRequired') }]}
      normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}
    >
      <Input
        id="totp"
        name="totp"
        autoFocus
        size="large"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        placeholder="000000"
        style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', letterSpacing: '0.3em', maxWidth: 220 }}
      />
    </Form.Item>
  );
}
