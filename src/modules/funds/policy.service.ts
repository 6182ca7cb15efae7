import { and, asc, desc, eq, inArray, isNull, lte, gte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext, type StaffActor } from '@core/access/guard.ts';
import type { Action } from '@core/access/roles.ts';
import type { AuditActor } from '@core/audit/audit.service.ts';
import { appError } from '@core/http/errors.ts';
import { averageWages, contributionRates, interestRates, monthsDivisors, type FundKind, type Payer } from './funds.tables.ts';
import { contributionBase, monthsDivisors as officialMonthsDivisors } from './calculators.ts';
import { fundsError } from './funds.errors.ts';

export type PolicyService = ReturnType<typeof createPolicyService>;

type RateRow = typeof contributionRates.$inferSelect;
type WageRow = typeof averageWages.$inferSelect;

/** An average wage as it applies to a region: found on `regionCode`, the nearest region above that has one. */
export interface EffectiveWage {
  regionCode: string;
  year: number;
  averageMonthlyWageFen: number;
  floorBp: number;
  capBp: number;
}

export interface EffectiveRate {
  id: string;
  regionCode: string;
  scheme: FundKind;
  payer: Payer;
  rateBp: number;
  validFrom: string;
  validTo: string | null;
}

/** The demo and a fresh install load policy through this shape (no access check: the operator's own code). */
export interface PolicyData {
  averageWages?: { region: string; year: number; averageMonthlyWageFen: number; floorBp?: number; capBp?: number }[];
  rates?: { region: string; scheme: FundKind; payer: Payer; rateBp: number; validFrom: string; validTo?: string | null }[];
  interestRates?: { year: number; rateBp: number }[];
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** True when one region lies inside the other: a policy of the province applies in a county, and a county sees it. */
const related = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/**
 * Policy as data (政策参数): average wages with the contribution floor and cap, contribution
 * rates per region, scheme and payer, the yearly crediting rate of individual accounts and the
 * months divisors. A region's value is the one of the nearest region at or above it that has
 * one (county → city → province), so a province sets what applies everywhere and a city or
 * county overrides it only where its own government decided differently.
 */
export function createPolicyService(platform: Platform) {
  const { database, guard, audit, regions } = platform;

  // ---- helpers -------------------------------------------------------------------------------

  /** A province, city or county code in the shortened form (640000 → 64); towns set no policy. */
  function policyRegion(code: string): string {
    const region = regions.get(code);
    if (!region) throw appError('unknown_region', { detail: `no administrative division ${code}` });
    if (region.level > 3) throw fundsError('region_not_allowed');
    return region.code;
  }

  /** Any known region, for filters: a town sees the figures that apply to it. */
  function knownRegion(code: string): string {
    const region = regions.get(code);
    if (!region) throw appError('unknown_region', { detail: `no administrative division ${code}` });
    return region.code;
  }

  /** The region itself and every region above it, nearest first (640104001 → 640104, 6401, 64). */
  function chainOf(region: string): string[] {
    const out: string[] = [];
    for (let r = regions.get(region); r; r = r.parentCode ? regions.get(r.parentCode) : undefined) out.push(r.code);
    return out;
  }

  const depth = (code: string) => code.length;

  /**
   * Settings that hold for the whole platform (the yearly crediting rate, the months divisors)
   * are national figures (人社部、财政部 announce the 记账利率; 国发〔2005〕38号 sets the divisors):
   * only a city bureau or one above may enter them, never a county or town office.
   */
  async function requireUpperLevel(ctx: RequestContext, action: Action, target: { kind: string; id: string }): Promise<StaffActor> {
    const actor = await guard.require(ctx, action, target);
    const level = regions.get(actor.regionCode)?.level ?? 4;
    if (level > 2) {
      await audit.record({
        actor: auditActorOf(actor),
        action,
        targetKind: target.kind,
        targetId: target.id,
        outcome: 'denied',
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { reason: 'platform-wide setting: city level or above' },
      });
      throw appError('forbidden', { detail: 'this setting is changed at city level or above' });
    }
    return actor;
  }

  function policyEvent(actor: AuditActor, ctx: RequestContext | undefined, action: string, target: { kind: string; id: string }, details: Record<string, unknown>) {
    return { actor, action, targetKind: target.kind, targetId: target.id, channel: ctx?.channel ?? 'system', requestId: ctx?.requestId ?? null, details };
  }

  function wageDto(w: WageRow) {
    const { floorFen, capFen } = contributionBase(0, w.averageMonthlyWageFen, w.floorBp, w.capBp);
    return { regionCode: w.regionCode, regionName: regions.fullName(w.regionCode), year: w.year, averageMonthlyWageFen: w.averageMonthlyWageFen, floorBp: w.floorBp, capBp: w.capBp, floorFen, capFen };
  }

  function rateDto(r: RateRow) {
    return { id: r.id, regionCode: r.regionCode, regionName: regions.fullName(r.regionCode), scheme: r.scheme, payer: r.payer, rateBp: r.rateBp, validFrom: r.validFrom, validTo: r.validTo };
  }

  function checkRange(validFrom: string, validTo: string | null) {
    if (!PERIOD.test(validFrom) || (validTo !== null && !PERIOD.test(validTo))) throw fundsError('period_range_invalid');
    if (validTo !== null && validTo < validFrom) throw fundsError('period_range_invalid', { detail: `validTo ${validTo} is before validFrom ${validFrom}` });
  }

  /** Rates of one region, scheme and payer whose periods meet [from, to]; `to` null is open-ended. */
  async function overlapping(tx: Db, r: { regionCode: string; scheme: FundKind; payer: Payer; validFrom: string; validTo: string | null }, exceptId?: string) {
    const where: SQL[] = [
      eq(contributionRates.regionCode, r.regionCode),
      eq(contributionRates.scheme, r.scheme),
      eq(contributionRates.payer, r.payer),
      or(isNull(contributionRates.validTo), gte(contributionRates.validTo, r.validFrom))!,
    ];
    if (r.validTo !== null) where.push(lte(contributionRates.validFrom, r.validTo));
    if (exceptId) where.push(ne(contributionRates.id, exceptId));
    return tx.select().from(contributionRates).where(and(...where)).limit(1);
  }

  /** Rates of one region, scheme and payer are changed one writer at a time, so two overlapping rates cannot both pass the check. */
  const lockRates = (tx: Db, r: { regionCode: string; scheme: string; payer: string }) =>
    tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`funds.rates:${r.regionCode}:${r.scheme}:${r.payer}`}))`);

  // ---- lookups used by contributions, accounts and pensions --------------------------------

  /** The average wage for `year` of the nearest region at or above `region` that has one. */
  async function averageWageFor(db: Db, region: string, year: number): Promise<EffectiveWage | undefined> {
    const chain = chainOf(region);
    if (chain.length === 0) return undefined;
    const rows = await db.select().from(averageWages).where(and(inArray(averageWages.regionCode, chain), eq(averageWages.year, year)));
    const nearest = rows.sort((a, b) => depth(b.regionCode) - depth(a.regionCode))[0];
    return nearest && { regionCode: nearest.regionCode, year: nearest.year, averageMonthlyWageFen: nearest.averageMonthlyWageFen, floorBp: nearest.floorBp, capBp: nearest.capBp };
  }

  /**
   * The rate of each scheme and payer for `period` in `region`: per scheme and payer, the row of
   * the nearest region at or above it that has one valid in that period. A scheme and payer with
   * no row is absent from the map; it is never taken as 0 (a 0 rate is a row that says 0).
   */
  async function ratesFor(db: Db, region: string, period: string, schemes: readonly FundKind[]): Promise<Map<`${FundKind}:${Payer}`, EffectiveRate>> {
    const out = new Map<`${FundKind}:${Payer}`, EffectiveRate>();
    const chain = chainOf(region);
    if (chain.length === 0 || schemes.length === 0) return out;
    const rows = await db
      .select()
      .from(contributionRates)
      .where(
        and(
          inArray(contributionRates.regionCode, chain),
          inArray(contributionRates.scheme, [...schemes]),
          lte(contributionRates.validFrom, period),
          or(isNull(contributionRates.validTo), gte(contributionRates.validTo, period)),
        ),
      );
    for (const r of rows.sort((a, b) => depth(a.regionCode) - depth(b.regionCode))) {
      // Sorted from the province down: a nearer region's row replaces a farther one's.
      out.set(`${r.scheme}:${r.payer}`, { id: r.id, regionCode: r.regionCode, scheme: r.scheme, payer: r.payer, rateBp: r.rateBp, validFrom: r.validFrom, validTo: r.validTo });
    }
    return out;
  }

  async function interestRateFor(db: Db, year: number): Promise<number | undefined> {
    const [row] = await db.select().from(interestRates).where(eq(interestRates.year, year)).limit(1);
    return row?.rateBp;
  }

  // ---- defaults and loading -----------------------------------------------------------------

  /**
   * The months divisors are fixed by 国发〔2005〕38号; a fresh install (and every test database)
   * gets the official table. Existing rows are left as they are.
   */
  async function ensureDefaults(db: Db = database.db) {
    const rows = Object.entries(officialMonthsDivisors).map(([age, months]) => ({ retirementAge: Number(age), months }));
    await db.insert(monthsDivisors).values(rows).onConflictDoNothing();
  }

  /**
   * Loads policy figures for an installation or the demo, as the system: average wages and
   * interest rates are set (replacing the year's figure), a rate is added unless the same rate
   * already starts that period; a rate that would overlap another is refused as over HTTP.
   */
  async function load(data: PolicyData, by: AuditActor = { kind: 'system', name: 'minsheng policy load' }) {
    await ensureDefaults();
    return database.transaction(async (tx) => {
      for (const w of data.averageWages ?? []) {
        const values = { regionCode: policyRegion(w.region), year: w.year, averageMonthlyWageFen: w.averageMonthlyWageFen, floorBp: w.floorBp ?? 6000, capBp: w.capBp ?? 30000 };
        if (values.floorBp > values.capBp) throw fundsError('wage_bounds_invalid');
        await tx
          .insert(averageWages)
          .values(values)
          .onConflictDoUpdate({ target: [averageWages.regionCode, averageWages.year], set: { averageMonthlyWageFen: values.averageMonthlyWageFen, floorBp: values.floorBp, capBp: values.capBp } });
      }
      let ratesAdded = 0;
      for (const r of data.rates ?? []) {
        const values = { regionCode: policyRegion(r.region), scheme: r.scheme, payer: r.payer, rateBp: r.rateBp, validFrom: r.validFrom, validTo: r.validTo ?? null };
        checkRange(values.validFrom, values.validTo);
        await lockRates(tx, values);
        const [same] = await tx
          .select()
          .from(contributionRates)
          .where(and(eq(contributionRates.regionCode, values.regionCode), eq(contributionRates.scheme, values.scheme), eq(contributionRates.payer, values.payer), eq(contributionRates.validFrom, values.validFrom)));
        if (same && same.rateBp === values.rateBp && same.validTo === values.validTo) continue;
        if ((await overlapping(tx, values)).length > 0) throw fundsError('rate_overlaps', { detail: `${values.regionCode} ${values.scheme} ${values.payer} from ${values.validFrom}` });
        await tx.insert(contributionRates).values(values);
        ratesAdded++;
      }
      for (const i of data.interestRates ?? []) {
        await tx.insert(interestRates).values(i).onConflictDoUpdate({ target: interestRates.year, set: { rateBp: i.rateBp } });
      }
      const summary = { averageWages: data.averageWages?.length ?? 0, ratesAdded, interestRates: data.interestRates?.length ?? 0 };
      await audit.append(tx, { actor: by, action: 'funds.policy_loaded', targetKind: 'policy', channel: 'system', details: summary });
      return summary;
    });
  }

  // ---- average wages ------------------------------------------------------------------------

  async function listAverageWages(ctx: RequestContext, q: { region?: string | undefined; year?: number | undefined }) {
    await guard.require(ctx, 'contribution:read');
    const scope = guard.scope(ctx);
    const region = q.region ? knownRegion(q.region) : undefined;
    const rows = await database.db
      .select()
      .from(averageWages)
      .where(q.year ? eq(averageWages.year, q.year) : undefined)
      .orderBy(desc(averageWages.year), asc(averageWages.regionCode));
    // Everyone reads the figures that apply to their region (those above it) and those inside it;
    // the tables hold a few rows per region and year, so they are filtered here.
    return rows.filter((w) => related(w.regionCode, scope) && (!region || related(w.regionCode, region))).map(wageDto);
  }

  async function putAverageWage(ctx: RequestContext, regionCode: string, year: number, input: { averageMonthlyWageFen: number; floorBp: number; capBp: number }) {
    const region = policyRegion(regionCode);
    const actor = await guard.require(ctx, 'fund:configure', { kind: 'average_wage', id: `${region}/${year}`, regionCode: region });
    if (input.floorBp > input.capBp) throw fundsError('wage_bounds_invalid');
    return database.transaction(async (tx) => {
      const [before] = await tx.select().from(averageWages).where(and(eq(averageWages.regionCode, region), eq(averageWages.year, year))).for('update');
      const [row] = await tx
        .insert(averageWages)
        .values({ regionCode: region, year, ...input })
        .onConflictDoUpdate({ target: [averageWages.regionCode, averageWages.year], set: input })
        .returning();
      await audit.append(
        tx,
        policyEvent(auditActorOf(actor), ctx, 'funds.average_wage_set', { kind: 'average_wage', id: `${region}/${year}` }, { before: before ? wageDto(before) : null, after: input }),
      );
      return wageDto(row!);
    });
  }

  // ---- contribution rates -------------------------------------------------------------------

  async function listRates(ctx: RequestContext, q: { region?: string | undefined; scheme?: FundKind | undefined; period?: string | undefined }) {
    await guard.require(ctx, 'contribution:read');
    const scope = guard.scope(ctx);
    const region = q.region ? knownRegion(q.region) : undefined;
    const where: SQL[] = [];
    if (q.scheme) where.push(eq(contributionRates.scheme, q.scheme));
    if (q.period) where.push(lte(contributionRates.validFrom, q.period), or(isNull(contributionRates.validTo), gte(contributionRates.validTo, q.period))!);
    const rows = await database.db
      .select()
      .from(contributionRates)
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(contributionRates.regionCode), asc(contributionRates.scheme), asc(contributionRates.payer), desc(contributionRates.validFrom));
    return rows.filter((r) => related(r.regionCode, scope) && (!region || related(r.regionCode, region))).map(rateDto);
  }

  async function createRate(ctx: RequestContext, input: { region: string; scheme: FundKind; payer: Payer; rateBp: number; validFrom: string; validTo?: string | null | undefined }) {
    const values = { regionCode: policyRegion(input.region), scheme: input.scheme, payer: input.payer, rateBp: input.rateBp, validFrom: input.validFrom, validTo: input.validTo ?? null };
    const actor = await guard.require(ctx, 'fund:configure', { kind: 'contribution_rate', regionCode: values.regionCode });
    checkRange(values.validFrom, values.validTo);
    return database.transaction(async (tx) => {
      await lockRates(tx, values);
      const [clash] = await overlapping(tx, values);
      if (clash) throw fundsError('rate_overlaps', { detail: `overlaps the rate from ${clash.validFrom} to ${clash.validTo ?? 'open'} (${clash.id}); end that one first` });
      const [row] = await tx.insert(contributionRates).values(values).returning();
      await audit.append(tx, policyEvent(auditActorOf(actor), ctx, 'funds.rate_added', { kind: 'contribution_rate', id: row!.id }, { after: rateDto(row!) }));
      return rateDto(row!);
    });
  }

  /**
   * Changes a rate, typically to end it (validTo) before a new one starts. Declarations keep the
   * rate they were computed with on their lines, so a change never alters what was declared.
   */
  async function updateRate(ctx: RequestContext, id: string, input: { rateBp: number; validFrom: string; validTo?: string | null | undefined }) {
    const [current] = await database.db.select().from(contributionRates).where(eq(contributionRates.id, id)).limit(1);
    const actor = await guard.require(ctx, 'fund:configure', { kind: 'contribution_rate', id, regionCode: current?.regionCode ?? NO_SUCH_TARGET });
    if (!current) throw fundsError('rate_not_found');
    const next = { ...current, rateBp: input.rateBp, validFrom: input.validFrom, validTo: input.validTo ?? null };
    checkRange(next.validFrom, next.validTo);
    return database.transaction(async (tx) => {
      await lockRates(tx, current);
      const [clash] = await overlapping(tx, next, id);
      if (clash) throw fundsError('rate_overlaps', { detail: `overlaps the rate from ${clash.validFrom} to ${clash.validTo ?? 'open'} (${clash.id})` });
      const [row] = await tx.update(contributionRates).set({ rateBp: next.rateBp, validFrom: next.validFrom, validTo: next.validTo }).where(eq(contributionRates.id, id)).returning();
      if (!row) throw fundsError('rate_not_found');
      await audit.append(tx, policyEvent(auditActorOf(actor), ctx, 'funds.rate_changed', { kind: 'contribution_rate', id }, { before: rateDto(current), after: rateDto(row) }));
      return rateDto(row);
    });
  }

  /** What applies in a region for a month: the average wage of its year and every rate, each with the region it comes from. */
  async function effective(ctx: RequestContext, q: { region: string; period: string }) {
    const region = regions.get(q.region);
    if (!region) throw appError('unknown_region', { detail: `no administrative division ${q.region}` });
    await guard.require(ctx, 'contribution:read', { kind: 'region', regionCode: region.code });
    const [wage, rates] = await Promise.all([
      averageWageFor(database.db, region.code, Number(q.period.slice(0, 4))),
      ratesFor(database.db, region.code, q.period, ['employee_pension', 'resident_pension', 'employee_medical', 'resident_medical', 'unemployment', 'work_injury', 'maternity']),
    ]);
    return {
      region: region.code,
      regionName: regions.fullName(region.code),
      period: q.period,
      averageWage: wage ? wageDto({ ...wage }) : null,
      rates: [...rates.values()].map((r) => ({ ...r, regionName: regions.fullName(r.regionCode) })),
    };
  }

  // ---- interest rates and months divisors ---------------------------------------------------

  async function listInterestRates(ctx: RequestContext) {
    await guard.require(ctx, 'contribution:read');
    return database.db.select().from(interestRates).orderBy(desc(interestRates.year));
  }

  async function putInterestRate(ctx: RequestContext, year: number, rateBp: number) {
    const actor = await requireUpperLevel(ctx, 'fund:configure', { kind: 'interest_rate', id: String(year) });
    return database.transaction(async (tx) => {
      const [before] = await tx.select().from(interestRates).where(eq(interestRates.year, year)).for('update');
      const [row] = await tx.insert(interestRates).values({ year, rateBp }).onConflictDoUpdate({ target: interestRates.year, set: { rateBp } }).returning();
      await audit.append(tx, policyEvent(auditActorOf(actor), ctx, 'funds.interest_rate_set', { kind: 'interest_rate', id: String(year) }, { before: before?.rateBp ?? null, after: rateBp }));
      return row!;
    });
  }

  async function listMonthsDivisors(ctx: RequestContext) {
    await guard.require(ctx, 'contribution:read');
    return database.db.select().from(monthsDivisors).orderBy(asc(monthsDivisors.retirementAge));
  }

  async function putMonthsDivisor(ctx: RequestContext, retirementAge: number, months: number) {
    const actor = await requireUpperLevel(ctx, 'fund:configure', { kind: 'months_divisor', id: String(retirementAge) });
    return database.transaction(async (tx) => {
      const [before] = await tx.select().from(monthsDivisors).where(eq(monthsDivisors.retirementAge, retirementAge)).for('update');
      const [row] = await tx
        .insert(monthsDivisors)
        .values({ retirementAge, months })
        .onConflictDoUpdate({ target: monthsDivisors.retirementAge, set: { months } })
        .returning();
      await audit.append(
        tx,
        policyEvent(auditActorOf(actor), ctx, 'funds.months_divisor_set', { kind: 'months_divisor', id: String(retirementAge) }, { before: before?.months ?? null, after: months }),
      );
      return row!;
    });
  }

  return {
    requireUpperLevel,
    averageWageFor,
    ratesFor,
    interestRateFor,
    ensureDefaults,
    load,
    listAverageWages,
    putAverageWage,
    listRates,
    createRate,
    updateRate,
    effective,
    listInterestRates,
    putInterestRate,
    listMonthsDivisors,
    putMonthsDivisor,
  };
}
