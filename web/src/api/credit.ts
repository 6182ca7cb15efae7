/**
 * 人社信用: credit ratings of employers and persons under versioned rules, and the dishonesty
 * list (失信名单) with its notices, objections, decisions and repairs.
 */
import { api } from './client';
import type { Page } from './types';

export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];
export const PARTY_KINDS = ['employer', 'person'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];
export const DISHONESTY_STATUSES = ['notified', 'objected', 'listed', 'dismissed', 'repaired'] as const;
export type DishonestyStatus = (typeof DISHONESTY_STATUSES)[number];

type Cap = number | null;

/** A whole rule set, as the server stores a version; money in integer fen. */
export interface CreditRules {
  startScore: number;
  grades: { A: number; B: number; C: number };
  employer: {
    arrears: { pointsPerMonth: number; cap: Cap; graceDays: number };
    underDeclared: { pointsPerEmployeeMonth: number; cap: Cap; toleranceBp: number; lookbackMonths: number };
    fraud: { pointsPerFinding: number; cap: Cap };
  };
  person: {
    drawnFinding: { pointsPerFinding: number; cap: Cap; kinds: string[] };
    unrepaidRecovery: { pointsPerOrder: number; cap: Cap; afterDays: number };
  };
  dishonesty: {
    personOverdrawn: { moreThanMonths: number; moreThanFen: number; unrepaidAfterDays: number };
    employerArrears: { moreThanMonths: number; moreThanFen: number; afterDemandDays: number };
    repairAfterDays: number;
  };
}

export interface RuleSet {
  version: number;
  rules: CreditRules;
  note: string;
  createdBy: string;
  createdAt: string;
  /** The latest version: what a rating run uses. */
  current: boolean;
}

export interface CreditReason {
  /** employer_arrears, employer_under_declared, employer_fraud, person_drawn_finding, person_unrepaid_recovery. */
  code: string;
  /** Points deducted (negative). */
  points: number;
  detail: Record<string, unknown>;
}

export interface Rating {
  id: number;
  ruleVersion: number;
  score: number;
  grade: CreditGrade;
  reasons: CreditReason[];
  ratedAt: string;
  region: string;
  regionName: string;
}

export interface PartyName {
  partyKind: PartyKind;
  partyId: string;
  /** The employer's name; a person's name (masked in lists). */
  name: string;
  creditCode: string | null;
  idNumberMasked: string | null;
}

export interface RatingRow extends PartyName, Rating {
  /** Status of the party's live dishonesty entry, if any. */
  dishonesty: DishonestyStatus | null;
}

export type GradeCounts = Record<CreditGrade, number>;

export interface RatingPage extends Page<RatingRow> {
  /** Latest ratings per grade (whatever the grade filter): for the chart. */
  byGrade: GradeCounts;
}

export interface DishonestyEntry extends PartyName {
  id: string;
  region: string;
  regionName: string;
  ruleCode: string;
  ruleVersion: number;
  evidence: Record<string, unknown>;
  status: DishonestyStatus;
  notifiedAt: string;
  objection: string | null;
  objectedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  listedAt: string | null;
  repairableOn: string | null;
  repairedAt: string | null;
}

export interface Party extends PartyName {
  region: string;
  regionName: string;
  /** Newest first; each names the rule version it was made under. */
  ratings: Rating[];
  entries: DishonestyEntry[];
}

export interface RunSummary {
  ruleVersion: number;
  asOf: string;
  region: string;
  regionName: string;
  employers: number;
  persons: number;
  byGrade: GradeCounts;
  entriesCreated: number;
}

export interface RatingQuery {
  partyKind?: PartyKind;
  grade?: CreditGrade;
  q?: string;
  page: number;
  pageSize: number;
}

export interface DishonestyQuery {
  status?: DishonestyStatus;
  partyKind?: PartyKind;
  page: number;
  pageSize: number;
}

export type EntryDecision = 'list' | 'dismiss';

const entryPath = (id: string, rest: string) => `/api/integrity/credit/dishonesty/${encodeURIComponent(id)}${rest}`;
const withKey = (key: string) => ({ headers: { 'Idempotency-Key': key } });

export const creditApi = {
  rules: () => api.get<RuleSet[]>('/api/integrity/credit/rules'),
  publish: (body: { rules: CreditRules; note: string }, key: string) => api.post<RuleSet>('/api/integrity/credit/rules', body, withKey(key)),
  run: (key: string) => api.post<RunSummary>('/api/integrity/credit/ratings/run', undefined, withKey(key)),
  ratings: (query: RatingQuery) => api.get<RatingPage>('/api/integrity/credit/ratings', { ...query }),
  party: (kind: PartyKind, id: string) => api.get<Party>(`/api/integrity/credit/parties/${kind}/${encodeURIComponent(id)}`),
  dishonesty: (query: DishonestyQuery) => api.get<Page<DishonestyEntry>>('/api/integrity/credit/dishonesty', { ...query }),
  recordObjection: (id: string, text: string, key: string) => api.post<DishonestyEntry>(entryPath(id, '/objection'), { text }, withKey(key)),
  decide: (id: string, body: { decision: EntryDecision; note: string }, key: string) => api.post<DishonestyEntry>(entryPath(id, '/decision'), body, withKey(key)),
  repair: (id: string, note: string, key: string) => api.post<DishonestyEntry>(entryPath(id, '/repair'), { note }, withKey(key)),
};

export const creditKeys = {
  all: ['credit'] as const,
  rules: ['credit', 'rules'] as const,
  ratings: ['credit', 'ratings'] as const,
  dishonesty: ['credit', 'dishonesty'] as const,
  party: (kind: PartyKind, id: string) => ['credit', 'party', kind, id] as const,
};
