import { and, count, desc, eq, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext, type StaffActor } from '@core/access/guard.ts';
import type { AuditEvent } from '@core/audit/audit.service.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import { maskName } from '@core/crypto/masking.ts';
import type { RegistryReader } from '@modules/registry';
import type { NotificationsService } from '@modules/notifications';
import type { EmployerFindingsService } from './employer-findings.service.ts';
import { creditRatings, creditRuleSets, dishonestyEntries, flags } from './integrity.tables.ts';
import {
  addDays,
  CREDIT_RULES_V1,
  CREDIT_RULES_V1_NOTE,
  employerCriteria,
  isUnderDeclared,
  monthsBefore,
  personCriteria,
  rateEmployer,
  ratePerson,
  ruleProblems,
  type CreditGrade,
  type CreditRating,
  type CreditRules,
  type CriterionHit,
  type DeclaredVsTax,
  type RecoveryOrderFact,
  type UnpaidMonth,
} from './credit.rules.ts';
import { integrityError } from './integrity.errors.ts';

export type PartyKind = 'employer' | 'person';
type RatingRow = typeof creditRatings.$inferSelect;
type EntryRow = typeof dishonestyEntries.$inferSelect;
type EntryStatus = EntryRow['status'];

/** What the credit system reads of the funds (implemented by the funds module, see funds/credit-facts.ts). */
export interface CreditFacts {
  employers(scope: string, page: { after: string | null; limit: number }): Promise<{ employerId: string; region: string; unpaidMonths: UnpaidMonth[] }[]>;
  declaredWages(employerIds: readonly string[], page: { fromPeriod: string; after: string | null; limit: number }): Promise<{ id: string; employerId: string; personId: string; period: string; declaredWageFen: number }[]>;
  employerUnpaid(employerId: string): Promise<UnpaidMonth[]>;
  persons(scope: string, page: { after: string | null; limit: number }): Promise<{ personId: string; region: string; orders: RecoveryOrderFact[] }[]>;
  personOrders(personId: string): Promise<RecoveryOrderFact[]>;
}

export interface CreditDeps {
  registry: RegistryReader;
  creditFacts: CreditFacts;
  /** A person with a citizen account is told in the portal; an employer has no account (see notifyEmployer). */
  notifications: Pick<NotificationsService, 'notify' | 'flush'>;
  /** Confirmed fraud findings per employer (this module's own). */
  employerFindings: Pick<EmployerFindingsService, 'confirmedCounts'>;
}

export type CreditService = ReturnType<typeof createCreditService>;

/** Pages of a rating run: one page of parties (and its declarations) is held at a time. */
const EMPLOYER_PAGE = 200;
const DECLARATION_PAGE = 2000;
const PERSON_PAGE = 500;
const LIVE: EntryStatus[] = ['notified', 'objected', 'listed'];

/** Seeds version 1 of the rules when the table is empty; safe to call again. */
export async function ensureCreditRules(db: Db): Promise<void> {
  await db.insert(creditRuleSets).values({ version: 1, rules: CREDIT_RULES_V1 as unknown as Record<string, unknown>, note: CREDIT_RULES_V1_NOTE, createdBy: 'system' }).onConflictDoNothing();
}

