/** 养老金 pensions in payment and 待遇发放 the monthly payroll runs: shapes of the server's JSON and the calls. */
import { api, download } from './client';
import type { Page } from './types';

export const PENSION_STATUSES = ['active', 'suspended', 'stopped'] as const;
export type PensionStatus = (typeof PENSION_STATUSES)[number];

/**
 * The inputs of the pension formula (国发〔2005〕38号) and where each came from, as the server
 * kept them when the pension was granted. Every field may be missing on an old record.
 */
export interface PensionBasis {
  averageWageFen?: number;
  /** `average wage <year>` (looked up) or `entered`. */
  averageWageSource?: string;
  /** Average contribution index × 10000. */
  indexBp4?: number;
  /** `paid declarations` (computed) or `entered`. */
  indexSource?: string;
  contributionMonths?: number;
  /** `individual account` or `entered`. */
  monthsSource?: string;
  accountBalanceFen?: number;
  /** 计发月数 for the retirement age. */
  monthsDivisor?: number;
  formula?: string;
}

export interface Pension {
  id: string;
  personId: string;
  name: string;
  idNumberMasked: string;
  region: string;
  regionName: string;
  scheme: string;
  status: PensionStatus | string;
  /** 基础养老金, integer fen. */
  basicFen: number;
  /** 个人账户养老金, integer fen. */
  accountFen: number;
  monthlyFen: number;
  /** Owed for suspended months, paid by the next run. */
  arrearsFen: number;
  /** YYYY-MM */
  startPeriod: string;
  retirementAge: number;
  basis: PensionBasis & Record<string, unknown>;
  suspendedFrom: string | null;
  statusReason: string | null;
  bankName: string | null;
  accountNumberMasked: string | null;
  accountVerified: boolean;
}

export interface PensionQuery {
  status?: PensionStatus;
  regionCode?: string;
  personId?: string;
  page: number;
  pageSize: number;
}

export interface NewPension {
  personId: string;
  retirementAge: number;
  startPeriod: string;
  averageWageFen?: number;
  indexBp4?: number;
  contributionMonths?: number;
}

export interface PensionStatusChange {
  to: PensionStatus;
  /** The month the change takes effect (YYYY-MM). */
  period: string;
  reason: string;
  /** On resuming: owe the months suspended (补发). */
  payArrears?: boolean;
}

export const RUN_STATUSES = ['preparing', 'ready', 'paid'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** What happens to one payment of a run. */
export const INSTRUCTION_STATUSES = ['ready', 'held', 'released', 'stopped', 'sent'] as const;
export type InstructionStatus = (typeof INSTRUCTION_STATUSES)[number];

/** payees, totalFen, and `<status>Count` / `<status>Fen` for each instruction status present. */
export type RunSummary = Record<string, number>;

export interface PayrollRun {
  id: string;
  region: string;
  regionName: string;
  /** YYYY-MM */
  period: string;
  status: RunStatus | string;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  summary: RunSummary | null;
}

export interface BankFile {
  id: string;
  bankName: string;
  sequence: number;
  count: number;
  totalFen: number;
  sha256: string;
  createdAt: string;
}

export interface PayrollRunDetail extends PayrollRun {
  files: BankFile[];
}

export interface SendResult {
  run: PayrollRun;
  /** The files written by this send; empty when nothing new was payable. */
  files: { bankName: string; sequence: number; count: number; totalFen: number }[];
}

/** A run still being worked on in the background: the page polls it. */
export const isWorking = (status: string | undefined) => status === 'preparing';

/** Count and amount of one instruction status in a run's summary (0 when absent). */
export function summaryOf(summary: RunSummary | null | undefined, status: InstructionStatus) {
  return { count: summary?.[`${status}Count`] ?? 0, fen: summary?.[`${status}Fen`] ?? 0 };
}

const pensionPath = (id: string, rest = '') => `/api/funds/pensions/${encodeURIComponent(id)}${rest}`;
const runPath = (id: string, rest = '') => `/api/funds/payroll/runs/${encodeURIComponent(id)}${rest}`;

export const fundsApi = {
  pensions: (query: PensionQuery) => api.get<Page<Pension>>('/api/funds/pensions', { ...query }),
  pension: (id: string) => api.get<Pension>(pensionPath(id)),
  /** The Idempotency-Key makes a retried submission grant the pension once. */
  grant: (body: NewPension, key: string) => api.post<Pension>('/api/funds/pensions', body, { headers: { 'Idempotency-Key': key } }),
  changeStatus: (id: string, body: PensionStatusChange, key: string) => api.post<Pension>(pensionPath(id, '/status'), body, { headers: { 'Idempotency-Key': key } }),
  runs: (query: { page: number; pageSize: number }) => api.get<Page<PayrollRun>>('/api/funds/payroll/runs', { ...query }),
  run: (id: string) => api.get<PayrollRunDetail>(runPath(id)),
  /** 202: the run goes on in the background; poll run(id) until it is ready. */
  startRun: (period: string, key: string) => api.post<PayrollRun>('/api/funds/payroll/runs', { period }, { headers: { 'Idempotency-Key': key } }),
  resumeRun: (id: string) => api.post<PayrollRun>(runPath(id, '/resume')),
  send: (id: string) => api.post<SendResult>(runPath(id, '/send')),
  /** A bank file (CSV with full account numbers): fetched, so that an error can be shown; the download is audited. */
  bankFile: (runId: string, fileId: string) => download(runPath(runId, `/files/${encodeURIComponent(fileId)}`)),
};

export const fundsKeys = {
  all: ['funds'] as const,
  pensions: ['funds', 'pensions'] as const,
  pension: (id: string) => ['funds', 'pensions', 'one', id] as const,
  /** The root of the runs: invalidating it refreshes the list and every open run. */
  runs: ['funds', 'runs'] as const,
  runList: ['funds', 'runs', 'list'] as const,
  run: (id: string) => ['funds', 'runs', 'one', id] as const,
};
