import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '@core/config/config.ts';
import type { Database } from '@core/db/client.ts';
import { buildApp, type App } from '@core/http/app.ts';
import { coreRoutes, createPlatform, type Platform } from '@core/platform.ts';
import { controlRoutes } from '@core/http/control.routes.ts';
import { purgeIdempotencyKeys } from '@core/http/idempotency.ts';
import { createAppealsModule } from '@modules/appeals';
import { createNotificationsModule, logSender } from '@modules/notifications';
import { createPartnerRecords, createRegistryModule } from '@modules/registry';
import { createExchangeModule } from '@modules/exchange';
import { createFundsModule } from '@modules/funds';
import { createIntegrityModule } from '@modules/integrity';
import { holdPaymentsOnPartnerRecords } from './workflows/hold-payments-on-partner-records.ts';
import * as schema from './schema.ts';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

export interface Minsheng {
  platform: Platform;
  modules: {
    notifications: ReturnType<typeof createNotificationsModule>;
    appeals: Awaited<ReturnType<typeof createAppealsModule>>;
    registry: ReturnType<typeof createRegistryModule>;
    exchange: ReturnType<typeof createExchangeModule>;
    funds: ReturnType<typeof createFundsModule>;
    integrity: ReturnType<typeof createIntegrityModule>;
  };
  app: App;
  /** Token of the loopback control channel (CLI commands while the server runs). */
  controlToken: string;
  close(): Promise<void>;
}

/**
 * Composes the product: the core platform, then each domain module's routes. Modules are
 * added here as they arrive; the core never imports them.
 */
export async function createMinsheng(
  config: Config,
  options: { database?: Database; serveWeb?: boolean; schedulers?: boolean } = {},
): Promise<Minsheng> {
  const platform = await createPlatform(config, options.database);
  // Demo and development relay notices to the log; a deployment passes its SMS/e-mail sender.
  const notifications = createNotificationsModule(platform, logSender((line) => platform.config.env !== 'test' && console.log(line)));
  const appeals = await createAppealsModule(platform, { notifications: notifications.service });
  const registry = createRegistryModule(platform);
  // Funds and integrity need each other (a run is screened; a review settles held payments):
  // each gets the other through a function called only after both exist.
  const funds = createFundsModule(platform, {
    registry: registry.reader,
    screen: (tx, run) => integrity.screenRun(tx, run),
    // A question about money is an appeal, filed through the appeals module's intake.
    fileQuestion: (input, filer) => appeals.service.file(input, filer),
  });
  const integrity = createIntegrityModule(platform, {
    registry: registry.reader,
    onDecided: (tx, personId, decision) => funds.payroll.settle(tx, personId, decision),
    recovered: (region, month) => funds.payroll.recoveredFen(region, month),
    // The credit system reads contributions and recovery orders through the funds, and tells citizens in the portal.
    creditFacts: funds.creditFacts,
    notifications: notifications.service,
  });
  const records = holdPaymentsOnPartnerRecords(createPartnerRecords(platform), { funds: () => funds, integrity: () => integrity });
  const exchange = createExchangeModule(platform, { records });
  const modules = { notifications, appeals, registry, exchange, funds, integrity };
  const control = controlRoutes(platform, schema);
  const app = await buildApp(platform, {
    webDist: options.serveWeb === false ? undefined : webDist,
    routes: [...coreRoutes(platform), ...Object.values(modules).map((m) => m.routes), control.routes],
  });
  let sealTimer: NodeJS.Timeout | undefined;
  let chainTimer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    // Seal audit entries into signed checkpoints at a steady pace while the server runs.
    sealTimer = setInterval(() => {
      platform.audit.seal().catch((error: unknown) => app.log.error({ err: error }, 'audit sealing failed'));
      purgeIdempotencyKeys(platform.database).catch((error: unknown) => app.log.error({ err: error }, 'idempotency purge failed'));
    }, config.auditSealIntervalSeconds * 1000);
    sealTimer.unref();
    // Link new audit entries into the hash chain about once a second.
    chainTimer = setInterval(() => {
      platform.audit.chain().catch((error: unknown) => app.log.error({ err: error }, 'audit chaining failed'));
    }, 1000);
    chainTimer.unref();
    if (options.schedulers !== false) for (const m of Object.values(modules)) m.start();
  });
  return {
    platform,
    modules,
    app,
    controlToken: control.token,
    async close() {
      if (sealTimer) clearInterval(sealTimer);
      if (chainTimer) clearInterval(chainTimer);
      for (const m of Object.values(modules)) m.stop();
      await app.close();
      await platform.audit.seal().catch(() => undefined);
      if (!options.database) await platform.database.close();
    },
  };
}
