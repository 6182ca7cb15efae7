// Every table of the product, core first, then each module's: drizzle-kit
// generates migrations from it and backups walk it. The core's own list is in core/db/schema.ts.
export * from './core/db/schema.ts';
export * from './modules/appeals/appeals.tables.ts';
export * from './modules/notifications/notifications.tables.ts';
export * from './modules/registry/registry.tables.ts';
export * from './modules/exchange/exchange.tables.ts';
export * from './modules/funds/funds.tables.ts';
export * from './modules/integrity/integrity.tables.ts';

import { kpiDaily } from './modules/appeals/appeals.tables.ts';
/** Kept by triggers from other tables; backups leave them out (see core/db/backup.ts). */
export const derivedTables = [kpiDaily];
