/** 用人单位 employers, registered by unified social credit code (GB 32100-2015). */
import { api } from './client';
import type { Page } from './types';

export const EMPLOYER_STATUSES = ['active', 'suspended', 'closed'] as const;
export type EmployerStatus = (typeof EMPLOYER_STATUSES)[number];

/** GB/T 4754-2017 industry sections (门类); their names are in the translations. */
export const INDUSTRY_SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T'] as const;
export type IndustrySection = (typeof INDUSTRY_SECTIONS)[number];

export interface Employer {
  id: string;
  creditCode: string;
  name: string;
  industry: string;
  /** The section's Chinese name, from the server. */
  industryName: string;
  region: string;
  regionName: string;
  status: EmployerStatus | string;
  createdAt: string;
  updatedAt: string;
}

export interface Employee {
  personId: string;
  name: string;
  idNumberMasked: string;
  startedOn: string;
}

export interface EmployerDetail extends Employer {
  /** People working there now, newest first. */
  employees: Page<Employee>;
}

export interface EmployerQuery {
  /** A name, or a full credit code (an exact match). */
  q?: string;
  regionCode?: string;
  status?: EmployerStatus;
  page: number;
  pageSize: number;
}

export interface NewEmployer {
  creditCode: string;
  name: string;
  industry: IndustrySection;
  /** A county or town/street code. */
  region: string;
}

export interface EmployerChange {
  name?: string;
  industry?: IndustrySection;
  status?: EmployerStatus;
  reason: string;
}

const path = (id: string) => `/api/registry/employers/${encodeURIComponent(id)}`;

export const employersApi = {
  search: (query: EmployerQuery) => api.get<Page<Employer>>('/api/registry/employers', { ...query }),
  register: (body: NewEmployer, key: string) => api.post<Employer>('/api/registry/employers', body, { headers: { 'Idempotency-Key': key } }),
  get: (id: string, query: { page: number; pageSize: number }) => api.get<EmployerDetail>(path(id), { ...query }),
  change: (id: string, body: EmployerChange) => api.patch<Employer>(path(id), body),
};

export const employersKeys = {
  all: ['employers'] as const,
  list: ['employers', 'list'] as const,
  one: (id: string) => ['employers', 'one', id] as const,
};
