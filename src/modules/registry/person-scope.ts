import { eq } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext, type StaffActor } from '@core/access/guard.ts';
import type { Action } from '@core/access/roles.ts';
import type { AuditEvent } from '@core/audit/audit.service.ts';
import { appError } from '@core/http/errors.ts';
import { maskIdNumber, maskPhone } from '@core/crypto/masking.ts';
import { persons } from './registry.tables.ts';
import { registryError } from './registry.errors.ts';
import { householdRegionProblem } from './person-fields.ts';

export type PersonRow = typeof persons.$inferSelect;
export type PersonScope = ReturnType<typeof createPersonScope>;

/**
 * What every part of the registry does the same way: find a person within the caller's
 * region, name who made a change, and write audit entries with the person as their subject,
 * so that the person sees them in their data tracker.
 */
export function createPersonScope(platform: Platform) {
  const { database, guard, regions, crypto } = platform;

  /** A person as every answer shows them: identifiers masked. */
  function personDto(p: PersonRow) {
    return {
      id: p.id,
      name: p.name,
      idNumberMasked: maskIdNumber(crypto.decrypt(p.idNumberEnc)),
      sex: p.sex,
      birthDate: p.birthDate,
      householdRegion: p.householdRegion,
      householdRegionName: regions.fullName(p.householdRegion),
      phoneMasked: p.phoneEnc ? maskPhone(crypto.decrypt(p.phoneEnc)) : null,
      status: p.status,
      diedOn: p.diedOn,
      deathSource: p.deathSource,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }

  async function load(db: Db, id: string): Promise<PersonRow | undefined> {
    const [row] = await db.select().from(persons).where(eq(persons.id, id)).limit(1);
    return row;
  }

  /** Loads a person for `action`, refusing (as not found) anyone outside the caller's region. */
  async function loadInScope(ctx: RequestContext, action: Action, id: string) {
    const row = await load(database.db, id);
    const actor = await guard.require(ctx, action, { kind: 'person', id, regionCode: row?.householdRegion ?? NO_SUCH_TARGET, subjectId: id });
    if (!row) throw registryError('person_not_found');
    return { row, actor };
  }

  /** A county or town code: the levels at which people and employers are served. */
  function localRegion(code: string) {
    const region = regions.get(code);
    const problem = householdRegionProblem(region);
    if (problem === 'unknown_region') throw appError('unknown_region', { detail: `no administrative division ${code}` });
    if (problem) throw registryError(problem);
    return region!.code;
  }

  const byWhom = (actor: StaffActor) => ({ byKind: 'staff', byId: actor.id, byName: actor.name });

  function personEvent(
    actor: StaffActor,
    ctx: RequestContext,
    person: { id: string },
    action: string,
    extra: { purpose?: string; details?: Record<string, unknown>; target?: { kind: string; id: string } } = {},
  ): AuditEvent {
    return {
      actor: auditActorOf(actor),
      action,
      targetKind: extra.target?.kind ?? 'person',
      targetId: extra.target?.id ?? person.id,
      subjectId: person.id,
      channel: ctx.channel,
      requestId: ctx.requestId,
      purpose: extra.purpose ?? null,
      details: extra.details ?? null,
    };
  }

  return { load, loadInScope, localRegion, byWhom, personEvent, personDto };
}
