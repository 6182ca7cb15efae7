/**
 * What hangs on a registered person — employment, social security cards, the bank account
 * benefits are paid into, income and insurance enrolments — and their dossier (人社电子档案袋).
 */
import { api } from './client';
import type { Page, UnmaskPurpose } from './types';

export const INSURANCE_SCHEMES = [
  'employee_pension',
  'resident_pension',
  'employee_medical',
  'resident_medical',
  'unemployment',
  'work_injury',
  'maternity',
] as const;
export type InsuranceScheme = (typeof INSURANCE_SCHEMES)[number];
/** Schemes an employer pays into; enrolling in one needs the employer. */
export const EMPLOYEE_SCHEMES: readonly InsuranceScheme[] = ['employee_pension', 'employee_medical', 'unemployment', 'work_injury', 'maternity'];

export const CARD_STATUSES = ['active', 'reported_lost', 'replaced', 'cancelled'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];
/** The statuses a caseworker may set directly; "replaced" follows from a replacement. */
export type CardStatusChange = 'active' | 'reported_lost' | 'cancelled';

export const ENROLMENT_STATUSES = ['active', 'suspended', 'ended'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export interface Employment {
  id: string;
  employerId: string;
  employerName: string;
  employerCreditCode: string;
  startedOn: string;
  endedOn: string | null;
}

export interface Card {
  id: string;
  cardNumber: string;
  issuingBank: string;
  status: CardStatus | string;
  issuedOn: string;
  /** The card this one replaced (补换卡). */
  replacesId: string | null;
}

export interface BankAccount {
  id: string;
  bankName: string;
  /** e.g. 6222 **** **** 1234 */
  accountNumberMasked: string;
  status: 'active' | 'closed' | string;
  verifiedAt: string | null;
  /** The partner (bank) that confirmed the account holder. */
  verifiedBy: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface IncomeRecord {
  id: string;
  /** YYYY-MM */
  period: string;
  payerCreditCode: string;
  /** Integer fen (分); never a float of yuan. */
  amountFen: number;
  /** 'staff' when entered at the counter, else the code of the partner that reported it. */
  source: string;
}

export interface Enrolment {
  id: string;
  scheme: InsuranceScheme | string;
  status: EnrolmentStatus | string;
  employerId: string | null;
  employerName: string | null;
  region: string;
  regionName: string;
  startedOn: string;
  endedOn: string | null;
}

export interface PersonRecords {
  employments: Employment[];
  cards: Card[];
  bankAccounts: BankAccount[];
  income: IncomeRecord[];
  enrolments: Enrolment[];
}

/** Who wrote a dossier entry. */
export type DossierByKind = 'staff' | 'citizen' | 'partner' | 'import' | string;

export interface DossierEntry {
  id: number;
  at: string;
  /** registered, corrected, died, or <record>.<event> such as card.reported_lost, or partner.<dataset>. */
  kind: string;
  entityKind: string;
  entityId: string | null;
  /** Field → [before, after]; identifiers come masked. */
  changes: Record<string, unknown[]>;
  reason: string | null;
  byKind: DossierByKind;
  byName: string | null;
}

const person = (id: string, rest = '') => `/api/registry/persons/${encodeURIComponent(id)}${rest}`;
const record = (id: string, kind: string, recordId: string, rest = '') => person(id, `/${kind}/${encodeURIComponent(recordId)}${rest}`);
const keyed = (key: string) => ({ headers: { 'Idempotency-Key': key } });

export const recordsApi = {
  get: (id: string) => api.get<PersonRecords>(person(id, '/records')),
  dossier: (id: string, query: { page: number; pageSize: number }) => api.get<Page<DossierEntry>>(person(id, '/dossier'), { ...query }),

  startEmployment: (id: string, body: { employerId: string; startedOn: string }, key: string) => api.post<PersonRecords>(person(id, '/employments'), body, keyed(key)),
  endEmployment: (id: string, recordId: string, body: { endedOn: string; reason: string }) => api.post<PersonRecords>(record(id, 'employments', recordId, '/end'), body),

  issueCard: (id: string, body: { cardNumber: string; issuingBank: string; issuedOn: string }, key: string) => api.post<PersonRecords>(person(id, '/cards'), body, keyed(key)),
  changeCardStatus: (id: string, recordId: string, body: { status: CardStatusChange; reason: string }) => api.post<PersonRecords>(record(id, 'cards', recordId, '/status'), body),
  replaceCard: (id: string, recordId: string, body: { cardNumber: string; issuingBank: string; issuedOn: string; reason: string }, key: string) =>
    api.post<PersonRecords>(record(id, 'cards', recordId, '/replace'), body, keyed(key)),

  addBankAccount: (id: string, body: { bankName: string; accountNumber: string; reason?: string }, key: string) => api.post<PersonRecords>(person(id, '/bank-accounts'), body, keyed(key)),
  closeBankAccount: (id: string, recordId: string, body: { reason: string }) => api.post<PersonRecords>(record(id, 'bank-accounts', recordId, '/close'), body),
  unmaskBankAccount: (id: string, recordId: string, purpose: UnmaskPurpose, note?: string) =>
    api.post<{ accountNumber: string }>(record(id, 'bank-accounts', recordId, '/unmask'), note ? { purpose, note } : { purpose }),

  addIncome: (id: string, body: { period: string; payerCreditCode: string; amountFen: number }, key: string) => api.post<PersonRecords>(person(id, '/income'), body, keyed(key)),

  enrol: (id: string, body: { scheme: InsuranceScheme; region: string; startedOn: string; employerId?: string }, key: string) => api.post<PersonRecords>(person(id, '/enrolments'), body, keyed(key)),
  changeEnrolmentStatus: (id: string, recordId: string, body: { status: EnrolmentStatus; on: string; reason: string }) =>
    api.post<PersonRecords>(record(id, 'enrolments', recordId, '/status'), body),
};

/** Under the registry's root key, so a change to the person refreshes these too. */
export const recordsKeys = {
  records: (id: string) => ['registry', 'person', id, 'records'] as const,
  dossier: (id: string) => ['registry', 'person', id, 'dossier'] as const,
};
