import type { Platform } from '@core/platform.ts';
import type { App } from '@core/http/app.ts';
import { createRegistryService } from './registry.service.ts';
import { registryRoutes } from './registry.routes.ts';
import { createRecordsService } from './records.service.ts';
import { createEmployersService } from './employers.service.ts';
import { recordsRoutes } from './records.routes.ts';
import { createDossierService } from './dossier.service.ts';
import { dossierRoutes } from './dossier.routes.ts';
import { createRegistryReader } from './reader.ts';

export type { RegistryService } from './registry.service.ts';
export { runImport, importActor, DEFAULT_CHUNK_SIZE, type ImportOptions, type ImportSummary, type ImportProgress } from './import/import.ts';
export { importDatasetNames } from './import/datasets.ts';
export { ImportError, rejectReasons, type RejectCode } from './import/import.errors.ts';
export type { RecordsService } from './records.service.ts';
export type { EmployersService } from './employers.service.ts';
export type { DossierService } from './dossier.service.ts';
export type { RegistryReader, PersonFacts, EmployerFacts, BenefitAccount } from './reader.ts';
export { industrySections } from './employers.service.ts';
export { insuranceSchemes } from './registry.tables.ts';

/**
 * The registry: persons, employers and what hangs on a person (employment, cards, bank
 * accounts, income, enrolments), the person's dossier and data tracker, and their requests
 * to correct their data.
 */
export function createRegistryModule(platform: Platform) {
  const service = createRegistryService(platform);
  const records = createRecordsService(platform);
  const employers = createEmployersService(platform);
  const dossier = createDossierService(platform, records);
  const parts = [registryRoutes(platform, service), recordsRoutes(platform, records, employers), dossierRoutes(platform, dossier)];
  return {
    service,
    records,
    employers,
    dossier,
    /** Reads by id for other modules, which check access for their own actions. */
    reader: createRegistryReader(platform),
    routes: (async (app: App) => {
      for (const part of parts) await part(app);
    }) as (app: App) => Promise<void>,
    start() {},
    stop() {},
  };
}
export { createPartnerRecords, type PartnerRecords, type PartnerActor, type PartnerChange, type PartnerOutcome, type KnownPerson } from './partner-records.ts';
