import { api } from './client';
import type {
  AuditEntry,
  AuditQuery,
  AuditVerification,
  Citizen,
  Department,
  NewStaff,
  Overview,
  Page,
  StaffMember,
  Unmasked,
  UnmaskPurpose,
} from './types';

export interface ListQuery {
  q?: string;
  page: number;
  pageSize: number;
}

export const consoleApi = {
  overview: () => api.get<Overview>('/api/console/overview'),
  citizens: (query: ListQuery) => api.get<Page<Citizen>>('/api/citizens', { ...query }),
  unmask: (id: string, purpose: UnmaskPurpose, note?: string) =>
    api.post<Unmasked>(`/api/citizens/${encodeURIComponent(id)}/unmask`, note ? { purpose, note } : { purpose }),
  staff: (query: ListQuery) => api.get<Page<StaffMember>>('/api/staff', { ...query }),
  createStaff: (body: NewStaff) => api.post<{ id: string }>('/api/staff', body),
  departments: () => api.get<Department[]>('/api/departments'),
  unlockStaff: (id: string) => api.post<void>(`/api/staff/${encodeURIComponent(id)}/unlock`),
  revokeStaffSessions: (id: string) => api.post<{ revoked?: number } | undefined>(`/api/staff/${encodeURIComponent(id)}/revoke-sessions`),
  auditEntries: (query: AuditQuery) => api.get<Page<AuditEntry>>('/api/audit/entries', { ...query }),
  auditVerify: () => api.get<AuditVerification>('/api/audit/verify'),
};
