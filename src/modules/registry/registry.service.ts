import { and, asc, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import { containsPattern } from '@core/db/like.ts';
import { auditActorOf, type RequestContext } from '@core/access/guard.ts';
import { maskPhone } from '@core/crypto/masking.ts';
import { appError } from '@core/http/errors.ts';
import { parseResidentId } from '@core/identity/resident-id.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { UnmaskPurpose } from '@core/auth/citizen-accounts.service.ts';
import { personHistory, persons } from './registry.tables.ts';
import { createPersonScope } from './person-scope.ts';
import { normalizeMobile } from './person-fields.ts';
import { registryError } from './registry.errors.ts';

export interface RegisterInput {
  idNumber: string;
  name: string;
  householdRegion: string;
  phone?: string | undefined;
  /** When given, must agree with what the ID number encodes. */
  sex?: 'male' | 'female' | undefined;
  birthDate?: string | undefined;
}

export interface Correction {
  name?: string | undefined;
  householdRegion?: string | undefined;
  /** An empty string removes the phone number. */
  phone?: string | undefined;
  reason: string;
}

export type RegistryService = ReturnType<typeof createRegistryService>;

/**
 * The person registry, always inside the caller's region. Every answer masks identifiers;
 * the full values need a role that may unmask and a stated purpose, and every read and change
 * is audited with the person as its subject, so the person can see it.
 */
export function createRegistryService(platform: Platform) {
  const { database, audit, guard, crypto } = platform;
  const { loadInScope, localRegion, byWhom, personEvent, personDto: toDto } = createPersonScope(platform);

  function checkedPhone(phone: string | undefined): string | null {
    if (!phone) return null;
    const digits = normalizeMobile(phone);
    if (!digits) throw registryError('invalid_phone');
    return digits;
  }

  async function register(ctx: RequestContext, input: RegisterInput) {
    const parsed = parseResidentId(input.idNumber);
    if (!parsed.ok) throw appError('invalid_id_number', { detail: `ID number problem: ${parsed.problem}` });
    const id = parsed.value;
    if ((input.sex && input.sex !== id.sex) || (input.birthDate && input.birthDate !== id.birthDate)) {
      throw registryError('id_mismatch', { detail: `the ID number encodes ${id.sex}, born ${id.birthDate}` });
    }
    const name = input.name.trim();
    if (!name) throw registryError('name_required');
    const householdRegion = localRegion(input.householdRegion);
    const actor = await guard.require(ctx, 'person:register', { kind: 'region', regionCode: householdRegion });
    const phone = checkedPhone(input.phone);
    return database.transaction(async (tx) => {
      const [row] = await tx
        .insert(persons)
        .values({
          idNumberEnc: crypto.encrypt(id.number),
          idNumberHash: crypto.lookupHash('id_number', id.number),
          name,
          sex: id.sex,
          birthDate: id.birthDate,
          householdRegion,
          phoneEnc: phone ? crypto.encrypt(phone) : null,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw registryError('person_exists');
      await tx.insert(personHistory).values({ personId: row.id, kind: 'registered', ...byWhom(actor) });
      await audit.append(tx, personEvent(actor, ctx, row, 'person.registered', { details: { householdRegion } }));
      return toDto(row);
    });
  }

  async function search(ctx: RequestContext, q: { q?: string | undefined; regionCode?: string | undefined; page: number; pageSize: number }) {
    const actor = await guard.require(ctx, 'person:list', q.regionCode ? { kind: 'region', regionCode: q.regionCode } : undefined);
    const where: SQL[] = [sql`${persons.householdRegion} like ${(q.regionCode ?? guard.scope(ctx)) + '%'}`];
    const text = q.q?.trim();
    if (text) {
      const id = parseResidentId(text);
      // A full ID number is found through the keyed index; anything else searches names.
      where.push(id.ok ? eq(persons.idNumberHash, crypto.lookupHash('id_number', id.value.number)) : ilike(persons.name, containsPattern(text)));
    }
    const filter = and(...where);
    const byIdNumber = Boolean(text && parseResidentId(text).ok);
    const rows = await database.db
      .select()
      .from(persons)
      .where(filter)
      .orderBy(asc(persons.householdRegion), asc(persons.name), asc(persons.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    // An ID number is unique: what came back is all there is.
    const total = byIdNumber ? rows.length : ((await database.db.select({ n: count() }).from(persons).where(filter))[0]?.n ?? 0);
    // One entry for the search, one per person shown (each of them can see that they were
    // listed), written by one statement: one round trip, atomic on its own.
    await audit.appendMany(database.db, [
      {
        actor: auditActorOf(actor),
        action: 'person.searched',
        targetKind: 'person',
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { byIdNumber, regionCode: q.regionCode ?? null, page: q.page, returned: rows.length },
      },
      ...rows.map((row) => personEvent(actor, ctx, row, 'person.listed')),
    ]);
    return { items: rows.map(toDto), total, page: q.page, pageSize: q.pageSize };
  }

  async function get(ctx: RequestContext, id: string) {
    const { row, actor } = await loadInScope(ctx, 'person:read', id);
    const history = await database.db.select().from(personHistory).where(eq(personHistory.personId, id)).orderBy(desc(personHistory.id)).limit(200);
    await audit.record(personEvent(actor, ctx, row, 'person.viewed'));
    return {
      ...toDto(row),
      history: history.map((h) => ({ at: h.at.toISOString(), kind: h.kind, entityKind: h.entityKind, changes: h.changes ?? {}, reason: h.reason, byKind: h.byKind, byName: h.byName })),
    };
  }

  async function correct(ctx: RequestContext, id: string, input: Correction) {
    const { row, actor } = await loadInScope(ctx, 'person:correct', id);
    const set: Partial<typeof persons.$inferInsert> = {};
    const changes: Record<string, [unknown, unknown]> = {};
    const name = input.name?.trim();
    if (name !== undefined && name !== row.name) {
      if (!name) throw registryError('name_required');
      set.name = name;
      changes.name = [row.name, name];
    }
    if (input.householdRegion !== undefined && input.householdRegion !== row.householdRegion) {
      const region = localRegion(input.householdRegion);
      // Moving a person to another region is a change in both: the caller must serve the new one too.
      await guard.require(ctx, 'person:correct', { kind: 'region', regionCode: region });
      set.householdRegion = region;
      changes.householdRegion = [row.householdRegion, region];
    }
    if (input.phone !== undefined) {
      const before = row.phoneEnc ? crypto.decrypt(row.phoneEnc) : null;
      const after = input.phone === '' ? null : checkedPhone(input.phone);
      if (after !== before) {
        set.phoneEnc = after ? crypto.encrypt(after) : null;
        changes.phone = [before && maskPhone(before), after && maskPhone(after)];
      }
    }
    if (Object.keys(changes).length === 0) throw registryError('nothing_to_correct');
    return database.transaction(async (tx) => {
      const [updated] = await tx
        .update(persons)
        .set({ ...set, updatedAt: new Date() })
        // Unchanged since read: compared at the millisecond precision a Date carries.
        .where(and(eq(persons.id, id), sql`date_trunc('milliseconds', ${persons.updatedAt}) = ${row.updatedAt.toISOString()}::timestamptz`))
        .returning();
      if (!updated) throw registryError('person_changed');
      await tx.insert(personHistory).values({ personId: id, kind: 'corrected', changes, reason: input.reason.trim(), ...byWhom(actor) });
      await audit.append(tx, personEvent(actor, ctx, row, 'person.corrected', { details: { fields: Object.keys(changes) } }));
      return toDto(updated);
    });
  }

  /** A death reported at the counter; partner departments will report theirs through the exchange. */
  async function recordDeath(ctx: RequestContext, id: string, input: { diedOn: string; reason: string }) {
    const { row, actor } = await loadInScope(ctx, 'person:correct', id);
    if (row.status === 'deceased') throw registryError('person_deceased');
    if (input.diedOn < row.birthDate || input.diedOn > chinaDate(new Date())) throw registryError('death_date_invalid');
    return database.transaction(async (tx) => {
      const [updated] = await tx
        .update(persons)
        .set({ status: 'deceased', diedOn: input.diedOn, deathSource: 'staff', updatedAt: new Date() })
        .where(and(eq(persons.id, id), eq(persons.status, 'alive')))
        .returning();
      if (!updated) throw registryError('person_deceased');
      await tx.insert(personHistory).values({ personId: id, kind: 'died', changes: { status: ['alive', 'deceased'], diedOn: [null, input.diedOn] }, reason: input.reason.trim(), ...byWhom(actor) });
      await audit.append(tx, personEvent(actor, ctx, row, 'person.died_recorded', { details: { diedOn: input.diedOn } }));
      return toDto(updated);
    });
  }

  async function unmask(ctx: RequestContext, id: string, purpose: UnmaskPurpose, note: string | undefined) {
    const { row, actor } = await loadInScope(ctx, 'person:unmask', id);
    if (purpose === 'other' && !note?.trim()) throw appError('purpose_required', { detail: 'purpose "other" needs a note' });
    await audit.record(personEvent(actor, ctx, row, 'person.unmasked', { purpose: note?.trim() ? `${purpose}: ${note.trim()}` : purpose, details: { fields: ['idNumber', 'phone'] } }));
    return { idNumber: crypto.decrypt(row.idNumberEnc), phone: row.phoneEnc ? crypto.decrypt(row.phoneEnc) : null };
  }

  return { register, search, get, correct, recordDeath, unmask };
}
