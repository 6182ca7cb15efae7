/**
 * 基金公开: the sealed monthly disclosures of the social insurance funds (public, no login), the
 * citizen's own contributions with their proofs, and questions about a figure. Money is integer fen.
 */
import { api } from './client';
import type { Page } from './types';

export const FUND_KINDS = ['employee_pension', 'resident_pension', 'employee_medical', 'resident_medical', 'unemployment', 'work_injury', 'maternity'] as const;
export type FundKind = (typeof FUND_KINDS)[number];
export const isFundKind = (v: unknown): v is FundKind => typeof v === 'string' && (FUND_KINDS as readonly string[]).includes(v);

export const INCOME_ACCOUNTS = ['contribution_income', 'fiscal_subsidy', 'interest_income'] as const;
export type IncomeAccount = (typeof INCOME_ACCOUNTS)[number];
export const EXPENDITURE_ACCOUNTS = ['benefit_expense', 'transfer_out', 'management_cost'] as const;
export type ExpenditureAccount = (typeof EXPENDITURE_ACCOUNTS)[number];

/** One fund in one region (as in the ledger: a town, a county or a city) for the month. */
export interface TotalsRow {
  fund: string;
  region: string;
  income: Record<IncomeAccount, number>;
  incomeFen: number;
  expenditure: Record<ExpenditureAccount, number>;
  expenditureFen: number;
  /** Balance of bank_deposit at the end of the month. */
  bankDepositFen: number;
}

export interface Totals {
  period: string;
  rows: TotalsRow[];
}

/** A sealed month as published: its head, its place in the log, the signature and the totals. */
export interface Disclosure {
  format: string;
  period: string;
  sequence: number;
  entryCount: number;
  /** RFC 9162 root over blocks of `blockSize` entry lines, hex. */
  entriesRoot: string;
  /** SHA-256 of the canonical JSON of `totals`, hex. */
  totalsHash: string;
  blockSize: number;
  /** RFC 9162 root over the heads of disclosures 0..sequence, hex. */
  logRoot: string;
  logSize: number;
  sealedAt: string;
  head: string;
  signedMessage: string;
  /** Ed25519, base64. */
  signature: string;
  /** SPKI PEM. */
  publicKey: string;
  totals: Totals;
}

export interface DisclosureList {
  format: string;
  blockSize: number;
  entryLineFormat: string;
  publicKey: string;
  /** Oldest first. */
  items: Disclosure[];
}

export interface SeriesPoint {
  period: string;
  fund: string;
  incomeFen: number;
  expenditureFen: number;
  bankDepositFen: number;
}

export interface Series {
  fund: string | null;
  region: string | null;
  items: SeriesPoint[];
}

export interface ConsistencyProof {
  from: number;
  to: number;
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
}

export interface LogInclusion {
  sequence: number;
  at: number;
  logSize: number;
  head: string;
  leafHash: string;
  path: string[];
  logRoot: string;
}

export interface EntryProof {
  /** The entry's canonical line, as hashed. */
  line: string;
  entry: { id: number; journalId: number; fund: string; region: string; account: string; debitFen: number; creditFen: number };
  blockIndex: number;
  /** Every line of the block; other people's subjects are keyed hashes. */
  blockLines: string[];
  /** Audit path of the block to entriesRoot, deepest first. */
  path: string[];
}

export interface MyProofs {
  period: string;
  entryCount: number;
  blockSize: number;
  blockCount: number;
  entriesRoot: string;
  entryLineFormat: string;
  entries: EntryProof[];
  disclosure: { head: string; sequence: number; logRoot: string; sealedAt: string };
  logInclusion: LogInclusion;
}

export interface MyContribution {
  /** 所属期: the month the contribution is for. */
  period: string;
  employerName: string;
  baseFen: number;
  clamped: 'floor' | 'cap' | null;
  employeeFen: number;
  employerFen: number;
  totalFen: number;
  status: 'paid' | 'due';
  dueOn: string;
  /** The day the money arrived: its month is the ledger month the entries are in. */
  paidOn: string | null;
}

export interface MyContributions extends Page<MyContribution> {
  person: { name: string; idNumberMasked: string };
  account: { balanceFen: number; contributionMonths: number; interestYear: number | null };
}

export interface FundQuestion {
  about: 'disclosure' | 'statement';
  period: string;
  fund?: FundKind;
  /** The figure as the citizen saw it (at most 200 characters). */
  figure: string;
  question: string;
  isPublic?: boolean;
}

export interface FundQuestionFiled {
  appealId: string;
  trackingNo: string;
  status: string;
}

const month = (period: string) => `/api/public/funds/disclosures/${encodeURIComponent(period)}`;

export const transparencyApi = {
  disclosures: () => api.get<DisclosureList>('/api/public/funds/disclosures'),
  disclosure: (period: string) => api.get<Disclosure>(month(period)),
  series: (query: { fund?: FundKind; region?: string; from?: string; to?: string }) => api.get<Series>('/api/public/funds/series', { ...query }),
  consistency: (from: number, to: number) => api.get<ConsistencyProof>('/api/public/funds/log/consistency', { from, to }),
  inclusion: (sequence: number, at?: number) => api.get<LogInclusion>('/api/public/funds/log/inclusion', { sequence, at }),
  /** Open-data links: plain URLs anyone can fetch. */
  totalsJsonUrl: (period: string) => `${month(period)}/totals`,
  totalsCsvUrl: (period: string) => `${month(period)}/totals.csv`,
  // the citizen
  mine: (query: { page: number; pageSize: number }) => api.get<MyContributions>('/api/my/contributions', { ...query }),
  myProofs: (period: string) => api.get<MyProofs>('/api/my/contributions/proofs', { period }),
  ask: (body: FundQuestion, key: string) => api.post<FundQuestionFiled>('/api/my/fund-questions', body, { headers: { 'Idempotency-Key': key } }),
};

export const transparencyKeys = {
  disclosures: ['transparency', 'disclosures'] as const,
  disclosure: (period: string) => ['transparency', 'disclosures', period] as const,
  series: (fund: string | undefined, region: string | undefined) => ['transparency', 'series', fund ?? '', region ?? ''] as const,
  mine: (page: number) => ['transparency', 'mine', page] as const,
};
