import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { notifications } from './notifications.tables.ts';

export interface Notice {
  citizenId: string;
  title: string;
  body: string;
  link?: string | null;
}

/**
 * Delivery beyond the portal (SMS, e-mail). The notification centre is the record; a sender
 * only relays it. Demo and development use the log sender; a deployment plugs in its gateway.
 */
export interface Sender {
  readonly name: string;
  send(notice: Notice): Promise<void>;
}

export function logSender(log: (line: string) => void = (line) => console.log(line)): Sender {
  return {
    name: 'log',
    async send(notice) {
      log(`[notification → citizen ${notice.citizenId}] ${notice.title}: ${notice.body}`);
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

export function createNotificationsService(platform: Platform, sender: Sender) {
  const { database } = platform;
  const outbox: Notice[] = [];

  return {
    /** Records a notice in the caller's transaction; it is relayed once that commits (see flush). */
    async notify(tx: Db, notice: Notice) {
      await tx.insert(notifications).values({ citizenId: notice.citizenId, title: notice.title, body: notice.body, link: notice.link ?? null });
      outbox.push(notice);
    },
    /** Relays queued notices through the sender; failures are logged, the record stays. */
    async flush() {
      for (let notice = outbox.shift(); notice; notice = outbox.shift()) {
        await sender.send(notice).catch((error: unknown) => console.error('notification sender failed', error));
      }
    },
    async list(citizenId: string, page: number, pageSize: number) {
      const where = eq(notifications.citizenId, citizenId);
      const [items, [total], [unread]] = await Promise.all([
        database.db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt)).limit(pageSize).offset((page - 1) * pageSize),
        database.db.select({ n: count() }).from(notifications).where(where),
        database.db.select({ n: count() }).from(notifications).where(and(where, isNull(notifications.readAt))),
      ]);
      return { items, total: total?.n ?? 0, unread: unread?.n ?? 0, page, pageSize };
    },
    async markRead(citizenId: string, id?: string) {
      const where = [eq(notifications.citizenId, citizenId), isNull(notifications.readAt)];
      if (id) where.push(eq(notifications.id, id));
      const rows = await database.db.update(notifications).set({ readAt: new Date() }).where(and(...where)).returning({ id: notifications.id });
      return rows.length;
    },
  };
}
