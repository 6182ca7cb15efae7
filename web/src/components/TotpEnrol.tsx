import { Button, Flex, Form, QRCode, Skeleton, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth';
import type { WithMe } from '../api/types';
import { ErrorAlert } from './ErrorAlert';
import { TotpFormItem } from './TotpInput';

/** Authenticator-app set-up: QR code and secret, then one code to confirm. */
export function TotpEnrol({ onEnrolled }: { onEnrolled: (result: WithMe) => void }) {
  const { t } = useTranslation();
  // A query (not an effect) so that a double mount starts the set-up only once.
  const start = useQuery({
    queryKey: ['enrol', 'totp'],
    queryFn: authApi.totpStart,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const confirm = useMutation({ mutationFn: (code: string) => authApi.totpConfirm(code), onSuccess: onEnrolled });

  if (start.isPending) return <Skeleton active />;
  if (start.isError) return <ErrorAlert error={start.error} />;
  const { secret, otpauthUrl } = start.data;

  return (
    <div data-testid="totp-enrol">
      <Typography.Paragraph strong>{t('enrol.totp.scan')}</Typography.Paragraph>
      <Flex gap={16} wrap align="center" style={{ marginBottom: 16 }}>
        <QRCode value={otpauthUrl} size={180} bordered />
        <div style={{ minWidth: 0, flex: '1 1 200px' }}>
          <Typography.Text type="secondary">{t('enrol.totp.manual')}</Typography.Text>
          <Typography.Paragraph
            copyable
            data-testid="totp-secret"
            style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 15, wordBreak: 'break-all', marginTop: 4 }}
          >
            {secret}
          </Typography.Paragraph>
        </div>
      </Flex>
      <ErrorAlert error={confirm.error} />
      <Form layout="vertical" onFinish={(v: { totp: string }) => confirm.mutate(v.totp)} requiredMark={false}>
        <TotpFormItem label={t('enrol.totp.confirmLabel')} />
        <Button type="primary" htmlType="submit" loading={confirm.isPending}>
          {t('enrol.totp.confirm')}
        </Button>
      </Form>
    </div>
  );
}
