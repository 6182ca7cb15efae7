import type { Platform } from '@core/platform.ts';
import type { App } from '@core/http/app.ts';
import { createNotificationsService, logSender, type Sender } from './notifications.service.ts';
import { notificationsRoutes } from './notifications.routes.ts';

export type { Notice, Sender, NotificationsService } from './notifications.service.ts';
export { logSender } from './notifications.service.ts';

/** The citizen's notification centre, and relaying notices by SMS or e-mail through a sender. */
export function createNotificationsModule(platform: Platform, sender: Sender = logSender()) {
  const service = createNotificationsService(platform, sender);
  return {
    service,
    routes: notificationsRoutes(platform, service) as (app: App) => Promise<void>,
    start() {},
    stop() {},
  };
}
