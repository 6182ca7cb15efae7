/** 人员登记 person registry: shapes of the server's JSON and the calls that fetch them. */
import { api } from './client';
import type { Page, Unmasked, UnmaskPurpose } from './types';

export type Sex = 'male' | 'female';
export type PersonStatus = 'alive' | 'deceased';

export interface Person {
  id: string;
  name: string;
  idNumberMasked: string;
  sex: Sex;
  birthDate: string;
  householdRegion: string;
  householdRegionName: string;
  phoneMasked: string | null;
  status: PersonStatus;
  diedOn: string | null;
  deathSource: string | null;
  createdAt: string;
  updatedAt: string;
}

export const PERSON_HISTORY_KINDS = ['registered', 'corrected', 'died'] as const;
export type PersonHistoryKind = (typeof PERSON_HISTORY_KINDS)[number];

export interface PersonHistoryEntry {
  at: string;
  kind: PersonHistoryKind | string;
  /** Field → [before, after]; phone numbers come masked. */
  changes: Record<string, unknown[]>;
  reason: string | null;
  byName: string | null;
}

/** One person with the history of changes, newest first. */
export interface PersonDetail extends Person {
  history: PersonHistoryEntry[];
}

export interface PersonQuery {
  q?: string;
  regionCode?: string;
  page: number;
  pageSize: number;
}

export interface NewPerson {
  idNumber: string;
  name: string;
  /** A county (6 digits) or town/street (9 digits) code. */
  householdRegion: string;
  phone?: string;
  sex?: Sex;
  birthDate?: string;
}

export interface PersonCorrection {
  name?: string;
  householdRegion?: string;
  /** '' removes the phone number. */
  phone?: string;
  reason: string;
}

const path = (id: string, rest = '') => `/api/registry/persons/${encodeURIComponent(id)}${rest}`;

export const registryApi = {
  list: (query: PersonQuery) => api.get<Page<Person>>('/api/registry/persons', { ...query }),
  /** The Idempotency-Key makes a retried submission register the person once. */
  register: (body: NewPerson, key: string) => api.post<Person>('/api/registry/persons', body, { headers: { 'Idempotency-Key': key } }),
  get: (id: string) => api.get<PersonDetail>(path(id)),
  correct: (id: string, body: PersonCorrection) => api.patch<Person>(path(id), body),
  recordDeath: (id: string, body: { diedOn: string; reason: string }) => api.post<Person>(path(id, '/death'), body),
  unmask: (id: string, purpose: UnmaskPurpose, note?: string) => api.post<Unmasked>(path(id, '/unmask'), note ? { purpose, note } : { purpose }),
};

/** Query keys: the list and each person live under one root, so a change refreshes both. */
export const registryKeys = {
  all: ['registry'] as const,
  list: ['registry', 'list'] as const,
  person: (id: string) => ['registry', 'person', id] as const,
};
