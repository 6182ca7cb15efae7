/**
 * 用卡轨迹: where and when a person's social security card was used (settlements and pharmacy
 * purchases at designated institutions), and the card findings drawn from it.
 */
import { api } from './client';
import type { Page } from './types';

export const CARD_FLAG_KINDS = ['card_impossible_travel', 'card_frequency', 'card_amount', 'card_after_death', 'card_after_lost'] as const;
export type CardFlagKind = (typeof CARD_FLAG_KINDS)[number];
export const isCardFlagKind = (kind: string): kind is CardFlagKind => (CARD_FLAG_KINDS as readonly string[]).includes(kind);

export const INSTITUTION_KINDS = ['hospital', 'clinic', 'pharmacy'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export interface Institution {
  id: string;
  /** 医保定点机构编码 */
  code: string;
  name: string;
  kind: InstitutionKind | string;
  region: string;
  regionName: string;
  /** Decimal degrees, WGS 84. */
  latitude: number;
  longitude: number;
  createdAt: string;
}

export interface CardUse {
  id: number;
  usedAt: string;
  kind: 'settlement' | 'pharmacy' | string;
  amountFen: number;
  conditionGroup: string | null;
  reference: string;
  cardNumberMasked: string;
  institution: Omit<Institution, 'id' | 'createdAt'>;
  /** Card findings whose evidence names this use. */
  flagIds: number[];
}

export interface CardFinding {
  id: number;
  kind: CardFlagKind | string;
  status: string;
  source: string;
  matchKey: string;
  evidence: Record<string, unknown>;
  /** The uses the finding is about (the two of an impossible journey; one otherwise; none for peer findings). */
  useIds: number[];
  createdAt: string;
}

export interface Trajectory {
  personId: string;
  name: string;
  idNumberMasked: string;
  /** China dates, both included. */
  from: string;
  to: string;
  /** More uses than one answer carries: narrow the period. */
  truncated: boolean;
  maxSpeedKmh: number;
  uses: CardUse[];
  flags: CardFinding[];
}

export interface CardUseRow {
  cardNumber: string;
  institutionCode: string;
  kind: 'settlement' | 'pharmacy';
  /** ISO 8601 with offset. */
  usedAt: string;
  amountFen: number;
  conditionGroup?: string;
  reference: string;
}

export interface CardBatchResult {
  count: number;
  recorded: number;
  unchanged: number;
  rejected: number;
  findings: Record<CardFlagKind, number>;
  rows: { index: number; reference: string; status: 'valid' | 'rejected' | 'recorded' | 'unchanged'; useId?: number; code?: string; message?: { zh: string; en: string } }[];
}

export interface InstitutionQuery {
  q?: string;
  regionCode?: string;
  kind?: InstitutionKind;
  page: number;
  pageSize: number;
}

export const cardsApi = {
  trajectory: (personId: string, period: { from?: string; to?: string } = {}) => api.get<Trajectory>(`/api/integrity/persons/${encodeURIComponent(personId)}/card-uses`, { ...period }),
  institutions: (query: InstitutionQuery) => api.get<Page<Institution>>('/api/integrity/institutions', { ...query }),
  registerInstitution: (body: { code: string; name: string; kind: InstitutionKind; region: string; latitude: number; longitude: number }, key: string) =>
    api.post<Institution>('/api/integrity/institutions', body, { headers: { 'Idempotency-Key': key } }),
  /** All rows or none; a refused batch is an ApiError whose problem carries `batch` with every row's result. */
  recordUses: (rows: CardUseRow[], key: string) => api.post<CardBatchResult>('/api/integrity/card-uses/batch', { rows }, { headers: { 'Idempotency-Key': key } }),
};

export const cardsKeys = {
  all: ['integrity', 'cards'] as const,
  trajectory: (personId: string, from?: string, to?: string) => ['integrity', 'cards', 'trajectory', personId, from ?? '', to ?? ''] as const,
  institutions: (query: InstitutionQuery) => ['integrity', 'cards', 'institutions', query] as const,
};
