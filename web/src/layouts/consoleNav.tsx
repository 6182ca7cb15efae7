import type { ReactNode } from 'react';
import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  BankOutlined,
  CloudServerOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  FormOutlined,
  IdcardOutlined,
  LockOutlined,
  MessageOutlined,
  MoneyCollectOutlined,
  PayCircleOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SettingOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { Role } from '../api/types';

export interface NavItem {
  key: string;
  path: string;
  labelKey: string;
  icon: ReactNode;
  /** Roles that see this page; undefined means every staff member. */
  roles?: readonly Role[];
  /** The key of the menu group (navGroups) the page sits in; a group shows when any of its pages does. */
  group?: string;
}

export interface NavGroup {
  key: string;
  labelKey: string;
  icon: ReactNode;
}

export const CITIZEN_ROLES: readonly Role[] = ['caseworker', 'department_head', 'supervisor'];
/** Roles whose permissions include seeing a citizen's full ID number (server: citizen:unmask). */
export const UNMASK_ROLES: readonly Role[] = ['caseworker', 'department_head'];
/** Roles that list and read the person registry (server: person:list, person:read). */
export const REGISTRY_ROLES: readonly Role[] = ['caseworker', 'department_head', 'supervisor'];
/** Roles that register and correct persons, record deaths and see full identifiers (server: person:register, person:correct, person:unmask). */
export const REGISTRY_WRITE_ROLES: readonly Role[] = ['caseworker', 'department_head'];
/** Roles that list and read employers (server: employer:list). */
export const EMPLOYER_ROLES: readonly Role[] = ['caseworker', 'department_head', 'supervisor'];
/** Roles that register employers and change their status (server: employer:register, employer:correct). */
export const EMPLOYER_WRITE_ROLES: readonly Role[] = ['caseworker', 'department_head'];
/** Roles that answer citizens' correction requests (server: correction:handle). */
export const CORRECTION_ROLES: readonly Role[] = ['caseworker', 'department_head'];
/** Roles that list, read and handle appeals (server: appeal:list, appeal:read, appeal:handle). */
export const APPEAL_ROLES: readonly Role[] = ['caseworker', 'department_head', 'supervisor'];
/** Roles that enter hotline calls and record callbacks (server: appeal:intake, appeal:callback). */
export const HOTLINE_ROLES: readonly Role[] = ['caseworker', 'department_head'];
/** Roles that see the appeal KPIs of their region (server: appeal:list; drill-down reads /api/appeals/departments, appeal:handle). */
export const KPI_ROLES: readonly Role[] = ['caseworker', 'department_head', 'supervisor'];
/** Roles that register partner systems and change their keys, credentials and grants (server: exchange:manage). */
export const EXCHANGE_MANAGE_ROLES: readonly Role[] = ['sysadmin'];
/** Roles that read the exchange message log (server: exchange:log). */
export const EXCHANGE_LOG_ROLES: readonly Role[] = ['sysadmin', 'auditadmin'];
/** Roles that ask a partner department about a person (server: exchange:query). */
export const EXCHANGE_QUERY_ROLES: readonly Role[] = ['caseworker', 'department_head'];

/** Roles that list and read pensions in payment (server: pension:read). */
export const PENSION_ROLES: readonly Role[] = ['caseworker', 'department_head', 'supervisor'];
/** Roles that grant, suspend, resume and stop pensions and certify at the counter (server: pension:manage). */
export const PENSION_MANAGE_ROLES: readonly Role[] = ['caseworker', 'department_head'];
/** Roles that see the payroll runs (server: payroll:read). */
export const PAYROLL_ROLES: readonly Role[] = ['caseworker', 'department_head', 'supervisor'];
/** Roles that start a payroll run, send and download its bank files (server: payroll:run). */
export const PAYROLL_RUN_ROLES: readonly Role[] = ['department_head'];
/** Roles that see the review queue and its report (server: integrity:read). */
export const INTEGRITY_ROLES: readonly Role[] = ['caseworker', 'department_head', 'supervisor'];
/** Roles that release or stop held payments (server: integrity:review). */
export const INTEGRITY_REVIEW_ROLES: readonly Role[] = ['department_head', 'supervisor'];
/** Roles that see credit ratings, rules and the dishonesty list (server: credit:read). */
export const CREDIT_ROLES: readonly Role[] = ['caseworker', 'department_head', 'supervisor'];
/** Roles that run ratings, publish rules and decide, list and repair dishonesty entries (server: credit:manage). */
export const CREDIT_MANAGE_ROLES: readonly Role[] = ['department_head'];

