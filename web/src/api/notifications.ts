/** The citizen's notification centre (站内消息). */
import { api } from './client';

export interface Notification {
  id: string;
  title: string;
  body: string;
  /** An in-app path such as /portal/appeals/:id, or null. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}

export const notificationsKey = ['my-notifications'] as const;

export const notificationsApi = {
  list: (query: { page: number; pageSize: number }) => api.get<NotificationPage>('/api/my/notifications', { ...query }),
  read: (id: string) => api.post<{ updated: number }>(`/api/my/notifications/${encodeURIComponent(id)}/read`),
  readAll: () => api.post<{ updated: number }>('/api/my/notifications/read-all'),
};
