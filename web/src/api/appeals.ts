/** 问政 appeals: shapes of the server's JSON and the calls that fetch them. */
import { useQuery } from '@tanstack/react-query';
import { api, type RequestOptions } from './client';
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
  // staff
  list: (query: StaffAppealQuery) => api.get<Page<StaffAppeal>>('/api/appeals', { ...query }),
  get: (id: string) => api.get<WithEvents<StaffAppeal>>(at(id)),
  hotline: (body: NewAppeal, key: string) => api.post<StaffAppeal>('/api/appeals/hotline', body, idem(key)),
  acknowledge: (id: string) => api.post<StaffAppeal>(`${at(id)}/acknowledge`),
  note: (id: string, body: string) => api.post<void>(`${at(id)}/notes`, { body }),
  reply: (id: string, body: string, resolved: boolean) => api.post<StaffAppeal>(`${at(id)}/reply`, { body, resolved }),
  transfer: (id: string, departmentId: string, reason: string) => api.post<StaffAppeal>(`${at(id)}/transfer`, { departmentId, reason }),
  returnToDispatcher: (id: string, reason: string) => api.post<StaffAppeal>(`${at(id)}/return`, { reason }),
  callback: (id: string, body: string) => api.post<StaffAppeal>(`${at(id)}/callback`, { body }),
  // public
  wall: (query: PublicAppealQuery) => api.get<Page<PublicAppeal>>('/api/public/appeals', { ...query }),
  track: (trackingNo: string) => api.get<PublicAppeal>(`/api/public/appeals/${encodeURIComponent(trackingNo)}`),
};

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
