import { useState } from 'react';
import { Badge, Button, Drawer, Empty, List, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/auth';
import { notificationsApi, notificationsKey, type Notification } from '../api/notifications';
import { formatDateTime } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';

const PAGE_SIZE = 30;

function Bell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: notificationsKey,
    queryFn: () => notificationsApi.list({ page: 1, pageSize: PAGE_SIZE }),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsKey });
  const read = useMutation({ mutationFn: notificationsApi.read, onSettled: refresh });
  const readAll = useMutation({ mutationFn: notificationsApi.readAll, onSettled: refresh });
  const unread = list.data?.unread ?? 0;

  function choose(n: Notification) {
    if (!n.readAt) read.mutate(n.id);
    if (n.link?.startsWith('/')) {
      setOpen(false);
      void navigate(n.link);
    }
  }

  return (
    <>
      <Badge count={unread} size="small" offset={[-4, 4]} data-testid="notifications-badge" data-unread={unread}>
        <Button
          type="text"
          shape="circle"
          icon={<BellOutlined style={{ fontSize: 18 }} />}
          aria-label={unread ? `${t('notifications.bell')} · ${t('notifications.unread', { count: unread })}` : t('notifications.bell')}
          onClick={() => {
            setOpen(true);
            void refresh();
          }}
          data-testid="notifications-bell"
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notifications.title')}
        size={360}
        styles={{ body: { padding: 0 } }}
        extra={
          <Button size="small" disabled={unread === 0} loading={readAll.isPending} onClick={() => readAll.mutate()} data-testid="notifications-read-all">
            {t('notifications.readAll')}
          </Button>
        }
      >
        <ErrorAlert error={list.error ?? read.error ?? readAll.error} style={{ margin: 16 }} />
        <div data-testid="notifications-list">
          {list.data && list.data.items.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} style={{ marginTop: 48 }} />
          ) : (
            <List
              loading={list.isPending}
              dataSource={list.data?.items ?? []}
              renderItem={(n) => (
                <List.Item
                  key={n.id}
                  onClick={() => choose(n)}
                  data-testid="notification-item"
                  data-unread={n.readAt ? undefined : 'true'}
                  style={{ cursor: n.link ? 'pointer' : 'default', padding: '12px 16px', background: n.readAt ? undefined : '#fff7f6' }}
                >
                  <div style={{ minWidth: 0, width: '100%' }}>
                    <Typography.Text strong={!n.readAt} style={{ display: 'block' }}>
                      {!n.readAt && <Badge status="error" style={{ marginInlineEnd: 6 }} />}
                      {n.title}
                    </Typography.Text>
                    <Typography.Text type={n.readAt ? 'secondary' : undefined} strong={!n.readAt} style={{ display: 'block', fontSize: 13 }}>
                      {n.body}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(n.createdAt)}
                    </Typography.Text>
                  </div>
                </List.Item>
              )}
            />
          )}
        </div>
      </Drawer>
    </>
  );
}

/** The citizen's notification bell: unread count, polled every minute; nothing for anyone else. */
export function NotificationBell() {
  const { data: me } = useMe();
  if (me?.kind !== 'citizen') return null;
  return <Bell key={me.id} />;
}
