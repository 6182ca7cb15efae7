import { App, Button, Card, Popconfirm, Space, Typography } from 'antd';
import { LogoutOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../../api/console';
import type { StaffMember } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { staffListKey, StaffTable } from './StaffTable';

/** /console/security-admin (security administrator): lift lockouts, end sessions. */
export default function SecurityAdmin() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: staffListKey });

  const unlock = useMutation({
    mutationFn: (m: StaffMember) => consoleApi.unlockStaff(m.id),
    onSuccess: () => {
      void message.success(t('console.securityAdmin.unlocked'));
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (m: StaffMember) => consoleApi.revokeStaffSessions(m.id),
    onSuccess: (r) => {
      void message.success(typeof r?.revoked === 'number' ? t('console.securityAdmin.revokedCount', { n: r.revoked }) : t('console.securityAdmin.revokedDone'));
      refresh();
    },
  });

  const actions = (m: StaffMember) => (
    <Space size={4} wrap>
      <Popconfirm title={t('console.securityAdmin.unlockConfirm', { name: m.displayName })} onConfirm={() => unlock.mutate(m)} disabled={!m.locked}>
        <Button size="small" icon={<UnlockOutlined />} disabled={!m.locked} loading={unlock.isPending && unlock.variables?.id === m.id} data-testid="unlock">
          {t('console.securityAdmin.unlock')}
        </Button>
      </Popconfirm>
      <Popconfirm title={t('console.securityAdmin.revokeAllConfirm', { name: m.displayName })} onConfirm={() => revoke.mutate(m)}>
        <Button size="small" danger icon={<LogoutOutlined />} loading={revoke.isPending && revoke.variables?.id === m.id} data-testid="revoke-sessions">
          {t('console.securityAdmin.revokeAll')}
        </Button>
      </Popconfirm>
    </Space>
  );

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('console.securityAdmin.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('console.securityAdmin.intro')}</Typography.Paragraph>
      <ErrorAlert error={unlock.error ?? revoke.error} />
      <StaffTable actions={actions} />
    </Card>
  );
}
