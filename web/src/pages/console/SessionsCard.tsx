import { App, Button, Card, Popconfirm, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { authApi, forgetSession } from '../../api/auth';
import type { Session } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { describeUserAgent, formatDateTime } from '../../lib/format';

/** My active sessions, each revocable. Revoking the current one logs me out. */
export function SessionsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: authApi.sessions });
  const revoke = useMutation({
    mutationFn: (s: Session) => authApi.revokeSession(s.id),
    onSuccess: (_r, s) => {
      void message.success(t('console.security.revoked'));
      if (s.current) {
        forgetSession(queryClient);
        void navigate('/login', { replace: true });
      } else void sessions.refetch();
    },
  });

  return (
    <Card title={t('console.security.sessions')}>
      <ErrorAlert error={sessions.error ?? revoke.error} />
      <Table<Session>
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={sessions.isPending}
        dataSource={sessions.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('console.security.device'),
            dataIndex: 'userAgent',
            render: (v: string | null, r) => (
              <>
                <span title={v ?? undefined}>{describeUserAgent(v)}</span>{' '}
                {r.current && <Tag color="blue">{t('console.security.current')}</Tag>}
              </>
            ),
          },
          { title: t('console.security.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          { title: t('console.security.sessionCreated'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('console.security.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => (
              <Popconfirm title={t('console.security.revokeConfirm')} onConfirm={() => revoke.mutate(r)}>
                <Button size="small" danger loading={revoke.isPending && revoke.variables?.id === r.id}>
                  {t('console.security.revoke')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}
