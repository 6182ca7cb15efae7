import type { Platform } from '@core/platform.ts';
import type { App } from '@core/http/app.ts';
import { createRegistryService } from './registry.service.ts';
import { registryRoutes } from './registry.routes.ts';

export type { RegistryService } from './registry.service.ts';

/** The person registry: the master record of everyone the bureau serves. */
export function createRegistryModule(platform: Platform) {
  const service = createRegistryService(platform);
  return {
    service,
    routes: registryRoutes(platform, service) as (app: App) => Promise<void>,
    start() {},
    stop() {},
  };
}
