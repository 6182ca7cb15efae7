/** The citizen's own data: dossier, who accessed it, a downloadable copy, correction requests. */
import { api, download, isApiError } from './client';
import type { CorrectionField, CorrectionRequest } from './corrections';
import type { DossierEntry, PersonRecords } from './records';
import type { Page } from './types';

/** The citizen's registry record, identifiers masked. */
export interface OwnPerson {
  id: string;
  name: string;
  idNumberMasked: string;
  sex: string;
  birthDate: string;
  householdRegion: string;
  householdRegionName: string;
  phoneMasked: string | null;
  status: string;
  diedOn: string | null;
}

export interface MyDossier {
  person: OwnPerson;
  records: PersonRecords;
  timeline: Page<DossierEntry>;
}

export const ACCESS_CHANNELS = ['staff_screen', 'citizen_portal', 'partner_api', 'batch', 'system'] as const;

export interface DataAccess {
  id: number;
  at: string;
  action: string;
  outcome: string;
  channel: string;
  /** The stated purpose, e.g. "case_handling" or "other: note". */
  purpose: string | null;
  actorKind: string;
  /** As the deployment's policy allows: full, family name only, or null. */
  actorName: string | null;
  actorRole: string | null;
  department: string | null;
  region: string | null;
  regionName: string | null;
}

/** full: staff names shown; masked: family name only; role: no names, department and role only. */
export type StaffNamePolicy = 'full' | 'masked' | 'role' | string;

export interface DataAccessPage extends Page<DataAccess> {
  staffNamePolicy: StaffNamePolicy;
}

/** Accesses per China Standard Time month and channel. */
export interface DataAccessSummary {
  since: string;
  months: { month: string; channel: string; count: number }[];
}

export const myDataApi = {
  dataAccessSummary: (months: number) => api.get<DataAccessSummary>('/api/my/data-access/summary', { months }),
  dossier: (query: { page: number; pageSize: number }) => api.get<MyDossier>('/api/my/dossier', { ...query }),
  dataAccess: (query: { page: number; pageSize: number }) => api.get<DataAccessPage>('/api/my/data-access', { ...query }),
  /** The JSON copy as a file, fetched so that an error can be shown instead of downloaded. */
  export: () => download('/api/my/data-export'),
  corrections: () => api.get<CorrectionRequest[]>('/api/my/corrections'),
  requestCorrection: (body: { field: CorrectionField; requested: string }, key: string) =>
    api.post<CorrectionRequest>('/api/my/corrections', body, { headers: { 'Idempotency-Key': key } }),
};

export const myDataKeys = {
  all: ['my-data'] as const,
  dossier: ['my-data', 'dossier'] as const,
  access: ['my-data', 'access'] as const,
  corrections: ['my-data', 'corrections'] as const,
};

/** The citizen has no registry record yet: an empty state, not an error. */
export function isNotInRegistry(error: unknown): boolean {
  return isApiError(error) && error.code === 'not_in_registry';
}
