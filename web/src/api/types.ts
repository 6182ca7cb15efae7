/** Shapes of the server's JSON, as documented in the API contract. */

export const ROLES = ['caseworker', 'department_head', 'supervisor', 'partner', 'sysadmin', 'secadmin', 'auditadmin'] as const;
export type Role = (typeof ROLES)[number];
export const ADMIN_ROLES: readonly Role[] = ['sysadmin', 'secadmin', 'auditadmin'];

export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
}

export interface SecondFactors {
  totp: boolean;
  passkeys: Passkey[];
  recoveryCodesLeft: number;
}

export interface Department {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
}

export interface Me {
  kind: 'staff' | 'citizen';
  id: string;
  displayName: string;
  username?: string;
  roles: string[];
  department?: Department;
  idNumberMasked?: string;
  phoneMasked?: string;
  birthDate?: string;
  sex?: string;
  regionCode?: string;
  regionName?: string;
  secondFactors: SecondFactors;
}

export type SecondFactorMethod = 'totp' | 'passkey' | 'recovery';

export type LoginStep =
  | { next: 'second_factor'; methods: SecondFactorMethod[] }
  | { next: 'enrol' }
  | { next: 'done'; me: Me };

export interface WithMe {
  me: Me;
  recoveryCodes?: string[];
}

export interface Health {
  status: 'ok' | 'degraded';
  version?: string;
  uptimeSeconds?: number;
  database: { kind: string; ok: boolean; latencyMs?: number; error?: string };
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Citizen {
  id: string;
  name: string;
  idNumberMasked: string;
  sex: string;
  birthDate: string;
  regionCode: string;
  regionName: string;
  phoneMasked: string | null;
}

export const UNMASK_PURPOSES = ['case_handling', 'identity_verification', 'benefit_review', 'other'] as const;
export type UnmaskPurpose = (typeof UNMASK_PURPOSES)[number];

export interface Unmasked {
  idNumber: string;
  phone: string | null;
}

export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  departmentId?: string;
  departmentName: string;
  regionCode: string;
  regionName: string;
  locked: boolean;
  secondFactorEnrolled: boolean;
  disabled: boolean;
}

export interface NewStaff {
  username: string;
  displayName: string;
  departmentId: string;
  roles: Role[];
  password: string;
}

export type Overview = Record<string, unknown>;

export interface AuditEntry {
  id: number;
  /** Null for the moment before the entry is linked into the hash chain. */
  seq: number | null;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  actorRegion: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  subjectId: string | null;
  purpose: string | null;
  outcome: string;
  channel?: string;
  requestId: string | null;
  hash: string | null;
}

export interface AuditQuery {
  subject?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  checkpoints: number;
  unsealedEntries?: number;
  firstBadSeq?: number;
  badCheckpointId?: number;
  problem?: string;
}
