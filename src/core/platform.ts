import type { Config } from './config/config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { createFieldCrypto } from './crypto/field-crypto.ts';
import { createAudit } from './audit/audit.service.ts';
import { createRegions, loadDivisionTree } from './regions/regions.service.ts';
import { createCalendar } from './calendar/calendar.service.ts';
import { createGuard } from './access/guard.ts';
import { createAuth } from './auth/auth.service.ts';
import { createSessionHelpers } from './http/session.ts';
import { createStaffAdmin } from './auth/staff.service.ts';
import { createCitizenAccounts } from './auth/citizen-accounts.service.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { adminRoutes } from './auth/admin.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { regionRoutes } from './regions/regions.routes.ts';
import { systemRoutes } from './http/system.routes.ts';
import type { App } from './http/app.ts';

export type Platform = Awaited<ReturnType<typeof createPlatform>>;

/**
 * The core services, built once over one database and handed to every module. The core knows
 * no module: modules receive what they need from here.
 */
export async function createPlatform(config: Config, database?: Database) {
  const db =
    database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.databaseUrl ? undefined : config.dataDir }));
  try {
    await db.migrate();
    await loadDivisionTree(db);
  } catch (error) {
    if (!database) await db.close();
    throw error;
  }
  const crypto = createFieldCrypto(config.secrets.fieldKey, config.secrets.indexKey, config.fieldCipher);
  const audit = createAudit({ database: db, signingKeyPem: config.secrets.auditSigningKeyPem });
  const regions = await createRegions(db);
  const calendar = await createCalendar(db);
  const guard = createGuard({ audit });
  const auth = createAuth({ database: db, config, crypto, audit, regions });
  const sessions = createSessionHelpers({ auth, config });
  const staffAdmin = createStaffAdmin({ database: db, audit, guard, auth, regions });
  const citizenAccounts = createCitizenAccounts({ database: db, audit, guard, regions, crypto });
  return { config, database: db, crypto, audit, regions, calendar, guard, auth, sessions, staffAdmin, citizenAccounts };
}

/** The core's HTTP surface: health, identity, staff, citizens, audit, regions. */
export function coreRoutes(platform: Platform): ((app: App) => Promise<void>)[] {
  const services = { staffAdmin: platform.staffAdmin, citizenAccounts: platform.citizenAccounts };
  return [
    systemRoutes(platform, services),
    authRoutes(platform),
    adminRoutes(platform, services),
    auditRoutes(platform),
    regionRoutes(platform),
  ];
}
