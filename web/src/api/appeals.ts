/** 问政 appeals: shapes of the server's JSON and the calls that fetch them. */
import { useQuery } from '@tanstack/react-query';
import { api, upload, type RequestOptions } from './client';
import type { Department, Page } from './types';

export const APPEAL_KINDS = ['complaint', 'help', 'consultation', 'suggestion', 'report'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];

export const APPEAL_STATUSES = ['submitted', 'in_progress', 'replied', 'closed', 'returned'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** Ratings 5..1; 1–2 send the appeal back for redoing. */
export const RATINGS = [5, 4, 3, 2, 1] as const;

export interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
}

export interface Region {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

export interface RegionWithChildren {
  region: Region;
  fullName: string;
  children: Region[];
}

export interface NewAppeal {
  kind: AppealKind;
  categoryCode?: string;
  title: string;
  body: string;
  regionCode: string;
  isPublic: boolean;
  anonymous: boolean;
  contactName?: string;
  contactPhone?: string;
}

/** What a citizen sees of their own appeal. */
export interface Appeal {
  id: string;
  trackingNo: string;
  kind: string;
  categoryCode: string;
  title: string;
  body: string;
  regionCode: string;
  regionName: string;
  departmentName: string;
  status: string;
  isPublic: boolean;
  anonymous: boolean;
  channel: string;
  createdAt: string;
  ackDueAt: string;
  replyDueAt: string;
  acknowledgedAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  publicReply: string | null;
  rating: number | null;
  ratingComment: string | null;
  overdue: boolean;
}

/** What staff see: the citizen's view plus handling details. */
export interface StaffAppeal extends Appeal {
  departmentId: string;
  categoryConfidence: number | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  resolved: boolean | null;
  redoCount: number;
  transferCount: number;
  escalationLevel: number;
  remindedAt: string | null;
  noticedAt: string | null;
  callbackDueAt: string | null;
  callbackDoneAt: string | null;
  duplicateOf: string | null;
  /** Approved extensions (延期) so far. */
  extensionCount: number;
  /** Working days asked for by a pending extension request; null when none is pending. */
  extensionRequestedDays: number | null;
  extensionReason: string | null;
}

/** A file attached to an appeal by its citizen. */
export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** Client-side mirror of the server's attachment limits. */
export const ATTACHMENT_ACCEPT = '.jpg,.jpeg,.png,.webp,.pdf';
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

export const ROUTING_LEVELS = ['town', 'county', 'city'] as const;
export type RoutingLevel = (typeof ROUTING_LEVELS)[number];

export interface ConfigCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  keywords: string[];
  active: boolean;
}

export interface RoutingRule {
  categoryCode: string | null;
  /** '' for every region, else a division code prefix. */
  regionPrefix: string;
  level: RoutingLevel;
  note?: string;
}

export interface TimeLimit {
  categoryCode: string | null;
  kind: AppealKind | null;
  ackWorkingHours: number;
  replyWorkingDays: number;
}

export interface AppealConfig {
  categories: ConfigCategory[];
  routingRules: (RoutingRule & { id: number; note: string })[];
  timeLimits: (TimeLimit & { id: number })[];
}

export interface AppealEvent {
  id: number;
  at: string;
  type: string;
  visibility: 'public' | 'internal' | string;
  actorKind: string;
  actorName: string | null;
  departmentName: string | null;
  body: string | null;
  details: Record<string, unknown> | null;
}

export interface WithEvents<A> {
  appeal: A;
  events: AppealEvent[];
}

/** An appeal on the public wall: personal data masked, text null when the filer kept it private. */
export interface PublicAppeal {
  trackingNo: string;
  kind: string;
  categoryCode: string;
  title: string | null;
  body: string | null;
  filer: string | null;
  regionName: string;
  status: string;
  departmentName: string;
  createdAt: string;
  replyDueAt: string;
  repliedAt: string | null;
  publicReply: string | null;
  repliedBy: string | null;
  handlingHours: number | null;
}

export interface StaffAppealQuery {
  status?: AppealStatus;
  categoryCode?: string;
  overdue?: boolean;
  q?: string;
  page: number;
  pageSize: number;
}

export interface PublicAppealQuery {
  q?: string;
  regionCode?: string;
  categoryCode?: string;
  status?: AppealStatus;
  page: number;
  pageSize: number;
}

