/**
 * 疑点复核: what the checks before payment found (the review queue and its monthly report),
 * and 待遇资格认证, the pensioner's yearly living-status certification.
 */
import { api } from './client';
import type { Page } from './types';

/** What a check can find; each holds the payee's payments until a reviewer decides. */
export const FLAG_KINDS = [
  'deceased',
  'incarcerated',
  'duplicate_payee',
  'duplicate_identity',
  'shared_account',
  'certification_overdue',
  'improbable_age',
  'account_unverified',
  'card_impossible_travel',
  'card_frequency',
  'card_amount',
  'card_after_death',
  'card_after_lost',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const FLAG_STATUSES = ['open', 'released', 'stopped'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export interface MaskedPerson {
  personId: string;
  name: string;
  idNumberMasked: string;
}

export interface Flag extends MaskedPerson {
  id: number;
  kind: FlagKind | string;
  region: string;
  regionName: string;
  /** `run:<period>`, `exchange:<dataset>:<batch>` or `sweep:<date>`. */
  source: string;
  /** What matched; its fields depend on the kind (dates, reporting department, accounts, other persons by id). */
  evidence: Record<string, unknown>;
  /** Other persons the evidence names, masked. */
  related: MaskedPerson[];
  /** Money held when the finding was raised (fen). */
  heldFen: number;
  status: FlagStatus | string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  createdAt: string;
}

export interface FlagPage extends Page<Flag> {
  /** Open findings per kind in my region, whatever the filters. */
  openByKind: Record<string, number>;
}

export interface FlagQuery {
  status?: FlagStatus;
  kind?: FlagKind;
  regionCode?: string;
  personId?: string;
  page: number;
  pageSize: number;
}

export type FlagDecision = 'release' | 'stop';

export interface ReportRow {
  kind: FlagKind | string;
  matches: number;
  confirmed: number;
  released: number;
  open: number;
  preventedFen: number;
}

export interface IntegrityReport {
  month: string;
  region: string;
  regionName: string;
  byKind: ReportRow[];
  totals: { matches: number; confirmed: number; released: number; open: number; preventedFen: number; recoveredFen: number };
}

export const CERTIFICATION_METHODS = ['passive_card_use', 'passive_hospital', 'passive_department_record', 'self', 'relative', 'counter'] as const;

export interface Certification {
  lastCertifiedOn: string | null;
  method: string | null;
  validUntil: string | null;
  /** No certification, or the last one has lapsed. */
  due: boolean;
}

export interface RelativeCertification extends Certification {
  pensionerId: string;
  name: string;
  idNumberMasked: string;
  relation: string;
}

export interface MyCertification extends Certification {
  /** Whether I draw a pension myself (else there is nothing for me to certify). */
  pensioner: boolean;
  /** Pensioners who registered me as a relative who may certify for them (亲情服务). */
  relatives: RelativeCertification[];
}

const flagPath = (id: number, rest = '') => `/api/integrity/flags/${encodeURIComponent(String(id))}${rest}`;

/** An improbable record among pensioners (the data-quality sweep). */
export interface DataQualityItem extends MaskedPerson {
  region: string;
  regionName: string;
  birthDate: string;
  diedOn: string | null;
  /** `deceased_still_paid` or `over_110`. */
  problem: string;
}

/** What an employer can be found to have done to obtain benefits by fraud (用人单位骗保). */
export const EMPLOYER_FINDING_KINDS = ['fictitious_employment', 'forged_documents', 'false_injury_claim', 'other'] as const;
export type EmployerFindingKind = (typeof EMPLOYER_FINDING_KINDS)[number];
export const EMPLOYER_FINDING_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type EmployerFindingStatus = (typeof EMPLOYER_FINDING_STATUSES)[number];

export interface EmployerFinding {
  id: number;
  employerId: string;
  employerName: string;
  creditCode: string;
  region: string;
  regionName: string;
  kind: EmployerFindingKind;
  description: string;
  occurredOn: string;
  amountFen: number;
  status: EmployerFindingStatus;
  raisedBy: string;
  raisedByName: string;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

export interface EmployerFindingInput {
  kind: EmployerFindingKind;
  description: string;
  occurredOn: string;
  amountFen: number;
}

/** A citizen account registered to certify for a pensioner (亲情服务). */
export interface PensionerRelative {
  id: string;
  pensionerId: string;
  relation: string;
  name: string;
  idNumberMasked: string;
  createdAt: string;
}

const relativesPath = (pensionerId: string) => `/api/integrity/persons/${encodeURIComponent(pensionerId)}/relatives`;
const employerFindingsPath = (employerId: string) => `/api/integrity/employers/${encodeURIComponent(employerId)}/findings`;

export const integrityApi = {
  relatives: (pensionerId: string) => api.get<{ items: PensionerRelative[] }>(relativesPath(pensionerId)),
  addRelative: (pensionerId: string, body: { relativeIdNumber: string; relation: string }, key: string) =>
    api.post<{ id: string }>(relativesPath(pensionerId), body, { headers: { 'Idempotency-Key': key } }),
  removeRelative: (pensionerId: string, id: string) => api.del(`${relativesPath(pensionerId)}/${encodeURIComponent(id)}`),
  employerFindings: (employerId: string) => api.get<{ items: EmployerFinding[] }>(employerFindingsPath(employerId)),
  /** The region's findings, newest first. */
  employerFindingsOfRegion: (query: { status?: EmployerFindingStatus; page: number; pageSize: number }) => api.get<Page<EmployerFinding>>('/api/integrity/employer-findings', { ...query }),
  raiseEmployerFinding: (employerId: string, body: EmployerFindingInput, key: string) =>
    api.post<EmployerFinding>(employerFindingsPath(employerId), body, { headers: { 'Idempotency-Key': key } }),
  decideEmployerFinding: (id: number, body: { decision: 'confirm' | 'dismiss'; note: string }, key: string) =>
    api.post<EmployerFinding>(`/api/integrity/employer-findings/${id}/decision`, body, { headers: { 'Idempotency-Key': key } }),
  dataQuality: (page: number, pageSize: number) => api.get<Page<DataQualityItem>>('/api/integrity/data-quality', { page, pageSize }),
  flags: (query: FlagQuery) => api.get<FlagPage>('/api/integrity/flags', { ...query }),
  flag: (id: number) => api.get<Flag>(flagPath(id)),
  decide: (id: number, body: { decision: FlagDecision; note: string }, key: string) => api.post<Flag>(flagPath(id, '/decision'), body, { headers: { 'Idempotency-Key': key } }),
  report: (month: string) => api.get<IntegrityReport>('/api/integrity/report', { month }),
  /** At the counter: the pensioner is here in person. */
  certifyAtCounter: (personId: string) => api.post<Certification>(`/api/integrity/persons/${encodeURIComponent(personId)}/certification`),
  // Citizens
  mine: () => api.get<MyCertification>('/api/my/certification'),
  certifyMe: (key: string) => api.post<MyCertification>('/api/my/certification', undefined, { headers: { 'Idempotency-Key': key } }),
  certifyRelative: (pensionerId: string, key: string) =>
    api.post<RelativeCertification>(`/api/my/certification/relatives/${encodeURIComponent(pensionerId)}`, undefined, { headers: { 'Idempotency-Key': key } }),
};

export const integrityKeys = {
  all: ['integrity'] as const,
  flags: ['integrity', 'flags'] as const,
  flag: (id: number) => ['integrity', 'flags', 'one', id] as const,
  report: (month: string) => ['integrity', 'report', month] as const,
  mine: ['integrity', 'mine'] as const,
  dataQuality: (page: number, pageSize: number) => ['integrity', 'data-quality', page, pageSize] as const,
  employerFindingsAll: ['integrity', 'employer-findings'] as const,
  employerFindings: (employerId: string) => ['integrity', 'employer-findings', 'employer', employerId] as const,
  employerFindingsOfRegion: (status: string, page: number, pageSize: number) => ['integrity', 'employer-findings', 'region', status, page, pageSize] as const,
  relatives: (pensionerId: string) => ['integrity', 'relatives', pensionerId] as const,
};
