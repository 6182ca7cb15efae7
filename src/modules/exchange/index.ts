import type { Platform } from '@core/platform.ts';
import type { App } from '@core/http/app.ts';
import type { PartnerRecords } from '@modules/registry';
import { createExchangeService } from './exchange.service.ts';
import { exchangeRoutes } from './exchange.routes.ts';
import type { PartnerAdapter } from './adapter.ts';

export type { ExchangeService, BatchResult, PartnerInput } from './exchange.service.ts';
export type { PartnerAdapter, PartnerQuery, PartnerAnswer } from './adapter.ts';
export { createSimulatedPartner } from './adapter.ts';
export { datasets, datasetRefs, findDataset, exchangePurposes, purposeCodes, type ExchangePurpose } from './datasets.ts';
export { batchHeaders, canonicalString, exchangeHeaders, keyPairFromSeed, readPublicKey, sha256Hex, signFields, SIGNATURE_SCHEME, SIGNATURE_WINDOW_MS } from './signing.ts';
export { departmentKinds, type DepartmentKind } from './exchange.tables.ts';

/**
 * The data exchange with partner departments (横向对接): partner systems and their keys,
 * versioned dataset schemas, signed batches applied whole or not at all, queries both ways,
 * and the message log. Changes to persons go through the registry's partner functions.
 */
export function createExchangeModule(platform: Platform, deps: { records: PartnerRecords; adapters?: Record<string, PartnerAdapter> }) {
  const service = createExchangeService(platform, deps);
  return {
    service,
    /** The registry functions batches are applied through (tests replace one to inject a failure). */
    records: deps.records,
    routes: exchangeRoutes(platform, service) as (app: App) => Promise<void>,
    start() {},
    stop() {},
  };
}
