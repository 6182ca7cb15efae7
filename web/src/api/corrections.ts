/** Citizens' requests to correct their data (PIPL art. 46), as tasks for caseworkers. */
import { api } from './client';
import type { Page } from './types';

export const CORRECTION_FIELDS = ['name', 'household_region', 'phone', 'card', 'bank_account', 'income', 'enrolment', 'employment', 'other'] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

export const CORRECTION_STATUSES = ['open', 'done', 'refused'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

export interface CorrectionRequest {
  id: string;
  personId: string;
  region: string;
  regionName: string;
  field: CorrectionField | string;
  requested: string;
  status: CorrectionStatus | string;
  /** The answer is due within 15 working days. */
  dueAt: string;
  overdue: boolean;
  createdAt: string;
  resolvedAt: string | null;
  answer: string | null;
}

export interface CorrectionTask extends CorrectionRequest {
  personName: string;
}

export interface CorrectionQuery {
  status?: CorrectionStatus;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

export const correctionsApi = {
  list: (query: CorrectionQuery) => api.get<Page<CorrectionTask>>('/api/registry/corrections', { ...query }),
  resolve: (id: string, body: { outcome: 'done' | 'refused'; answer: string }) =>
    api.post<CorrectionRequest>(`/api/registry/corrections/${encodeURIComponent(id)}/resolve`, body),
};

export const correctionsKeys = {
  all: ['corrections'] as const,
};
