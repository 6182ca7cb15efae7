import type { Platform } from '@core/platform.ts';
import type { NotificationsService } from '@modules/notifications';
import type { App } from '@core/http/app.ts';
import { createAppealsService } from './appeals.service.ts';
import { appealsRoutes } from './appeals.routes.ts';
import { kpiRoutes } from './kpi.routes.ts';
import { attachmentRoutes } from './attachments.ts';
import { open311Routes, registerOpen311Client } from './open311.routes.ts';

export type { AppealsService } from './appeals.service.ts';
export { appealKinds, appealStatuses } from './appeals.tables.ts';

/** Supervision runs this often; deadlines are minutes apart at the finest, so a minute is enough. */
const SUPERVISE_EVERY_MS = 60_000;

/**
 * 问政 appeals: intake from every channel, routing to the right level, time limits on the
 * working-day calendar, supervision, public replies and ratings.
 */
export async function createAppealsModule(platform: Platform, deps: { notifications: NotificationsService }) {
  const service = createAppealsService(platform, deps);
  await service.installDefaults();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => service.supervise().catch((error: unknown) => console.error('appeal supervision failed', error));
  return {
    service,
    registerOpen311Client: (name: string, apiKey: string) => registerOpen311Client(platform, name, apiKey),
    routes: (async (app: App) => {
      await app.register(appealsRoutes(platform, service));
      await app.register(kpiRoutes(platform, service));
      await app.register(attachmentRoutes(platform, service));
      await app.register(open311Routes(platform, service), { prefix: '/open311/v2' });
    }) as (app: App) => Promise<void>,
    /** Starts the supervision scheduler; the first run catches up on anything missed while down. */
    start() {
      void tick();
      timer = setInterval(() => void tick(), SUPERVISE_EVERY_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
