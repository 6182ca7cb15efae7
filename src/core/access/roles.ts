/**
 * Roles and what each may do. Regions limit where; these lists limit what.
 * GB/T 22239-2019 level 3 separates system, security and audit administration (三权分立).
 */
export const roles = ['caseworker', 'department_head', 'supervisor', 'partner', 'sysadmin', 'secadmin', 'auditadmin'] as const;
export type Role = (typeof roles)[number];

export const adminRoles = ['sysadmin', 'secadmin', 'auditadmin'] as const satisfies readonly Role[];

export const actions = [
  'console:overview',
  'region:read',
  'citizen:list',
  'citizen:read',
  /** See a full ID number or phone; needs a stated purpose and is audited. */
  'citizen:unmask',
  'department:list',
  'staff:list',
  'staff:create',
  'staff:unlock',
  'staff:revoke_sessions',
  'audit:read',
  'audit:verify',
  // 问政 appeals
  'appeal:list',
  'appeal:read',
  /** Acknowledge, note, reply, transfer, return. */
  'appeal:handle',
  /** Enter a hotline (12333) call on a caller's behalf. */
  'appeal:intake',
  /** Record the callback to a citizen who rated the handling badly. */
  'appeal:callback',
  /** Approve or refuse a request to extend an appeal's reply deadline (延期). */
  'appeal:approve_extension',
  /** Categories, routing rules and time limits. */
  'appeal:configure',
  // Person registry
  'person:list',
  'person:read',
  'person:register',
  /** Correct a person's data, or record a death reported at the counter. */
  'person:correct',
  /** See a person's full ID number or phone; needs a stated purpose and is audited. */
  'person:unmask',
  'employer:list',
  'employer:register',
  'employer:correct',
  /** Handle citizens' requests to correct their data (PIPL). */
  'correction:handle',
  // Data exchange with partner departments
  /** Register partner systems, their keys, datasets and purposes. */
  'exchange:manage',
  /** Read the exchange message log. */
  'exchange:log',
  /** Ask a partner department about a person (e.g. is this person alive?). */
  'exchange:query',
  // Funds: contributions, accounts, pensions, payroll, ledger and disclosure
  /** Average wages, contribution rates, interest rates, months divisors of a region. */
  'fund:configure',
  'contribution:read',
  /** Enter an employer's monthly declaration (申报). */
  'contribution:declare',
  /** Book money an employer paid in. */
  'contribution:collect',
  'pension:read',
  /** Grant, suspend, resume or stop a pension; handle recovery of overpayments. */
  'pension:manage',
  'payroll:read',
  /** Start a monthly payroll run and send its bank files. */
  'payroll:run',
  // Integrity: checks before money leaves
  'integrity:read',
  /** Release or stop a held payment (separate from running the payroll); confirm or dismiss an employer's fraud finding. */
  'integrity:review',
  /** Record fraud suspected of an employer (骗保线索), for another to decide. */
  'integrity:raise',
  'ledger:read',
  /** Post fiscal subsidies, interest, transfers and management costs; seal a month's disclosure. */
  'ledger:post',
  // 人社信用: credit ratings of employers and persons, and the dishonesty list (失信名单)
  'credit:read',
  /** Publish a rule version, run the ratings, record an objection, list or dismiss an entry, repair it. */
  'credit:manage',
] as const;
export type Action = (typeof actions)[number];

const handling: Action[] = ['console:overview', 'region:read', 'citizen:list', 'citizen:read', 'appeal:list', 'appeal:read'];
const appealWork: Action[] = ['appeal:handle', 'appeal:intake', 'appeal:callback'];
const registryWork: Action[] = [
  'person:list',
  'person:read',
  'person:register',
  'person:correct',
  'person:unmask',
  'employer:list',
  'employer:register',
  'employer:correct',
  'correction:handle',
  'exchange:query',
];
const fundWork: Action[] = ['contribution:read', 'contribution:declare', 'contribution:collect', 'pension:read', 'pension:manage', 'payroll:read', 'integrity:read', 'integrity:raise'];
const fundReading: Action[] = ['contribution:read', 'pension:read', 'payroll:read', 'integrity:read', 'ledger:read'];

export const permissions: Record<Role, readonly Action[]> = {
  caseworker: [...handling, ...appealWork, ...registryWork, ...fundWork, 'citizen:unmask', 'credit:read'],
  department_head: [
    ...handling,
    ...appealWork,
    ...registryWork,
    ...fundWork,
    'citizen:unmask',
    'staff:list',
    'department:list',
    'fund:configure',
    'payroll:run',
    'integrity:review',
    'ledger:read',
    'ledger:post',
    // Listing a party as dishonest is a decision with legal effect: the head takes it, not the caseworker.
    'credit:read',
    'credit:manage',
  ],
  // Supervisors watch the money and review what the checks hold; they do not pay it out.
  supervisor: [...handling, 'appeal:handle', 'appeal:approve_extension', 'person:list', 'person:read', 'employer:list', ...fundReading, 'integrity:review', 'integrity:raise', 'credit:read'],
  // Machine clients of partner departments: their datasets and purposes come with the exchange.
  partner: ['region:read'],
  sysadmin: ['console:overview', 'region:read', 'department:list', 'staff:list', 'staff:create', 'appeal:configure', 'exchange:manage', 'exchange:log'],
  secadmin: ['console:overview', 'region:read', 'staff:list', 'staff:unlock', 'staff:revoke_sessions'],
  auditadmin: ['console:overview', 'region:read', 'audit:read', 'audit:verify', 'exchange:log', 'ledger:read'],
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Null when the set is allowed; otherwise the admin roles that clash. */
export function adminRoleConflict(held: readonly string[]): string[] | null {
  const admin = held.filter((r) => (adminRoles as readonly string[]).includes(r));
  return admin.length > 1 ? admin : null;
}