const yuan = (fen: number) => `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
const millis = (v: unknown) => new Date(Number(v)).toISOString();

/**
 * 人社信用: ratings of employers and persons under versioned rules, and the dishonesty list
 * (失信名单) — notice, objection, decision, listing and repair. The rules and their evaluation
 * are pure (credit.rules.ts); this service gathers facts, writes ratings and entries, and checks
 * access: reads need credit:read, every decision credit:manage, all within the caller's region.
 */
export function createCreditService(platform: Platform, deps: CreditDeps) {
  const { database, guard, audit, regions } = platform;
  const { registry, creditFacts, notifications } = deps;
  const today = () => chinaDate(new Date());

  let seeded: Promise<void> | undefined;
  /** Version 1 is seeded on first use (and by start()), so a fresh database has rules. */
  function ready(): Promise<void> {
    seeded ??= ensureCreditRules(database.db).catch((error: unknown) => {
      seeded = undefined;
      throw error;
    });
    return seeded;
  }

  async function ruleSet(db: Db, version?: number) {
    await ready();
    const [row] = await db
      .select()
      .from(creditRuleSets)
      .where(version === undefined ? undefined : eq(creditRuleSets.version, version))
      .orderBy(desc(creditRuleSets.version))
      .limit(1);
    if (!row) throw new Error(`credit rule set ${version ?? 'latest'} is missing`);
    return { version: row.version, rules: row.rules as unknown as CreditRules };
  }

  // ---- rules -------------------------------------------------------------------------------

  /** Every version, newest first, with its rules as published. */
  async function listRules(ctx: RequestContext) {
    await guard.require(ctx, 'credit:read');
    await ready();
    const rows = await database.db.select().from(creditRuleSets).orderBy(desc(creditRuleSets.version));
    const current = rows[0]?.version;
    return rows.map((r) => ({ version: r.version, rules: r.rules as unknown as CreditRules, note: r.note, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), current: r.version === current }));
  }

  /**
   * Publishes the next version (the highest + 1): the whole rule set, never a change to an old
   * one. Versions are one national series (the table has no region), so only a city-level or
   * higher department (the pooling level, 统筹区) may publish.
   */
  async function publishRules(ctx: RequestContext, input: { rules: CreditRules; note: string }) {
    const actor = await guard.require(ctx, 'credit:manage');
    if (actor.regionCode.length > 4) throw integrityError('credit_rules_level', { detail: `department region ${actor.regionCode}` });
    const problems = ruleProblems(input.rules);
    if (problems.length > 0) throw integrityError('credit_rules_invalid', { detail: problems.map((p) => p.message).join('; '), errors: problems });
    await ready();
    const note = input.note.trim();
    // max + 1 in one statement; a concurrent publisher makes it insert nothing, and it tries again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = (await database.db.execute(sql`
        insert into ${creditRuleSets} (version, rules, note, created_by)
        select coalesce(max(version), 0) + 1, ${JSON.stringify(input.rules)}::jsonb, ${note}, ${actor.id} from ${creditRuleSets}
        on conflict do nothing returning version`)) as unknown as { rows: { version: number }[] };
      const version = inserted.rows[0]?.version;
      if (version === undefined) continue;
      await audit.record({ actor: auditActorOf(actor), action: 'credit.rules_published', targetKind: 'credit_rule_set', targetId: String(version), channel: ctx.channel, requestId: ctx.requestId, details: { version, note } });
      return (await listRules(ctx)).find((r) => r.version === version)!;
    }
    throw integrityError('credit_rules_invalid', { detail: 'another version was published at the same moment; try again' });
  }

  // ---- rating ------------------------------------------------------------------------------

  interface Rated {
    partyKind: PartyKind;
    partyId: string;
    region: string;
    rating: CreditRating;
    hits: CriterionHit[];
  }

  /** Declarations of a page of employers that fall below what tax saw; only the mismatches are kept. */
  async function underDeclared(employerIds: string[], creditCodes: Map<string, string>, fromPeriod: string, toleranceBp: number) {
    const out = new Map<string, DeclaredVsTax[]>();
    let after: string | null = null;
    for (;;) {
      const page = await creditFacts.declaredWages(employerIds, { fromPeriod, after, limit: DECLARATION_PAGE });
      if (page.length === 0) break;
      after = page.at(-1)!.id;
      const keyed = page.flatMap((d) => {
        const code = creditCodes.get(d.employerId);
        return code ? [{ d, key: { personId: d.personId, period: d.period, payerCreditCode: code } }] : [];
      });
      const income = await registry.taxIncome(
        database.db,
        keyed.map((k) => k.key),
      );
      for (const { d, key } of keyed) {
        const tax = income.get(`${key.personId}|${key.period}|${key.payerCreditCode}`);
        if (tax === undefined || !isUnderDeclared(d.declaredWageFen, tax, toleranceBp)) continue;
        const list = out.get(d.employerId) ?? [];
        list.push({ personId: d.personId, period: d.period, declaredWageFen: d.declaredWageFen, taxIncomeFen: tax });
        out.set(d.employerId, list);
      }
      if (page.length < DECLARATION_PAGE) break;
    }
    for (const list of out.values()) list.sort((a, b) => a.period.localeCompare(b.period) || a.personId.localeCompare(b.personId));
    return out;
  }

  /** Stopped integrity findings of these persons (this module's own table). */
  async function stoppedFindings(personIds: string[]) {
    const out = new Map<string, { flagId: number; kind: string }[]>();
    if (personIds.length === 0) return out;
    const rows = await database.db
      .select({ id: flags.id, personId: flags.personId, kind: flags.kind })
      .from(flags)
      .where(and(inArray(flags.personId, personIds), eq(flags.status, 'stopped')))
      .orderBy(flags.id);
    for (const r of rows) out.set(r.personId, [...(out.get(r.personId) ?? []), { flagId: r.id, kind: r.kind }]);
    return out;
  }

  function noticeText(kind: PartyKind, hit: CriterionHit) {
    const e = hit.evidence;
    return kind === 'person'
      ? `您有社会保险待遇追回款 ${yuan(Number(e.outstandingFen))} 元（涉及 ${String(e.months)} 个月）逾期未退回。依据《社会保险领域严重失信人名单管理暂行办法》，拟将您列入社会保险领域严重失信人名单。如有异议，可在人社服务门户提出。`
      : `单位欠缴社会保险费 ${yuan(Number(e.outstandingFen))} 元（${String(e.months)} 个月），经催缴逾期未缴。依据《社会保险领域严重失信人名单管理暂行办法》，拟将单位列入社会保险领域严重失信人名单。如有异议，请向经办机构书面提出。`;
  }

  /**
   * The citizen accounts of persons, to notify them in the portal. Read before a transaction
   * opens: the accounts are the platform's, read on its own connection.
   */
  async function citizenAccounts(personIds: string[]) {
    const out = new Map<string, string>();
    for (const id of personIds) {
      const citizenId = await registry.citizenAccountOf(database.db, id);
      if (citizenId) out.set(id, citizenId);
    }
    return out;
  }

  /** One page of ratings and the entries they call for, in one transaction. */
  async function record(ctx: RequestContext, actor: StaffActor, version: number, rated: Rated[]) {
    if (rated.length === 0) return 0;
    const citizens = await citizenAccounts(rated.filter((r) => r.partyKind === 'person' && r.hits.length > 0).map((r) => r.partyId));
    const created = await database.transaction(async (tx) => {
      await tx.insert(creditRatings).values(
        rated.map((r) => ({ partyKind: r.partyKind, partyId: r.partyId, region: r.region, ruleVersion: version, score: r.rating.score, grade: r.rating.grade, reasons: r.rating.reasons })),
      );
      const hits = rated.flatMap((r) => r.hits.map((hit) => ({ ...r, hit })));
      if (hits.length === 0) return [];
      // A dismissal covers the facts it judged: the same basis is not notified again; new facts are.
      const dismissed = await tx
        .select({ partyId: dishonestyEntries.partyId, ruleCode: dishonestyEntries.ruleCode, evidence: dishonestyEntries.evidence })
        .from(dishonestyEntries)
        .where(and(eq(dishonestyEntries.status, 'dismissed'), inArray(dishonestyEntries.partyId, [...new Set(hits.map((h) => h.partyId))])));
      const covered = new Set(dismissed.map((d) => `${d.partyId}|${d.ruleCode}|${String(d.evidence.basis)}`));
      const fresh = hits.filter((h) => !covered.has(`${h.partyId}|${h.hit.ruleCode}|${h.hit.evidence.basis}`));
      if (fresh.length === 0) return [];
      // The live-entry index keeps one notice per party and rule: a party already notified,
      // objecting or listed is not notified twice.
      const rows = await tx
        .insert(dishonestyEntries)
        .values(fresh.map((h) => ({ partyKind: h.partyKind, partyId: h.partyId, region: h.region, ruleCode: h.hit.ruleCode, ruleVersion: version, evidence: h.hit.evidence })))
        .onConflictDoNothing()
        .returning();
      const events: AuditEvent[] = [];
      for (const row of rows) {
        const hit = fresh.find((h) => h.partyId === row.partyId && h.hit.ruleCode === row.ruleCode)!.hit;
        let delivery = 'post';
        if (row.partyKind === 'person') {
          const citizenId = citizens.get(row.partyId);
          if (citizenId) {
            await notifications.notify(tx, { citizenId, title: '社会保险信用告知', body: noticeText('person', hit), link: null });
            delivery = 'portal';
          }
        }
        // Employers have no accounts: the notice is recorded here and shown in the console, and
        // goes out by post (or SMS to the registered contact through a deployment's sender).
        events.push({
          actor: auditActorOf(actor),
          action: 'credit.dishonesty_notified',
          targetKind: 'dishonesty_entry',
          targetId: row.id,
          subjectId: row.partyKind === 'person' ? row.partyId : null,
          channel: ctx.channel,
          requestId: ctx.requestId,
          details: { partyKind: row.partyKind, partyId: row.partyId, ruleCode: row.ruleCode, ruleVersion: version, delivery, notice: noticeText(row.partyKind, hit) },
        });
      }
      if (events.length > 0) await audit.appendMany(tx, events);
      return rows;
    });
    await notifications.flush();
    return created.length;
  }

  /**
   * Rates every employer with declarations and every person with recovery orders in the
   * caller's region under the latest rules, page by page. Ratings are appended (the history
   * stays); parties meeting a dishonesty criterion are notified, once.
   */
  async function run(ctx: RequestContext) {
    const actor = await guard.require(ctx, 'credit:manage');
    const scope = guard.scope(ctx);
    const asOf = today();
    const { version, rules } = await ruleSet(database.db);
    const byGrade: Record<CreditGrade, number> = { A: 0, B: 0, C: 0, D: 0 };
    let employers = 0;
    let persons = 0;
    let entriesCreated = 0;
    const count = (rated: Rated[]) => rated.forEach((r) => (byGrade[r.rating.grade] += 1));

    const fromPeriod = monthsBefore(asOf, rules.employer.underDeclared.lookbackMonths);
    for (let after: string | null = null; ; ) {
      const page = await creditFacts.employers(scope, { after, limit: EMPLOYER_PAGE });
      if (page.length === 0) break;
      after = page.at(-1)!.employerId;
      const info = await registry.employersById(
        database.db,
        page.map((e) => e.employerId),
      );
      const codes = new Map([...info.values()].map((e) => [e.id, e.creditCode]));
      const mismatches = await underDeclared(
        page.map((e) => e.employerId),
        codes,
        fromPeriod,
        rules.employer.underDeclared.toleranceBp,
      );
      const frauds = await deps.employerFindings.confirmedCounts(page.map((e) => e.employerId));
      const rated: Rated[] = page.map((e) => {
        const facts = { unpaidMonths: e.unpaidMonths, declaredVsTax: mismatches.get(e.employerId) ?? [], confirmedFraudFindings: frauds.get(e.employerId) ?? 0 };
        return { partyKind: 'employer', partyId: e.employerId, region: info.get(e.employerId)?.region ?? e.region, rating: rateEmployer(rules, facts, asOf), hits: employerCriteria(rules, facts, asOf) };
      });
      entriesCreated += await record(ctx, actor, version, rated);
      employers += rated.length;
      count(rated);
      if (page.length < EMPLOYER_PAGE) break;
    }

    for (let after: string | null = null; ; ) {
      const page = await creditFacts.persons(scope, { after, limit: PERSON_PAGE });
      if (page.length === 0) break;
      after = page.at(-1)!.personId;
      const findings = await stoppedFindings(page.map((p) => p.personId));
      const rated: Rated[] = page.map((p) => {
        const facts = { recoveryOrders: p.orders, stoppedFindings: findings.get(p.personId) ?? [] };
        return { partyKind: 'person', partyId: p.personId, region: p.region, rating: ratePerson(rules, facts, asOf), hits: personCriteria(rules, facts, asOf) };
      });
      entriesCreated += await record(ctx, actor, version, rated);
      persons += rated.length;
      count(rated);
      if (page.length < PERSON_PAGE) break;
    }

    const summary = { ruleVersion: version, asOf, region: scope, regionName: regions.fullName(scope), employers, persons, byGrade, entriesCreated };
    await audit.record({ actor: auditActorOf(actor), action: 'credit.ratings_run', targetKind: 'region', targetId: scope, channel: ctx.channel, requestId: ctx.requestId, details: summary });
    return summary;
  }

  // ---- reading -----------------------------------------------------------------------------

  /** Names for a page: employers by name and credit code; persons masked (姓名脱敏) unless `fullNames`. */
  async function partiesOf(db: Db, parties: { partyKind: PartyKind; partyId: string }[], fullNames = false) {
    const [employers, people] = await Promise.all([
      registry.employersById(
        db,
        parties.filter((p) => p.partyKind === 'employer').map((p) => p.partyId),
      ),
      registry.persons(
        db,
        parties.filter((p) => p.partyKind === 'person').map((p) => p.partyId),
      ),
    ]);
    return (kind: PartyKind, id: string) => {
      if (kind === 'employer') {
        const e = employers.get(id);
        return { name: e?.name ?? '', creditCode: e?.creditCode ?? null, idNumberMasked: null };
      }
      const p = people.get(id);
      return { name: p ? (fullNames ? p.name : maskName(p.name)) : '', creditCode: null, idNumberMasked: p?.idNumberMasked ?? null };
    };
  }

  function ratingDto(r: { id: number; ruleVersion: number; score: number; grade: CreditGrade; reasons: RatingRow['reasons']; ratedAt: string; region: string }) {
    return { id: r.id, ruleVersion: r.ruleVersion, score: r.score, grade: r.grade, reasons: r.reasons, ratedAt: r.ratedAt, region: r.region, regionName: regions.fullName(r.region) };
  }

  function entryDto(e: EntryRow, who: { name: string; creditCode: string | null; idNumberMasked: string | null }) {
    return {
      id: e.id,
      partyKind: e.partyKind,
      partyId: e.partyId,
      ...who,
      region: e.region,
      regionName: regions.fullName(e.region),
      ruleCode: e.ruleCode,
      ruleVersion: e.ruleVersion,
      evidence: e.evidence,
      status: e.status,
      notifiedAt: e.notifiedAt.toISOString(),
      objection: e.objection,
      objectedAt: e.objectedAt?.toISOString() ?? null,
      decidedBy: e.decidedBy,
      decidedAt: e.decidedAt?.toISOString() ?? null,
      decisionNote: e.decisionNote,
      listedAt: e.listedAt?.toISOString() ?? null,
      repairableOn: e.repairableOn,
      repairedAt: e.repairedAt?.toISOString() ?? null,
    };
  }

  /** Each person on a page staff looked at is a subject of the read: they see it in their data tracker. */
  async function auditPersonsViewed(ctx: RequestContext, actor: StaffActor, action: string, personIds: string[]) {
    await audit.appendMany(
      database.db,
      [...new Set(personIds)].map((personId) => ({
        actor: auditActorOf(actor),
        action,
        targetKind: 'person',
        targetId: personId,
        subjectId: personId,
        channel: ctx.channel,
        requestId: ctx.requestId,
        purpose: 'social_insurance_credit',
        details: {},
      })),
    );
  }

  /**
   * The latest rating of each party in the caller's region, lowest score first, filtered by kind,
   * grade and a search (employer name or credit code; person's exact name or ID number), with the
   * distribution of grades (whatever the grade filter) for the chart.
   */
  async function listRatings(ctx: RequestContext, q: { partyKind?: PartyKind | undefined; grade?: CreditGrade | undefined; q?: string | undefined; page: number; pageSize: number }) {
    const actor = await guard.require(ctx, 'credit:read');
    const scope = guard.scope(ctx);
    let ids: string[] | null = null;
    if (q.q?.trim()) {
      const found = await registry.findParties(database.db, { scope, text: q.q, limit: 500 });
      ids = [...found.employerIds, ...found.personIds];
    }
    const byGrade: Record<CreditGrade, number> = { A: 0, B: 0, C: 0, D: 0 };
    if (ids?.length === 0) return { items: [], total: 0, page: q.page, pageSize: q.pageSize, byGrade };
    const latest = sql`
      select distinct on (party_kind, party_id) id, party_kind, party_id, region, rule_version, score, grade, reasons, extract(epoch from rated_at) * 1000 as rated_ms
      from ${creditRatings}
      where region like ${`${scope}%`}
        ${q.partyKind ? sql`and party_kind = ${q.partyKind}` : sql``}
        ${ids ? sql`and party_id = any(${sql.param(ids)}::uuid[])` : sql``}
      order by party_kind, party_id, id desc`;
    const [page, dist] = await Promise.all([
      database.db.execute(sql`with latest as (${latest}) select * from latest ${q.grade ? sql`where grade = ${q.grade}` : sql``}
        order by score, id desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`) as unknown as Promise<{
        rows: { id: string; party_kind: PartyKind; party_id: string; region: string; rule_version: number; score: number; grade: CreditGrade; reasons: RatingRow['reasons']; rated_ms: string }[];
      }>,
      database.db.execute(sql`with latest as (${latest}) select grade, count(*)::int as n from latest group by grade`) as unknown as Promise<{ rows: { grade: CreditGrade; n: number }[] }>,
    ]);
    for (const d of dist.rows) byGrade[d.grade] = Number(d.n);
    const rows = page.rows;
    const names = await partiesOf(
      database.db,
      rows.map((r) => ({ partyKind: r.party_kind, partyId: r.party_id })),
    );
    const live = rows.length
      ? await database.db
          .select({ partyId: dishonestyEntries.partyId, status: dishonestyEntries.status })
          .from(dishonestyEntries)
          .where(
            and(
              inArray(
                dishonestyEntries.partyId,
                rows.map((r) => r.party_id),
              ),
              inArray(dishonestyEntries.status, LIVE),
            ),
          )
      : [];
    const liveOf = new Map(live.map((l) => [l.partyId, l.status]));
    await auditPersonsViewed(
      ctx,
      actor,
      'credit.ratings_viewed',
      rows.filter((r) => r.party_kind === 'person').map((r) => r.party_id),
    );
    return {
      items: rows.map((r) => ({
        partyKind: r.party_kind,
        partyId: r.party_id,
        ...names(r.party_kind, r.party_id),
        ...ratingDto({ id: Number(r.id), ruleVersion: r.rule_version, score: r.score, grade: r.grade, reasons: r.reasons, ratedAt: millis(r.rated_ms), region: r.region }),
        dishonesty: liveOf.get(r.party_id) ?? null,
      })),
      total: q.grade ? byGrade[q.grade] : Object.values(byGrade).reduce((a, b) => a + b, 0),
      page: q.page,
      pageSize: q.pageSize,
      byGrade,
    };
  }

  /** A party's ratings (newest first, each naming its rule version) and dishonesty entries. */
  async function party(ctx: RequestContext, kind: PartyKind, id: string) {
    const where = and(eq(creditRatings.partyKind, kind), eq(creditRatings.partyId, id));
    const [ratings, entries] = await Promise.all([
      database.db.select().from(creditRatings).where(where).orderBy(desc(creditRatings.id)).limit(100),
      database.db
        .select()
        .from(dishonestyEntries)
        .where(and(eq(dishonestyEntries.partyKind, kind), eq(dishonestyEntries.partyId, id)))
        .orderBy(desc(dishonestyEntries.notifiedAt)),
    ]);
    const region = ratings[0]?.region ?? entries[0]?.region;
    const actor = await guard.require(ctx, 'credit:read', { kind: `credit_${kind}`, id, regionCode: region ?? NO_SUCH_TARGET, subjectId: kind === 'person' ? id : undefined });
    if (!region) throw integrityError('credit_party_not_found');
    const who = (await partiesOf(database.db, [{ partyKind: kind, partyId: id }], true))(kind, id);
    if (kind === 'person') await auditPersonsViewed(ctx, actor, 'credit.party_viewed', [id]);
    return {
      partyKind: kind,
      partyId: id,
      ...who,
      region,
      regionName: regions.fullName(region),
      ratings: ratings.map((r) => ratingDto({ ...r, ratedAt: r.ratedAt.toISOString() })),
      entries: entries.map((e) => entryDto(e, who)),
    };
  }

  /** The dishonesty list of the caller's region, newest notice first. */
  async function dishonestyList(ctx: RequestContext, q: { status?: EntryStatus | undefined; partyKind?: PartyKind | undefined; page: number; pageSize: number }) {
    const actor = await guard.require(ctx, 'credit:read');
    const where: SQL[] = [like(dishonestyEntries.region, `${guard.scope(ctx)}%`)];
    if (q.status) where.push(eq(dishonestyEntries.status, q.status));
    if (q.partyKind) where.push(eq(dishonestyEntries.partyKind, q.partyKind));
    const filter = and(...where);
    const [rows, [total]] = await Promise.all([
      database.db
        .select()
        .from(dishonestyEntries)
        .where(filter)
        .orderBy(desc(dishonestyEntries.notifiedAt), desc(dishonestyEntries.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(dishonestyEntries).where(filter),
    ]);
    const names = await partiesOf(database.db, rows);
    await auditPersonsViewed(
      ctx,
      actor,
      'credit.dishonesty_viewed',
      rows.filter((r) => r.partyKind === 'person').map((r) => r.partyId),
    );
    return { items: rows.map((e) => entryDto(e, names(e.partyKind, e.partyId))), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  // ---- the dishonesty list: objection, decision, repair ------------------------------------

  async function entryInScope(ctx: RequestContext, id: string) {
    const [row] = await database.db.select().from(dishonestyEntries).where(eq(dishonestyEntries.id, id));
    const actor = await guard.require(ctx, 'credit:manage', { kind: 'dishonesty_entry', id, regionCode: row?.region ?? NO_SUCH_TARGET, subjectId: row?.partyKind === 'person' ? row.partyId : undefined });
    if (!row) throw integrityError('credit_entry_not_found');
    return { row, actor };
  }

  /** Updates an entry only from the statuses given; a concurrent change makes it refuse. */
  async function transition(tx: Db, row: EntryRow, from: EntryStatus[], set: Partial<typeof dishonestyEntries.$inferInsert>) {
    if (!from.includes(row.status)) throw integrityError('credit_entry_decided', { detail: `status ${row.status}` });
    const [updated] = await tx
      .update(dishonestyEntries)
      .set(set)
      .where(and(eq(dishonestyEntries.id, row.id), inArray(dishonestyEntries.status, from)))
      .returning();
    if (!updated) throw integrityError('credit_entry_decided', { detail: 'the entry changed meanwhile' });
    return updated;
  }

  /** Tells a person with a citizen account (looked up before the transaction) in the portal. */
  async function tellPerson(tx: Db, citizenId: string | undefined, title: string, body: string) {
    if (citizenId) await notifications.notify(tx, { citizenId, title, body, link: null });
  }

  const citizenOf = async (row: EntryRow) => (row.partyKind === 'person' ? (await citizenAccounts([row.partyId])).get(row.partyId) : undefined);

  async function entryAnswer(db: Db, row: EntryRow) {
    const names = await partiesOf(db, [row], true);
    return entryDto(row, names(row.partyKind, row.partyId));
  }

  /** Staff record an objection the party made in writing or at the counter (employers have no portal). */
  async function recordObjection(ctx: RequestContext, id: string, input: { text: string }) {
    const { row, actor } = await entryInScope(ctx, id);
    return database.transaction(async (tx) => {
      const updated = await transition(tx, row, ['notified'], { status: 'objected', objection: input.text.trim(), objectedAt: new Date() });
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'credit.objection_recorded',
        targetKind: 'dishonesty_entry',
        targetId: id,
        subjectId: row.partyKind === 'person' ? row.partyId : null,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { partyKind: row.partyKind, partyId: row.partyId, text: input.text.trim() },
      });
      return entryAnswer(tx, updated);
    });
  }

  /**
   * Lists the party (the entry becomes public for an employer) or dismisses the notice, with a
   * note. Listing sets the day repair may be applied for: the listing day plus the repair period
   * of the rule version the entry was made under.
   */
  async function decide(ctx: RequestContext, id: string, input: { decision: 'list' | 'dismiss'; note: string }) {
    const { row, actor } = await entryInScope(ctx, id);
    const note = input.note.trim();
    const { rules } = await ruleSet(database.db, row.ruleVersion);
    const now = new Date();
    const citizenId = await citizenOf(row);
    const result = await database.transaction(async (tx) => {
      const updated =
        input.decision === 'list'
          ? await transition(tx, row, ['notified', 'objected'], { status: 'listed', decidedBy: actor.id, decidedAt: now, decisionNote: note, listedAt: now, repairableOn: addDays(chinaDate(now), rules.dishonesty.repairAfterDays) })
          : await transition(tx, row, ['notified', 'objected'], { status: 'dismissed', decidedBy: actor.id, decidedAt: now, decisionNote: note });
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: input.decision === 'list' ? 'credit.entry_listed' : 'credit.entry_dismissed',
        targetKind: 'dishonesty_entry',
        targetId: id,
        subjectId: row.partyKind === 'person' ? row.partyId : null,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { partyKind: row.partyKind, partyId: row.partyId, ruleCode: row.ruleCode, ruleVersion: row.ruleVersion, note, repairableOn: updated.repairableOn },
      });
      await tellPerson(
        tx,
        citizenId,
        '社会保险信用告知',
        input.decision === 'list'
          ? `经复核，您已被列入社会保险领域严重失信人名单（${note}）。退回全部款项且自列入之日起满 ${rules.dishonesty.repairAfterDays} 天后（${updated.repairableOn}起），可申请信用修复。`
          : `经复核，不将您列入社会保险领域严重失信人名单（${note}）。`,
      );
      return entryAnswer(tx, updated);
    });
    await notifications.flush();
    return result;
  }

  /**
   * 信用修复: a listed party comes off the list once the repair period has passed and the debt
   * that listed them is paid; the facts are read again now, not taken from the entry.
   */
  async function repair(ctx: RequestContext, id: string, input: { note: string }) {
    const { row, actor } = await entryInScope(ctx, id);
    if (row.status !== 'listed') throw integrityError('credit_entry_decided', { detail: `status ${row.status}` });
    const day = today();
    if (row.repairableOn && day < row.repairableOn) throw integrityError('credit_repair_too_early', { detail: `repairable on ${row.repairableOn}` });
    let outstandingFen: number;
    if (row.partyKind === 'employer') {
      outstandingFen = (await creditFacts.employerUnpaid(row.partyId)).filter((m) => m.dueOn < day).reduce((s, m) => s + m.outstandingFen, 0);
    } else {
      outstandingFen = (await creditFacts.personOrders(row.partyId)).filter((o) => o.status === 'open').reduce((s, o) => s + o.amountFen - o.recoveredFen, 0);
    }
    if (outstandingFen > 0) throw integrityError('credit_debt_unpaid', { detail: `${outstandingFen} fen outstanding` });
    const note = input.note.trim();
    const citizenId = await citizenOf(row);
    const result = await database.transaction(async (tx) => {
      const updated = await transition(tx, row, ['listed'], { status: 'repaired', repairedAt: new Date() });
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'credit.entry_repaired',
        targetKind: 'dishonesty_entry',
        targetId: id,
        subjectId: row.partyKind === 'person' ? row.partyId : null,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { partyKind: row.partyKind, partyId: row.partyId, ruleCode: row.ruleCode, note, repairableOn: row.repairableOn },
      });
      await tellPerson(tx, citizenId, '社会保险信用修复', `您已完成信用修复，移出社会保险领域严重失信人名单（${note}）。`);
      return entryAnswer(tx, updated);
    });
    await notifications.flush();
    return result;
  }

  // ---- citizens and the public -------------------------------------------------------------

  function ownEntryDto(e: EntryRow) {
    return {
      id: e.id,
      ruleCode: e.ruleCode,
      ruleVersion: e.ruleVersion,
      evidence: e.evidence,
      status: e.status,
      notifiedAt: e.notifiedAt.toISOString(),
      objection: e.objection,
      objectedAt: e.objectedAt?.toISOString() ?? null,
      decidedAt: e.decidedAt?.toISOString() ?? null,
      decisionNote: e.decisionNote,
      listedAt: e.listedAt?.toISOString() ?? null,
      repairableOn: e.repairableOn,
      repairedAt: e.repairedAt?.toISOString() ?? null,
    };
  }

  /** The signed-in citizen's own latest rating (with its reasons) and dishonesty entries. */
  async function mine(ctx: RequestContext) {
    const person = ctx.actor.kind === 'citizen' ? await registry.personOfCitizen(database.db, ctx.actor.id) : undefined;
    if (!person) return { registered: false, rating: null, entries: [] };
    const [[rating], entries] = await Promise.all([
      database.db
        .select()
        .from(creditRatings)
        .where(and(eq(creditRatings.partyKind, 'person'), eq(creditRatings.partyId, person.id)))
        .orderBy(desc(creditRatings.id))
        .limit(1),
      database.db
        .select()
        .from(dishonestyEntries)
        .where(and(eq(dishonestyEntries.partyKind, 'person'), eq(dishonestyEntries.partyId, person.id)))
        .orderBy(desc(dishonestyEntries.notifiedAt)),
    ]);
    await audit.record({ actor: auditActorOf(ctx.actor), action: 'credit.own_viewed', targetKind: 'person', targetId: person.id, subjectId: person.id, channel: ctx.channel, requestId: ctx.requestId });
    return { registered: true, rating: rating ? ratingDto({ ...rating, ratedAt: rating.ratedAt.toISOString() }) : null, entries: entries.map(ownEntryDto) };
  }

  /** A citizen objects to a notice about themselves, while it is only a notice. */
  async function object(ctx: RequestContext, entryId: string, input: { text: string }) {
    const person = ctx.actor.kind === 'citizen' ? await registry.personOfCitizen(database.db, ctx.actor.id) : undefined;
    if (!person) throw integrityError('not_in_registry');
    const [row] = await database.db
      .select()
      .from(dishonestyEntries)
      .where(and(eq(dishonestyEntries.id, entryId), eq(dishonestyEntries.partyKind, 'person'), eq(dishonestyEntries.partyId, person.id)));
    // Someone else's entry is answered as missing: nobody learns what exists about others.
    if (!row) throw integrityError('credit_entry_not_found');
    const text = input.text.trim();
    return database.transaction(async (tx) => {
      const updated = await transition(tx, row, ['notified'], { status: 'objected', objection: text, objectedAt: new Date() });
      await audit.append(tx, { actor: auditActorOf(ctx.actor), action: 'credit.objected', targetKind: 'dishonesty_entry', targetId: entryId, subjectId: person.id, channel: ctx.channel, requestId: ctx.requestId, details: { text } });
      return ownEntryDto(updated);
    });
  }

  /**
   * 公示: employers on the list and not repaired, by name and credit code. Persons are never
   * published: a natural person's credit record is personal information (PIPL Art. 28 treats
   * financial and similar records as sensitive), and no law here requires publishing it, so it
   * stays with the party and the staff who handle it.
   */
  async function publicEmployers(q: { page: number; pageSize: number }) {
    const listed = and(eq(dishonestyEntries.partyKind, 'employer'), eq(dishonestyEntries.status, 'listed'));
    const [rows, [total]] = await Promise.all([
      database.db
        .select({ partyId: dishonestyEntries.partyId, listedMs: sql<number>`extract(epoch from min(${dishonestyEntries.listedAt})) * 1000`.mapWith(Number), region: sql<string>`min(${dishonestyEntries.region})` })
        .from(dishonestyEntries)
        .where(listed)
        .groupBy(dishonestyEntries.partyId)
        .orderBy(desc(sql`min(${dishonestyEntries.listedAt})`), dishonestyEntries.partyId)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      database.db.select({ n: sql<number>`count(distinct ${dishonestyEntries.partyId})::int` }).from(dishonestyEntries).where(listed),
    ]);
    const employers = await registry.employersById(
      database.db,
      rows.map((r) => r.partyId),
    );
    return {
      items: rows.map((r) => ({ name: employers.get(r.partyId)?.name ?? '', creditCode: employers.get(r.partyId)?.creditCode ?? '', regionName: regions.fullName(r.region), listedOn: chinaDate(new Date(r.listedMs)) })),
      total: Number(total?.n ?? 0),
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  return { ready, listRules, publishRules, run, listRatings, party, dishonestyList, recordObjection, decide, repair, mine, object, publicEmployers };
}
