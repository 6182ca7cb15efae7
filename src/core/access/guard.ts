import { appError } from '../http/errors.ts';
import type { Audit, AuditActor } from '../audit/audit.service.ts';
import { isWithinRegion } from '../regions/regions.service.ts';
import { permissions, type Action, type Role } from './roles.ts';

export interface StaffActor {
  kind: 'staff';
  id: string;
  name: string;
  roles: Role[];
  departmentId: string;
  /** The department's region: the actor sees this region and everything inside it. */
  regionCode: string;
}

export interface CitizenActor {
  kind: 'citizen';
  id: string;
  name: string;
  regionCode: string;
}

export type Actor = StaffActor | CitizenActor;

/** How an actor is written into the audit log. */
export function auditActorOf(actor: Actor): AuditActor {
  return {
    kind: actor.kind,
    id: actor.id,
    name: actor.name,
    role: actor.kind === 'staff' ? actor.roles.join(',') : 'citizen',
    region: actor.regionCode,
  };
}

export interface RequestContext {
  actor: Actor;
  requestId: string;
  channel: 'staff_screen' | 'citizen_portal' | 'partner_api' | 'batch' | 'system';
}

/**
 * The region of a target that does not exist: inside no staff member's region, so a lookup of a
 * missing id is refused like one outside the caller's region, and the denial says so in the log.
 */
export const NO_SUCH_TARGET = 'none';

export interface Target {
  kind: string;
  id?: string;
  /** Region the target belongs to; undefined for targets with no region (the actor's own things). */
  regionCode?: string;
  /** The citizen the target's data is about, for the data tracker. */
  subjectId?: string;
}

export function roleAllows(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => permissions[role].includes(action));
}

/** The pure decision: role × region × action. */
export function decide(actor: Actor, action: Action, target?: Target): 'allow' | 'forbidden' | 'out_of_scope' {
  if (actor.kind !== 'staff') return 'forbidden';
  if (!roleAllows(actor.roles, action)) return 'forbidden';
  if (target?.regionCode !== undefined && !isWithinRegion(target.regionCode, actor.regionCode)) return 'out_of_scope';
  return 'allow';
}

export type Guard = ReturnType<typeof createGuard>;

/**
 * The one place that decides whether a staff request may proceed. A missing permission is a
 * 403; a target outside the actor's region is a 404, so that nobody learns what exists
 * elsewhere. Every denial is audited.
 */
export function createGuard(deps: { audit: Audit }) {
  async function deny(ctx: RequestContext, action: Action, target: Target | undefined, reason: string) {
    await deps.audit.record({
      actor: auditActorOf(ctx.actor),
      action,
      targetKind: target?.kind ?? null,
      targetId: target?.id ?? null,
      subjectId: target?.subjectId ?? null,
      outcome: 'denied',
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { reason, targetRegion: target?.regionCode ?? null },
    });
  }

  return {
    /** Throws unless the actor may do `action` (on `target`, when given). */
    async require(ctx: RequestContext, action: Action, target?: Target): Promise<StaffActor> {
      const decision = decide(ctx.actor, action, target);
      if (decision === 'allow') return ctx.actor as StaffActor;
      await deny(ctx, action, target, decision);
      throw decision === 'forbidden' ? appError('forbidden') : appError('not_found');
    },
    /** The region prefix every list query of this actor is limited to. */
    scope(ctx: RequestContext): string {
      return ctx.actor.regionCode;
    },
  };
}
