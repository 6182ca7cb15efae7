/**
 * 数据交换 data exchange with partner departments (横向对接): the dataset catalogue, partner
 * systems and their grants, the message log, and questions put to a partner about a person.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Page } from './types';

export const DEPARTMENT_KINDS = ['public_security', 'civil_affairs', 'health', 'tax', 'bank', 'education'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** Asked of a partner by the platform. */
export const OUTBOUND_QUERY_KINDS = ['person_alive', 'account_holder'] as const;
export type OutboundQueryKind = (typeof OUTBOUND_QUERY_KINDS)[number];

export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];
export const MESSAGE_KINDS = ['batch', 'query', 'answer'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MESSAGE_STATUSES = ['applied', 'rejected', 'duplicate', 'refused', 'answered', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export const VERIFICATION_RESULTS = ['valid', 'invalid', 'missing', 'expired', 'not_signed'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

export interface CatalogueDataset {
  /** `public_security.death@1` */
  dataset: string;
  name: string;
  version: number;
  department: DepartmentKind | string;
  titleZh: string;
  titleEn: string;
  fields: string[];
  required: string[];
  /** The record's JSON Schema. */
  schema: Record<string, unknown>;
}

export interface Catalogue {
  datasets: CatalogueDataset[];
  purposes: (Bilingual & { code: string })[];
  queryKinds: { outbound: string[]; inbound: string[] };
  departments: string[];
  /** Adapters the platform can ask partners through (the demo has `simulated`). */
  adapters: string[];
  limits: { maxBytes: number; maxRecords: number; signatureWindowMinutes: number };
}

export interface Partner {
  id: string;
  code: string;
  name: string;
  department: DepartmentKind | string;
  jurisdiction: string;
  jurisdictionName: string;
  publicKeyPem: string;
  /** First 16 hex digits of the SHA-256 of the key (SPKI DER): its fingerprint. */
  keyId: string;
  keyActivatedAt: string;
  previousKeyId: string | null;
  /** Until then the key before the last rotation is still accepted. */
  previousKeyExpiresAt: string | null;
  credentialIssuedAt: string;
  datasets: string[];
  queryKinds: string[];
  purposes: string[];
  /** The adapter the platform asks the partner through; null when it cannot be asked. */
  adapter: string | null;
  status: 'active' | 'suspended' | string;
  statusReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The partner's API credential appears in this answer only; the server keeps a hash. */
export interface PartnerWithCredential {
  partner: Partner;
  credential: string;
}

export interface PartnerGrants {
  datasets: string[];
  queryKinds: string[];
  purposes: string[];
}

/** Grants, and the adapter the partner is asked through: left out keeps it, null removes it. */
export interface PartnerSettings extends PartnerGrants {
  adapter?: string | null;
}

export interface NewPartner extends PartnerGrants {
  code: string;
  name: string;
  department: DepartmentKind;
  jurisdiction: string;
  publicKeyPem: string;
  adapter?: string | null;
}

export interface ExchangeMessage {
  id: string;
  direction: MessageDirection | string;
  kind: MessageKind | string;
  partnerId: string;
  partnerCode: string;
  partnerName: string;
  /** `dataset@version` for batches. */
  dataset: string | null;
  queryKind: string | null;
  /** The partner's batch id, or the query's id. */
  batchId: string | null;
  contentType: string | null;
  /** SHA-256 of the exact bytes, lower-case hex. */
  bodySha256: string;
  bodyBytes: number;
  /** Base64 Ed25519 signature. */
  signature: string | null;
  keyId: string | null;
  signedAt: string | null;
  verification: VerificationResult | string;
  status: MessageStatus | string;
  problemCode: string | null;
  recordCount: number;
  accepted: number;
  rejected: number;
  purpose: string | null;
  requestId: string | null;
  initiatedByName: string | null;
  relatedMessageId: string | null;
  receivedAt: string;
  completedAt: string | null;
}

export interface RecordResult {
  line: number;
  idNumberMasked: string | null;
  status: 'accepted' | 'valid' | 'rejected' | string;
  effect?: 'applied' | 'unchanged' | string;
  code?: string;
  field?: string;
  message?: Bilingual;
}

/** A query or its answer, identifiers masked. */
export interface MaskedContent {
  kind?: string;
  idNumberMasked?: string;
  accountNumberMasked?: string | null;
  queryId?: string;
  found?: boolean;
  alive?: boolean;
  since?: string | null;
  holder?: boolean;
  enrolled?: boolean;
}

export interface ExchangeMessageDetail extends ExchangeMessage {
  records: RecordResult[];
  content: MaskedContent | null;
  /** Whether the stored body still hashes to the logged SHA-256; null when no body is kept. */
  bodyIntact: boolean | null;
}

export interface MessageQuery {
  /** Partner code or id. */
  partner?: string;
  direction?: MessageDirection;
  kind?: MessageKind;
  status?: MessageStatus;
  dataset?: string;
  batchId?: string;
  /** ISO 8601 date-times. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export type MessageFilters = Omit<MessageQuery, 'page' | 'pageSize'>;

/** Messages per China Standard Time day and status, under the log's filters. */
export interface MessageSummary {
  days: { day: string; status: MessageStatus | string; count: number }[];
}

export interface PartnerQuestion {
  partnerId: string;
  personId: string;
  kind: OutboundQueryKind;
  purpose: string;
  /** account_holder: a number to confirm, typed in full. */
  accountNumber?: string;
  /** account_holder: one of the person's registry accounts, closed ones too; without either, the active one. */
  accountId?: string;
}

export interface PartnerAnswer {
  found: boolean;
  alive?: boolean;
  since?: string | null;
  holder?: boolean;
}

export interface PartnerQueryResult {
  messageId: string;
  answerMessageId: string;
  partner: { id: string; code: string; name: string };
  kind: OutboundQueryKind | string;
  purpose: string;
  idNumberMasked: string;
  accountNumberMasked: string | null;
  answer: PartnerAnswer;
  askedAt: string;
  answeredAt: string;
}

const partnerPath = (id: string, rest = '') => `/api/exchange/partners/${encodeURIComponent(id)}${rest}`;

export const exchangeApi = {
  catalogue: () => api.get<Catalogue>('/api/exchange/datasets'),
  partners: () => api.get<Partner[]>('/api/exchange/partners'),
  register: (body: NewPartner) => api.post<PartnerWithCredential>('/api/exchange/partners', body),
  changeSettings: (id: string, body: PartnerSettings) => api.patch<Partner>(partnerPath(id), body),
  suspend: (id: string, reason: string) => api.post<Partner>(partnerPath(id, '/suspend'), { reason }),
  reactivate: (id: string, reason: string) => api.post<Partner>(partnerPath(id, '/reactivate'), { reason }),
  rotateKey: (id: string, body: { publicKeyPem: string; overlapHours: number }) => api.post<Partner>(partnerPath(id, '/key'), body),
  newCredential: (id: string) => api.post<PartnerWithCredential>(partnerPath(id, '/credential')),
  messages: (query: MessageQuery) => api.get<Page<ExchangeMessage>>('/api/exchange/messages', { ...query }),
  messageSummary: (filters: MessageFilters) => api.get<MessageSummary>('/api/exchange/messages/summary', { ...filters }),
  message: (id: string) => api.get<ExchangeMessageDetail>(`/api/exchange/messages/${encodeURIComponent(id)}`),
  ask: (body: PartnerQuestion) => api.post<PartnerQueryResult>('/api/exchange/partner-queries', body),
};

export const exchangeKeys = {
  all: ['exchange'] as const,
  catalogue: ['exchange', 'catalogue'] as const,
  partners: ['exchange', 'partners'] as const,
  /** The log's pages and its summary: both change when a message is logged. */
  messages: ['exchange', 'messages'] as const,
  messageSummary: (filters: MessageFilters) => ['exchange', 'messages', 'summary', filters] as const,
  message: (id: string) => ['exchange', 'message', id] as const,
};

/** The catalogue changes only with a server release. */
export function useExchangeCatalogue() {
  return useQuery({ queryKey: exchangeKeys.catalogue, queryFn: exchangeApi.catalogue, staleTime: Infinity });
}