const idem = (key: string): RequestOptions => ({ headers: { 'Idempotency-Key': key } });
const at = (id: string) => `/api/appeals/${encodeURIComponent(id)}`;

export const appealsApi = {
  categories: () => api.get<Category[]>('/api/appeals/categories'),
  /** Every bureau of my city: where an appeal can be transferred. */
  transferTargets: () => api.get<Department[]>('/api/appeals/departments'),
  region: (code: string) => api.get<RegionWithChildren>(`/api/regions/${encodeURIComponent(code)}`),
  // citizen
  file: (body: NewAppeal, key: string) => api.post<Appeal>('/api/appeals', body, idem(key)),
  mine: (query: { page: number; pageSize: number }) => api.get<Page<Appeal>>('/api/my/appeals', { ...query }),
  mineOne: (id: string) => api.get<WithEvents<Appeal>>(`/api/my/appeals/${encodeURIComponent(id)}`),
  rate: (id: string, body: { rating: number; comment?: string }, key: string) =>
    api.post<Appeal>(`/api/my/appeals/${encodeURIComponent(id)}/rating`, body, idem(key)),
  attachments: (id: string) => api.get<Attachment[]>(`/api/my/appeals/${encodeURIComponent(id)}/attachments`),
  attach: (id: string, file: File) => upload<Attachment>(`/api/my/appeals/${encodeURIComponent(id)}/attachments`, file, file.name),
  // staff
  list: (query: StaffAppealQuery) => api.get<Page<StaffAppeal>>('/api/appeals', { ...query }),
  get: (id: string) => api.get<WithEvents<StaffAppeal>>(at(id)),
  hotline: (body: NewAppeal, key: string) => api.post<StaffAppeal>('/api/appeals/hotline', body, idem(key)),
  acknowledge: (id: string) => api.post<StaffAppeal>(`${at(id)}/acknowledge`),
  note: (id: string, body: string) => api.post<void>(`${at(id)}/notes`, { body }),
  reply: (id: string, body: string, resolved: boolean) => api.post<StaffAppeal>(`${at(id)}/reply`, { body, resolved }),
  transfer: (id: string, departmentId: string, reason: string) => api.post<StaffAppeal>(`${at(id)}/transfer`, { departmentId, reason }),
  returnToDispatcher: (id: string, reason: string) => api.post<StaffAppeal>(`${at(id)}/return`, { reason }),
  merge: (id: string) => api.post<StaffAppeal>(`${at(id)}/merge`),
  callback: (id: string, body: string) => api.post<StaffAppeal>(`${at(id)}/callback`, { body }),
  requestExtension: (id: string, days: number, reason: string) => api.post<StaffAppeal>(`${at(id)}/extension`, { days, reason }),
  decideExtension: (id: string, approve: boolean, comment?: string) =>
    api.post<StaffAppeal>(`${at(id)}/extension/decision`, comment ? { approve, comment } : { approve }),
  staffAttachments: (id: string) => api.get<Attachment[]>(`${at(id)}/attachments`),
  // system administrator
  config: () => api.get<AppealConfig>('/api/appeals/config'),
  saveRoutingRules: (rules: RoutingRule[]) => api.put<AppealConfig>('/api/appeals/config/routing-rules', rules),
  saveTimeLimits: (limits: TimeLimit[]) => api.put<AppealConfig>('/api/appeals/config/time-limits', limits),
  // public
  wall: (query: PublicAppealQuery) => api.get<Page<PublicAppeal>>('/api/public/appeals', { ...query }),
  track: (trackingNo: string) => api.get<PublicAppeal>(`/api/public/appeals/${encodeURIComponent(trackingNo)}`),
};

/** Where the browser downloads an attachment: the citizen's or the staff route. */
export function attachmentHref(appealId: string, attachmentId: string, staff: boolean): string {
  const base = staff ? '/api/appeals' : '/api/my/appeals';
  return `${base}/${encodeURIComponent(appealId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** The city whose counties and towns the region pickers offer (银川市). */
export const DEFAULT_CITY = '6401';

export function useCategories() {
  return useQuery({ queryKey: ['appeal-categories'], queryFn: appealsApi.categories, staleTime: 60 * 60_000 });
}

export function useRegion(code: string | undefined) {
  return useQuery({
    queryKey: ['region', code],
    queryFn: () => appealsApi.region(code ?? DEFAULT_CITY),
    enabled: !!code,
    staleTime: Infinity,
  });
}

/** A random key for one submission; reused when the same submission is retried. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
