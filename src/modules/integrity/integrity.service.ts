import { and, asc, count, desc, eq, like, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext } from '@core/access/guard.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import { parseResidentId } from '@core/identity/resident-id.ts';
import type { RegistryReader } from '@modules/registry';
import { certifications, flags, relatives, type CertificationMethod, type FlagKind, type FlagStatus } from './integrity.tables.ts';
import { CERTIFICATION_VALID_DAYS, IMPROBABLE_AGE } from './checks.ts';
import { integrityError } from './integrity.errors.ts';

export type FlagRow = typeof flags.$inferSelect;
export type IntegrityService = ReturnType<typeof createIntegrityService>;

export interface IntegrityDeps {
  registry: RegistryReader;
  /** Held payments follow the decision (released or stopped), in the review's transaction. */
  onDecided: (tx: Db, personId: string, decision: 'released' | 'stopped') => Promise<void>;
  /** Money recovered for a region and month, from the funds' recovery orders. */
  recovered: (region: string, month: string) => Promise<number>;
}

/**
 * The review queue of held payments, living-status certification (待遇资格认证) with
 * relatives who may certify for a pensioner (亲情服务), the data-quality sweep and the monthly
 * adjudication report. The checks themselves are in checks.ts.
 */
export function createIntegrityService(platform: Platform, deps: IntegrityDeps) {
  const { database, guard, audit, regions } = platform;
  const { registry } = deps;

  async function flagDtos(db: Db, rows: FlagRow[]) {
    const others = rows.map((r) => (typeof r.evidence.otherPersonId === 'string' ? r.evidence.otherPersonId : null)).filter((x): x is string => Boolean(x));
    const coPayees = rows.flatMap((r) => (Array.isArray(r.evidence.coPayees) ? (r.evidence.coPayees as string[]) : []));
    const people = await registry.persons(db, [...rows.map((r) => r.personId), ...others, ...coPayees]);
    const who = (id: string) => {
      const p = people.get(id);
      return { personId: id, name: p?.name ?? '', idNumberMasked: p?.idNumberMasked ?? '' };
    };
    return rows.map((r) => ({
      id: r.id,
      ...who(r.personId),
      kind: r.kind,
      region: r.region,
      regionName: regions.fullName(r.region),
      source: r.source,
      evidence: r.evidence,
      /** Other persons the evidence names, masked. */
      related: [...(typeof r.evidence.otherPersonId === 'string' ? [r.evidence.otherPersonId] : []), ...(Array.isArray(r.evidence.coPayees) ? (r.evidence.coPayees as string[]).filter((id) => id !== r.personId) : [])].map(who),
      heldFen: r.heldFen,
      status: r.status,
      reviewedBy: r.reviewedBy,
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
      reviewNote: r.reviewNote,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /** The review queue of the caller's region: newest first, filtered by status and kind. */
  async function queue(ctx: RequestContext, q: { status?: FlagStatus | undefined; kind?: FlagKind | undefined; regionCode?: string | undefined; personId?: string | undefined; page: number; pageSize: number }) {
    const actor = await guard.require(ctx, 'integrity:read', q.regionCode ? { kind: 'region', regionCode: q.regionCode } : undefined);
    const where: SQL[] = [like(flags.region, `${q.regionCode ?? guard.scope(ctx)}%`)];
    if (q.status) where.push(eq(flags.status, q.status));
    if (q.kind) where.push(eq(flags.kind, q.kind));
    if (q.personId) where.push(eq(flags.personId, q.personId));
    const filter = and(...where);
    const rows = await database.db.select().from(flags).where(filter).orderBy(desc(flags.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    const total = (await database.db.select({ n: count() }).from(flags).where(filter))[0]?.n ?? 0;
    const byKind = await database.db
      .select({ kind: flags.kind, n: count() })
      .from(flags)
      .where(and(like(flags.region, `${q.regionCode ?? guard.scope(ctx)}%`), eq(flags.status, 'open')))
      .groupBy(flags.kind);
    // Each person on the page is a subject of this read: they see it in their data tracker.
    await audit.appendMany(
      database.db,
      [...new Set(rows.map((r) => r.personId))].map((personId) => ({
        actor: auditActorOf(actor),
        action: 'integrity.queue_viewed',
        targetKind: 'person',
        targetId: personId,
        subjectId: personId,
        channel: ctx.channel,
        requestId: ctx.requestId,
        purpose: 'benefit_integrity_review',
        details: {},
      })),
    );
    return { items: await flagDtos(database.db, rows), total, page: q.page, pageSize: q.pageSize, openByKind: Object.fromEntries(byKind.map((k) => [k.kind, k.n])) };
  }

  async function flagInScope(ctx: RequestContext, action: 'integrity:read' | 'integrity:review', id: number) {
    const [row] = await database.db.select().from(flags).where(eq(flags.id, id));
    const actor = await guard.require(ctx, action, { kind: 'integrity_flag', id: String(id), regionCode: row?.region ?? NO_SUCH_TARGET, subjectId: row?.personId });
    if (!row) throw integrityError('flag_not_found');
    return { row, actor };
  }

  async function get(ctx: RequestContext, id: number) {
    const { row, actor } = await flagInScope(ctx, 'integrity:read', id);
    await audit.record({ actor: auditActorOf(actor), action: 'integrity.flag_viewed', targetKind: 'integrity_flag', targetId: String(id), subjectId: row.personId, channel: ctx.channel, requestId: ctx.requestId, details: { kind: row.kind } });
    return (await flagDtos(database.db, [row]))[0]!;
  }

  /**
   * A reviewer releases a held payment (the finding was wrong or no longer holds) or stops it
   * (confirmed). The decision, its note and who made it are audited; the payments follow.
   */
  async function decide(ctx: RequestContext, id: number, input: { decision: 'release' | 'stop'; note: string }) {
    const { row, actor } = await flagInScope(ctx, 'integrity:review', id);
    if (row.status !== 'open') throw integrityError('flag_decided');
    const status: FlagStatus = input.decision === 'release' ? 'released' : 'stopped';
    return database.transaction(async (tx) => {
      const [updated] = await tx
        .update(flags)
        .set({ status, reviewedBy: actor.id, reviewedAt: new Date(), reviewNote: input.note.trim() })
        .where(and(eq(flags.id, id), eq(flags.status, 'open')))
        .returning();
      if (!updated) throw integrityError('flag_decided');
      // Card findings never held a pension, so deciding one leaves the person's payments alone.
      if (!row.kind.startsWith('card_')) await deps.onDecided(tx, row.personId, status);
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: `integrity.flag_${status}`,
        targetKind: 'integrity_flag',
        targetId: String(id),
        subjectId: row.personId,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { kind: row.kind, note: input.note.trim(), heldFen: row.heldFen, evidence: row.evidence },
      });
      return (await flagDtos(tx, [updated]))[0]!;
    });
  }

  // ---- living-status certification ---------------------------------------------------------

  async function isPensioner(db: Db, personId: string): Promise<{ region: string } | undefined> {
    const rows = (await db.execute(sql`select region from funds.pensioners where person_id = ${personId} and status = 'active' limit 1`)) as unknown as { rows: { region: string }[] };
    return rows.rows[0];
  }

  async function lastCertification(db: Db, personId: string) {
    const [row] = await db.select().from(certifications).where(eq(certifications.personId, personId)).orderBy(desc(certifications.certifiedOn), desc(certifications.id)).limit(1);
    return row;
  }

  function certificationStatus(last: typeof certifications.$inferSelect | undefined, today = chinaDate(new Date())) {
    const validUntil = last ? new Date(Date.parse(`${last.certifiedOn}T00:00:00Z`) + CERTIFICATION_VALID_DAYS * 86_400_000).toISOString().slice(0, 10) : null;
    return {
      lastCertifiedOn: last?.certifiedOn ?? null,
      method: last?.method ?? null,
      validUntil,
      due: !validUntil || validUntil <= today,
    };
  }

  /**
   * Records a certification and closes what it answers: an open `certification_overdue` flag
   * is released by the certification itself (the reason for the hold is gone).
   */
  async function certify(tx: Db, personId: string, method: CertificationMethod, by: { byKind: string; byId: string | null }, evidence: Record<string, unknown>) {
    const today = chinaDate(new Date());
    await tx.insert(certifications).values({ personId, certifiedOn: today, method, evidence, byKind: by.byKind, byId: by.byId });
    const released = await tx
      .update(flags)
      .set({ status: 'released', reviewedBy: 'system', reviewedAt: new Date(), reviewNote: `living status certified (${method})` })
      .where(and(eq(flags.personId, personId), eq(flags.kind, 'certification_overdue'), eq(flags.status, 'open')))
      .returning({ id: flags.id });
    if (released.length > 0) await deps.onDecided(tx, personId, 'released');
  }

  /** The pensioner themselves, in the portal (a face check in production). */
  async function certifySelf(ctx: RequestContext) {
    const person = ctx.actor.kind === 'citizen' ? await registry.personOfCitizen(database.db, ctx.actor.id) : undefined;
    if (!person) throw integrityError('not_in_registry');
    if (!(await isPensioner(database.db, person.id))) throw integrityError('not_a_pensioner');
    await database.transaction(async (tx) => {
      await certify(tx, person.id, 'self', { byKind: 'citizen', byId: ctx.actor.id }, { channel: ctx.channel });
      await audit.append(tx, { actor: auditActorOf(ctx.actor), action: 'integrity.certified', targetKind: 'person', targetId: person.id, subjectId: person.id, channel: ctx.channel, requestId: ctx.requestId, details: { method: 'self' } });
    });
    return myCertification(ctx);
  }

  /** A registered relative certifies for the pensioner (亲情服务). */
  async function certifyForRelative(ctx: RequestContext, pensionerId: string) {
    const [link] = await database.db
      .select()
      .from(relatives)
      .where(and(eq(relatives.pensionerId, pensionerId), eq(relatives.relativeAccountId, ctx.actor.id)));
    if (!link) throw integrityError('not_your_relative');
    if (!(await isPensioner(database.db, pensionerId))) throw integrityError('not_a_pensioner');
    await database.transaction(async (tx) => {
      await certify(tx, pensionerId, 'relative', { byKind: 'citizen', byId: ctx.actor.id }, { relation: link.relation });
      await audit.append(tx, { actor: auditActorOf(ctx.actor), action: 'integrity.certified', targetKind: 'person', targetId: pensionerId, subjectId: pensionerId, channel: ctx.channel, requestId: ctx.requestId, details: { method: 'relative', relation: link.relation } });
    });
    return (await myRelatives(ctx)).find((r) => r.pensionerId === pensionerId)!;
  }

  /** The signed-in citizen's own certification, and those of the pensioners they may certify for. */
  async function myCertification(ctx: RequestContext) {
    const person = ctx.actor.kind === 'citizen' ? await registry.personOfCitizen(database.db, ctx.actor.id) : undefined;
    const pensioner = person ? await isPensioner(database.db, person.id) : undefined;
    return { pensioner: Boolean(pensioner), ...certificationStatus(person ? await lastCertification(database.db, person.id) : undefined), relatives: await myRelatives(ctx) };
  }

  async function myRelatives(ctx: RequestContext) {
    const links = await database.db.select().from(relatives).where(eq(relatives.relativeAccountId, ctx.actor.id)).orderBy(asc(relatives.createdAt));
    const people = await registry.persons(database.db, links.map((l) => l.pensionerId));
    const out = [];
    for (const l of links) {
      const p = people.get(l.pensionerId);
      out.push({ pensionerId: l.pensionerId, name: p?.name ?? '', idNumberMasked: p?.idNumberMasked ?? '', relation: l.relation, ...certificationStatus(await lastCertification(database.db, l.pensionerId)) });
    }
    return out;
  }

  /** At the counter: certifies a pensioner in person, within the caller's region. */
  async function certifyAtCounter(ctx: RequestContext, personId: string) {
    const person = await registry.person(database.db, personId);
    const actor = await guard.require(ctx, 'pension:manage', { kind: 'person', id: personId, regionCode: person?.householdRegion ?? NO_SUCH_TARGET, subjectId: personId });
    if (!person) throw integrityError('person_not_found');
    if (!(await isPensioner(database.db, personId))) throw integrityError('not_a_pensioner');
    await database.transaction(async (tx) => {
      await certify(tx, personId, 'counter', { byKind: 'staff', byId: actor.id }, {});
      await audit.append(tx, { actor: auditActorOf(actor), action: 'integrity.certified', targetKind: 'person', targetId: personId, subjectId: personId, channel: ctx.channel, requestId: ctx.requestId, details: { method: 'counter' } });
    });
    return certificationStatus(await lastCertification(database.db, personId));
  }

  /** Registers a citizen (by the ID number of their account) as a relative who may certify for a pensioner. */
  async function addRelative(ctx: RequestContext, pensionerId: string, input: { relativeIdNumber: string; relation: string }) {
    const actor = await pensionerInScope(ctx, pensionerId);
    const id = parseResidentId(input.relativeIdNumber);
    if (!id.ok) throw integrityError('citizen_not_found', { detail: 'the ID number is not valid' });
    const accountId = await platform.citizenAccounts.accountIdOf(id.value.number);
    if (!accountId) throw integrityError('citizen_not_found');
    const own = await registry.personOfCitizen(database.db, accountId);
    if (own?.id === pensionerId) throw integrityError('relative_is_self');
    const [row] = await database.db.insert(relatives).values({ pensionerId, relativeAccountId: accountId, relation: input.relation.trim() }).onConflictDoNothing().returning();
    if (!row) throw integrityError('relative_exists');
    await audit.record({ actor: auditActorOf(actor), action: 'integrity.relative_added', targetKind: 'person', targetId: pensionerId, subjectId: pensionerId, channel: ctx.channel, requestId: ctx.requestId, details: { relation: row.relation } });
    return { id: row.id, pensionerId, relation: row.relation, createdAt: row.createdAt.toISOString() };
  }

  async function pensionerInScope(ctx: RequestContext, pensionerId: string) {
    const person = await registry.person(database.db, pensionerId);
    const actor = await guard.require(ctx, 'pension:manage', { kind: 'person', id: pensionerId, regionCode: person?.householdRegion ?? NO_SUCH_TARGET, subjectId: pensionerId });
    if (!person) throw integrityError('person_not_found');
    return actor;
  }

  /** The relatives registered to certify for a pensioner, oldest first (names and masked ID numbers). */
  async function relativesOf(ctx: RequestContext, pensionerId: string) {
    await pensionerInScope(ctx, pensionerId);
    const links = await database.db.select().from(relatives).where(eq(relatives.pensionerId, pensionerId)).orderBy(asc(relatives.createdAt));
    const accounts = await platform.citizenAccounts.maskedOf(links.map((l) => l.relativeAccountId));
    return {
      items: links.map((l) => ({
        id: l.id,
        pensionerId,
        relation: l.relation,
        name: accounts.get(l.relativeAccountId)?.name ?? '',
        idNumberMasked: accounts.get(l.relativeAccountId)?.idNumberMasked ?? '',
        createdAt: l.createdAt.toISOString(),
      })),
    };
  }

  /** Ends a relative's registration: from now on they cannot certify for the pensioner. */
  async function removeRelative(ctx: RequestContext, pensionerId: string, relativeId: string) {
    const actor = await pensionerInScope(ctx, pensionerId);
    const [row] = await database.db.delete(relatives).where(and(eq(relatives.id, relativeId), eq(relatives.pensionerId, pensionerId))).returning();
    if (!row) throw integrityError('relative_not_found');
    await audit.record({ actor: auditActorOf(actor), action: 'integrity.relative_removed', targetKind: 'person', targetId: pensionerId, subjectId: pensionerId, channel: ctx.channel, requestId: ctx.requestId, details: { relation: row.relation } });
  }

  // ---- sweep and report ------------------------------------------------------------------

  /** Improbable records in the caller's region: pensioners over 110 with no death, or dead with a pension still active. */
  async function dataQuality(ctx: RequestContext, q: { page: number; pageSize: number }) {
    await guard.require(ctx, 'integrity:read');
    const scope = `${guard.scope(ctx)}%`;
    const rows = (await database.db.execute(sql`
      select p.person_id, p.region, f.birth_date::text as birth_date, f.died_on::text as died_on,
        case when f.died_on is not null then 'deceased_still_paid' else 'over_${sql.raw(String(IMPROBABLE_AGE))}' end as problem,
        count(*) over () as total
      from funds.pensioners p join registry.payee_facts f on f.person_id = p.person_id
      where p.region like ${scope} and p.status = 'active'
        and (f.died_on is not null or (f.died_on is null and f.birth_date <= (current_date - make_interval(years => ${IMPROBABLE_AGE}))::date))
      order by f.birth_date, p.person_id
      limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`)) as unknown as { rows: { person_id: string; region: string; birth_date: string; died_on: string | null; problem: string; total: string }[] };
    const people = await registry.persons(database.db, rows.rows.map((r) => r.person_id));
    return {
      items: rows.rows.map((r) => ({
        personId: r.person_id,
        name: people.get(r.person_id)?.name ?? '',
        idNumberMasked: people.get(r.person_id)?.idNumberMasked ?? '',
        region: r.region,
        regionName: regions.fullName(r.region),
        birthDate: r.birth_date,
        diedOn: r.died_on,
        problem: r.problem,
      })),
      total: Number(rows.rows[0]?.total ?? 0),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * The monthly adjudication report: findings raised (matches), confirmed (stopped), released
   * (false positives), still open, money held by confirmed findings (prevented) and recovered.
   */
  async function report(ctx: RequestContext, month: string) {
    await guard.require(ctx, 'integrity:read');
    const scope = guard.scope(ctx);
    const rows = (await database.db.execute(sql`
      select kind,
        count(*)::int as matches,
        count(*) filter (where status = 'stopped')::int as confirmed,
        count(*) filter (where status = 'released')::int as released,
        count(*) filter (where status = 'open')::int as open,
        coalesce(sum(held_fen) filter (where status = 'stopped'), 0)::bigint as prevented_fen
      from ${flags}
      where region like ${scope + '%'} and to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') = ${month}
      group by kind order by kind`)) as unknown as { rows: { kind: FlagKind; matches: number; confirmed: number; released: number; open: number; prevented_fen: string }[] };
    const byKind = rows.rows.map((r) => ({ kind: r.kind, matches: r.matches, confirmed: r.confirmed, released: r.released, open: r.open, preventedFen: Number(r.prevented_fen) }));
    const sum = (k: 'matches' | 'confirmed' | 'released' | 'open' | 'preventedFen') => byKind.reduce((s, r) => s + r[k], 0);
    return {
      month,
      region: scope,
      regionName: regions.fullName(scope),
      byKind,
      totals: { matches: sum('matches'), confirmed: sum('confirmed'), released: sum('released'), open: sum('open'), preventedFen: sum('preventedFen'), recoveredFen: await deps.recovered(scope, month) },
    };
  }

  return { queue, get, decide, certifySelf, certifyForRelative, certifyAtCounter, myCertification, addRelative, relativesOf, removeRelative, dataQuality, report };
}