export const navGroups: NavGroup[] = [
  { key: 'benefits', labelKey: 'console.nav.benefits', icon: <WalletOutlined /> },
  { key: 'exchange', labelKey: 'console.nav.exchange', icon: <SwapOutlined /> },
];

export const consoleNav: NavItem[] = [
  { key: 'dashboard', path: '/console', labelKey: 'console.nav.dashboard', icon: <DashboardOutlined /> },
  { key: 'citizens', path: '/console/citizens', labelKey: 'console.nav.citizens', icon: <UserOutlined />, roles: CITIZEN_ROLES },
  { key: 'registry', path: '/console/registry', labelKey: 'console.nav.registry', icon: <IdcardOutlined />, roles: REGISTRY_ROLES },
  { key: 'employers', path: '/console/employers', labelKey: 'console.nav.employers', icon: <BankOutlined />, roles: EMPLOYER_ROLES },
  { key: 'corrections', path: '/console/corrections', labelKey: 'console.nav.corrections', icon: <FormOutlined />, roles: CORRECTION_ROLES },
  { key: 'appeals', path: '/console/appeals', labelKey: 'console.nav.appeals', icon: <MessageOutlined />, roles: APPEAL_ROLES },
  { key: 'pensions', path: '/console/pensions', labelKey: 'console.nav.pensions', icon: <MoneyCollectOutlined />, roles: PENSION_ROLES, group: 'benefits' },
  { key: 'payroll', path: '/console/payroll', labelKey: 'console.nav.payroll', icon: <PayCircleOutlined />, roles: PAYROLL_ROLES, group: 'benefits' },
  { key: 'integrity', path: '/console/integrity', labelKey: 'console.nav.integrity', icon: <AlertOutlined />, roles: INTEGRITY_ROLES, group: 'benefits' },
  { key: 'credit', path: '/console/credit', labelKey: 'console.nav.credit', icon: <SafetyCertificateOutlined />, roles: CREDIT_ROLES },
  { key: 'kpis', path: '/console/kpis', labelKey: 'console.nav.kpis', icon: <BarChartOutlined />, roles: KPI_ROLES },
  { key: 'staff', path: '/console/staff', labelKey: 'console.nav.staff', icon: <TeamOutlined />, roles: ['sysadmin'] },
  { key: 'appealConfig', path: '/console/appeal-config', labelKey: 'console.nav.appealConfig', icon: <SettingOutlined />, roles: ['sysadmin'] },
  { key: 'securityAdmin', path: '/console/security-admin', labelKey: 'console.nav.securityAdmin', icon: <LockOutlined />, roles: ['secadmin'] },
  { key: 'audit', path: '/console/audit', labelKey: 'console.nav.audit', icon: <AuditOutlined />, roles: ['auditadmin'] },
  {
    key: 'exchangePartners',
    path: '/console/exchange/partners',
    labelKey: 'console.nav.exchangePartners',
    icon: <CloudServerOutlined />,
    roles: EXCHANGE_MANAGE_ROLES,
    group: 'exchange',
  },
  {
    key: 'exchangeMessages',
    path: '/console/exchange/messages',
    labelKey: 'console.nav.exchangeMessages',
    icon: <FileSearchOutlined />,
    roles: EXCHANGE_LOG_ROLES,
    group: 'exchange',
  },
  { key: 'security', path: '/console/security', labelKey: 'console.nav.security', icon: <SafetyOutlined /> },
];

export function allowed(userRoles: readonly string[], roles: readonly Role[] | undefined): boolean {
  return !roles || roles.some((r) => userRoles.includes(r));
}
