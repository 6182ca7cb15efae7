import type { Platform } from '@core/platform.ts';
import type { App } from '@core/http/app.ts';
import { createIntegrityService, type IntegrityDeps } from './integrity.service.ts';
import { integrityRoutes } from './integrity.routes.ts';
import { flagFromRecords, runChecks, screenRun } from './checks.ts';

export type { IntegrityService, IntegrityDeps } from './integrity.service.ts';
export { flagKinds, type FlagKind } from './integrity.tables.ts';
export { runChecks, type RunUnderCheck } from './checks.ts';

/**
 * Integrity (基金安全): the checks before money leaves, run over every payroll and at once when
 * the exchange brings a death or an imprisonment; the review queue of held payments;
 * living-status certification; the data-quality sweep and the adjudication report.
 */
export function createIntegrityModule(platform: Platform, deps: IntegrityDeps) {
  const service = createIntegrityService(platform, deps);
  return {
    service,
    /** The checks of a payroll run, inside the run's transaction. */
    screenRun,
    /** Flags pensioners named by new death or imprisonment records, inside the batch's transaction. */
    flagFromRecords,
    runChecks,
    routes: integrityRoutes(platform, service) as (app: App) => Promise<void>,
    start() {},
    stop() {},
  };
}
