import { and, asc, count, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext } from '@core/access/guard.ts';
import { maskName } from '@core/crypto/masking.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import { correctionRequests, personHistory, persons } from './registry.tables.ts';
import { createPersonScope, type PersonRow } from './person-scope.ts';
import { registryError } from './registry.errors.ts';
import type { RecordsService } from './records.service.ts';

/** Working days a caseworker has to answer a correction request. */
export const CORRECTION_WORKING_DAYS = 15;
/** The newest accesses a data copy lists; the total says whether there are more. */
const EXPORTED_ACCESSES = 1000;

export const correctableFields = ['name', 'household_region', 'phone', 'card', 'bank_account', 'income', 'enrolment', 'employment', 'other'] as const;
export type CorrectableField = (typeof correctableFields)[number];

type HistoryRow = typeof personHistory.$inferSelect;
type CorrectionRow = typeof correctionRequests.$inferSelect;

export type DossierService = ReturnType<typeof createDossierService>;

/**
 * The personal dossier (人社电子档案袋) as staff and the person see it, the person's data
 * tracker (who looked at my data, when, why and how), the copy of their data they may
 * download, and their requests to correct it (PIPL arts. 45–46).
 */
export function createDossierService(platform: Platform, records: RecordsService) {
  const { database, audit, guard, regions, calendar, citizenAccounts, staffAdmin, config } = platform;
  const { loadInScope, personEvent, personDto } = createPersonScope(platform);

  function entryDto(h: HistoryRow, forCitizen: boolean) {
    return {
      id: h.id,
      at: h.at.toISOString(),
      kind: h.kind,
      entityKind: h.entityKind,
      entityId: h.entityId,
      changes: h.changes ?? {},
      reason: h.reason,
      byKind: h.byKind,
      // A citizen sees who changed their record by the same policy as their data tracker.
      byName: forCitizen && h.byKind === 'staff' ? staffName(h.byName) : h.byName,
    };
  }

  function correctionDto(c: CorrectionRow, now = new Date()) {
    return {
      id: c.id,
      personId: c.personId,
      region: c.region,
      regionName: regions.fullName(c.region),
      field: c.field,
      requested: c.requested,
      status: c.status,
      dueAt: c.dueAt.toISOString(),
      overdue: c.status === 'open' && c.dueAt < now,
      createdAt: c.createdAt.toISOString(),
      resolvedAt: c.resolvedAt?.toISOString() ?? null,
      answer: c.answer,
    };
  }

  async function timelineOf(db: Db, personId: string, page: number, pageSize: number) {
    const [rows, [total]] = await Promise.all([
      db.select().from(personHistory).where(eq(personHistory.personId, personId)).orderBy(desc(personHistory.id)).limit(pageSize).offset((page - 1) * pageSize),
      db.select({ n: count() }).from(personHistory).where(eq(personHistory.personId, personId)),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  // ---- staff --------------------------------------------------------------------------------

  /** The person's timeline for a caseworker of their region. */
  async function forStaff(ctx: RequestContext, personId: string, q: { page: number; pageSize: number }) {
    const { row, actor } = await loadInScope(ctx, 'person:read', personId);
    const { rows, total } = await timelineOf(database.db, personId, q.page, q.pageSize);
    await audit.record(personEvent(actor, ctx, row, 'person.dossier_viewed', { details: { page: q.page } }));
    return { items: rows.map((h) => entryDto(h, false)), total, page: q.page, pageSize: q.pageSize };
  }

  // ---- the person themselves ----------------------------------------------------------------

  /** The registry record of the signed-in citizen, found through the keyed hash of their ID number; none if not registered. */
  async function findOwnPerson(ctx: RequestContext): Promise<PersonRow | undefined> {
    const hash = ctx.actor.kind === 'citizen' ? await citizenAccounts.idNumberHashOf(ctx.actor.id) : undefined;
    const [row] = hash ? await database.db.select().from(persons).where(eq(persons.idNumberHash, hash)).limit(1) : [];
    return row;
  }

  async function ownPerson(ctx: RequestContext): Promise<PersonRow> {
    const row = await findOwnPerson(ctx);
    if (!row) throw registryError('not_in_registry');
    return row;
  }

  /** A citizen is the subject of audit entries as an account and, once registered, as a person. */
  const subjectsOf = (ctx: RequestContext, person: PersonRow | undefined) => (person ? [ctx.actor.id, person.id] : [ctx.actor.id]);

  function citizenEvent(ctx: RequestContext, person: PersonRow, action: string, details?: Record<string, unknown>) {
    return {
      actor: auditActorOf(ctx.actor),
      action,
      targetKind: 'person',
      targetId: person.id,
      subjectId: person.id,
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: details ?? null,
    };
  }

  async function mine(ctx: RequestContext, q: { page: number; pageSize: number }) {
    const person = await ownPerson(ctx);
    const [recordSet, { rows, total }] = await Promise.all([records.recordsOf(database.db, person.id), timelineOf(database.db, person.id, q.page, q.pageSize)]);
    await audit.record(citizenEvent(ctx, person, 'person.dossier_viewed'));
    return { person: personDto(person), records: recordSet, timeline: { items: rows.map((h) => entryDto(h, true)), total, page: q.page, pageSize: q.pageSize } };
  }

  /** A staff member's name as the tracker policy allows the citizen to see it. */
  function staffName(name: string | null): string | null {
    if (!name) return null;
    if (config.trackerStaffNames === 'full') return name;
    if (config.trackerStaffNames === 'masked') return maskName(name);
    return null;
  }

  /**
   * Every access to the citizen's data by someone else, from the audit log: who (department
   * and role; the name as policy allows), when, what, for what stated purpose, and through
   * which channel (staff screen, partner query, batch).
   */
  async function myDataAccess(ctx: RequestContext, q: { page: number; pageSize: number }, person?: PersonRow) {
    const subjects = subjectsOf(ctx, person ?? (await findOwnPerson(ctx)));
    const { items, total } = await audit.accessesTo(subjects, { self: ctx.actor.id, page: q.page, pageSize: q.pageSize });
    const staffIds = [...new Set(items.filter((e) => e.actorKind === 'staff' && e.actorId).map((e) => e.actorId!))];
    const departments = await staffAdmin.departmentsOf(staffIds);
    return {
      items: items.map((e) => {
        const department = e.actorKind === 'staff' && e.actorId ? departments.get(e.actorId) : undefined;
        return {
          id: e.id,
          at: e.at.toISOString(),
          action: e.action,
          outcome: e.outcome,
          channel: e.channel,
          purpose: e.purpose,
          actorKind: e.actorKind,
          // Partners and systems are institutions: their names are always shown.
          actorName: e.actorKind === 'staff' ? staffName(e.actorName) : e.actorName,
          actorRole: e.actorRole,
          department: department?.departmentName ?? null,
          region: department?.regionCode ?? e.actorRegion,
          regionName: (department?.regionCode ?? e.actorRegion) ? regions.fullName((department?.regionCode ?? e.actorRegion)!) : null,
        };
      }),
      total,
      page: q.page,
      pageSize: q.pageSize,
      staffNamePolicy: config.trackerStaffNames,
    };
  }

  /** Accesses per month and channel over the last `months` months, for the tracker's chart. */
  async function myDataAccessSummary(ctx: RequestContext, months: number) {
    const subjects = subjectsOf(ctx, await findOwnPerson(ctx));
    const today = chinaDate(new Date());
    const since = new Date(`${today.slice(0, 7)}-01T00:00:00+08:00`);
    since.setUTCMonth(since.getUTCMonth() - (months - 1));
    const rows = await audit.accessCounts(subjects, { self: ctx.actor.id, since });
    return { since: since.toISOString(), months: rows };
  }

  /** A copy of everything the registry holds about the citizen (PIPL art. 45), identifiers masked. */
  async function exportMine(ctx: RequestContext) {
    const person = await ownPerson(ctx);
    const [recordSet, history, corrections] = await Promise.all([
      records.recordsOf(database.db, person.id),
      database.db.select().from(personHistory).where(eq(personHistory.personId, person.id)).orderBy(asc(personHistory.id)),
      database.db.select().from(correctionRequests).where(eq(correctionRequests.personId, person.id)).orderBy(asc(correctionRequests.createdAt)),
    ]);
    const accesses = await myDataAccess(ctx, { page: 1, pageSize: EXPORTED_ACCESSES }, person);
    await audit.record(citizenEvent(ctx, person, 'person.data_exported'));
    return {
      exportedAt: new Date().toISOString(),
      notice: {
        zh: '本文件是人社部门登记的您的个人信息副本。为防止泄露，证件号码、银行账号和手机号码已部分隐去；如需完整信息，请持身份证到经办机构申请。',
        en: 'A copy of the personal data the social security bureau holds about you. Identifiers are partly hidden in case this file is lost; to see them in full, apply at a service counter with your ID card.',
      },
      person: personDto(person),
      ...recordSet,
      history: history.map((h) => entryDto(h, true)),
      correctionRequests: corrections.map((c) => correctionDto(c)),
      dataAccess: accesses.items,
      // More than are listed: the rest are on the data-access page.
      dataAccessTotal: accesses.total,
    };
  }

  async function requestCorrection(ctx: RequestContext, input: { field: CorrectableField; requested: string }) {
    const person = await ownPerson(ctx);
    const requested = input.requested.trim();
    if (!requested) throw registryError('nothing_to_correct');
    const now = new Date();
    return database.transaction(async (tx) => {
      const [row] = await tx
        .insert(correctionRequests)
        .values({ personId: person.id, region: person.householdRegion, field: input.field, requested, dueAt: calendar.time.addWorkingDays(now, CORRECTION_WORKING_DAYS) })
        .returning();
      await tx.insert(personHistory).values({
        personId: person.id,
        kind: 'correction_request.filed',
        entityKind: 'correction_request',
        entityId: row!.id,
        changes: { field: [null, input.field] },
        reason: requested,
        byKind: 'citizen',
        byId: ctx.actor.id,
        byName: person.name,
      });
      await audit.append(tx, citizenEvent(ctx, person, 'person.correction_requested', { correctionId: row!.id, field: input.field }));
      return correctionDto(row!);
    });
  }

  async function myCorrections(ctx: RequestContext) {
    const person = await ownPerson(ctx);
    const rows = await database.db.select().from(correctionRequests).where(eq(correctionRequests.personId, person.id)).orderBy(desc(correctionRequests.createdAt)).limit(100);
    return rows.map((c) => correctionDto(c));
  }

  // ---- correction tasks for caseworkers -----------------------------------------------------

  async function listCorrections(ctx: RequestContext, q: { status?: 'open' | 'done' | 'refused' | undefined; overdue?: boolean | undefined; page: number; pageSize: number }) {
    await guard.require(ctx, 'correction:handle');
    const where: SQL[] = [sql`${correctionRequests.region} like ${guard.scope(ctx) + '%'}`];
    if (q.status) where.push(eq(correctionRequests.status, q.status));
    if (q.overdue) where.push(eq(correctionRequests.status, 'open'), lt(correctionRequests.dueAt, new Date()));
    const filter = and(...where);
    const [rows, [total]] = await Promise.all([
      database.db
        .select({ c: correctionRequests, name: persons.name })
        .from(correctionRequests)
        .innerJoin(persons, eq(persons.id, correctionRequests.personId))
        .where(filter)
        // Open ones first, the most urgent on top.
        .orderBy(sql`${correctionRequests.status} <> 'open'`, asc(correctionRequests.dueAt), asc(correctionRequests.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(correctionRequests).where(filter),
    ]);
    const now = new Date();
    return { items: rows.map(({ c, name }) => ({ ...correctionDto(c, now), personName: name })), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  /** Closes a correction request with an answer the citizen reads; the correction itself is made on the person's record. */
  async function resolveCorrection(ctx: RequestContext, id: string, input: { outcome: 'done' | 'refused'; answer: string }) {
    const [found] = await database.db.select().from(correctionRequests).where(eq(correctionRequests.id, id)).limit(1);
    const actor = await guard.require(ctx, 'correction:handle', { kind: 'correction_request', id, regionCode: found?.region ?? NO_SUCH_TARGET, subjectId: found?.personId });
    if (!found) throw registryError('correction_not_found');
    return database.transaction(async (tx) => {
      const [updated] = await tx
        .update(correctionRequests)
        .set({ status: input.outcome, answer: input.answer.trim(), resolvedAt: new Date(), resolvedById: actor.id, resolvedByName: actor.name })
        .where(and(eq(correctionRequests.id, id), eq(correctionRequests.status, 'open')))
        .returning();
      if (!updated) throw registryError('correction_closed');
      await tx.insert(personHistory).values({
        personId: found.personId,
        kind: `correction_request.${input.outcome}`,
        entityKind: 'correction_request',
        entityId: id,
        changes: { status: ['open', input.outcome] },
        reason: input.answer.trim(),
        byKind: 'staff',
        byId: actor.id,
        byName: actor.name,
      });
      await audit.append(tx, personEvent(actor, ctx, { id: found.personId }, `person.correction_${input.outcome}`, { target: { kind: 'correction_request', id } }));
      return correctionDto(updated);
    });
  }

  return { forStaff, mine, myDataAccess, myDataAccessSummary, exportMine, requestCorrection, myCorrections, listCorrections, resolveCorrection };
}
