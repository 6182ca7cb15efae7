import { and, asc, count, desc, eq, gte, ilike, inArray, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext } from '@core/access/guard.ts';
import { AppError } from '@core/http/errors.ts';
import { containsPattern } from '@core/db/like.ts';
import { chinaDate, chinaTime } from '@core/calendar/working-time.ts';
import type { RegistryReader } from '@modules/registry';
import { cardUses, flags, institutions, type cardUseKinds, type FlagKind, type institutionKinds } from './integrity.tables.ts';
import { integrityError } from './integrity.errors.ts';
import { defaultCardRules, impossibleTravel, peerOutliers, round, travelHorizonHours, usesAfterDeath, usesAfterLost, type CardRules, type LostPeriod, type PeerOutlier } from './cards.detect.ts';

export type CardsService = ReturnType<typeof createCardsService>;
export type InstitutionKind = (typeof institutionKinds)[number];
export type CardUseKind = (typeof cardUseKinds)[number];
type CardFinding = Extract<FlagKind, `card_${string}`>;

/** Rows of one batch at most (the route refuses more before it gets here). */
export const MAX_CARD_USE_ROWS = 5000;
/** Uses returned by one trajectory read at most; `truncated` says when there were more. */
export const MAX_TRAJECTORY_USES = 2000;
const MAX_PERIOD_DAYS = 731;
/** A partner's clock may run a little ahead of ours; beyond this a time of use is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
/** Mainland China with its islands, roughly (漠河 53.5N, 曾母暗沙 3.9N, 帕米尔 73.5E, 抚远 135.1E). */
const CHINA_BOX = { south: 3.8, north: 53.6, west: 73.4, east: 135.1 };
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface InstitutionInput {
  code: string;
  name: string;
  kind: InstitutionKind;
  region: string;
  /** Decimal degrees, WGS 84. */
  latitude: number;
  longitude: number;
}

export interface CardUseInput {
  cardNumber: string;
  institutionCode: string;
  kind: CardUseKind;
  /** ISO 8601 with an offset, e.g. 2026-03-02T09:15:00+08:00. */
  usedAt: string;
  amountFen: number;
  conditionGroup?: string | undefined;
  reference: string;
}

export interface CardUseRowResult {
  index: number;
  reference: string;
  /** `valid` in a refused batch; `recorded` or `unchanged` (the reference was already recorded) in an accepted one. */
  status: 'valid' | 'rejected' | 'recorded' | 'unchanged';
  useId?: number;
  code?: string;
  message?: { zh: string; en: string };
}

type Counts = Record<CardFinding, number>;
const noFindings = (): Counts => ({ card_impossible_travel: 0, card_frequency: 0, card_amount: 0, card_after_death: 0, card_after_lost: 0 });

export interface CardBatchAnswer {
  ok: boolean;
  count: number;
  recorded: number;
  unchanged: number;
  rejected: number;
  /** Findings raised by this batch, per kind. */
  findings: Counts;
  rows: CardUseRowResult[];
}

/** A use with where it happened, as the detectors and the trajectory need it. */
interface PlacedUseRow {
  id: number;
  personId: string;
  cardId: string;
  kind: CardUseKind;
  usedAt: Date;
  amountFen: number;
  conditionGroup: string | null;
  reference: string;
  institutionCode: string;
  institutionName: string;
  institutionKind: InstitutionKind;
  region: string;
  latitude: number;
  longitude: number;
}

interface NewFlag {
  personId: string;
  kind: CardFinding;
  region: string;
  source: string;
  matchKey: string;
  evidence: Record<string, unknown>;
}

const fromE6 = (v: number) => v / 1e6;
const toE6 = (v: number) => Math.round(v * 1e6);
/** A1234567 → A****567: enough to tell two cards of one person apart. */
const maskCard = (n: string) => (n.length <= 4 ? '*'.repeat(n.length) : n.slice(0, 1) + '*'.repeat(n.length - 4) + n.slice(-3));
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const evidenceUseIds = (e: Record<string, unknown>): number[] =>
  ['from', 'to', 'use'].map((k) => (e[k] as { useId?: unknown } | undefined)?.useId).filter((v): v is number => typeof v === 'number');

/**
 * Card trajectory (用卡轨迹): designated institutions with where they are, the uses of social
 * security cards the medical insurance system reports, and the findings drawn from them —
 * impossible travel, visits or amounts far above peers, use after death or after the card was
 * reported lost. Findings go to the review queue; they do not hold a pension by themselves.
 */
export function createCardsService(platform: Platform, deps: { registry: RegistryReader }, rules: CardRules = defaultCardRules) {
  const { database, guard, audit, regions } = platform;
  const { registry } = deps;

  function institutionDto(r: typeof institutions.$inferSelect) {
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      region: r.region,
      regionName: regions.fullName(r.region),
      latitude: fromE6(r.latitudeE6),
      longitude: fromE6(r.longitudeE6),
      createdAt: r.createdAt.toISOString(),
    };
  }

  // ---- designated institutions (定点医药机构) -------------------------------------------------

  /**
   * Registers a designated hospital, clinic or pharmacy with its place. Not limited to the
   * caller's region: cards are used wherever their holders travel (异地就医), so institutions
   * anywhere in the country come with the settlements; they are places, not personal data.
   */
  async function registerInstitution(ctx: RequestContext, input: InstitutionInput) {
    const actor = await guard.require(ctx, 'integrity:review');
    const region = regions.get(input.region);
    if (!region || region.level < 3) throw integrityError('institution_region');
    const { latitude, longitude } = input;
    if (latitude < CHINA_BOX.south || latitude > CHINA_BOX.north || longitude < CHINA_BOX.west || longitude > CHINA_BOX.east) throw integrityError('institution_outside_china');
    const [row] = await database.db
      .insert(institutions)
      .values({ code: input.code.trim().toUpperCase(), name: input.name.trim(), kind: input.kind, region: region.code, latitudeE6: toE6(latitude), longitudeE6: toE6(longitude) })
      .onConflictDoNothing()
      .returning();
    if (!row) throw integrityError('institution_exists');
    await audit.record({ actor: auditActorOf(actor), action: 'integrity.institution_registered', targetKind: 'institution', targetId: row.id, channel: ctx.channel, requestId: ctx.requestId, details: { code: row.code, region: row.region } });
    return institutionDto(row);
  }

  async function listInstitutions(ctx: RequestContext, q: { q?: string | undefined; regionCode?: string | undefined; kind?: InstitutionKind | undefined; page: number; pageSize: number }) {
    await guard.require(ctx, 'integrity:read');
    const where: SQL[] = [];
    const text = q.q?.trim();
    if (text) where.push(or(eq(institutions.code, text.toUpperCase()), ilike(institutions.name, containsPattern(text)))!);
    if (q.regionCode) where.push(like(institutions.region, `${q.regionCode}%`));
    if (q.kind) where.push(eq(institutions.kind, q.kind));
    const filter = and(...where);
    const [rows, [total]] = await Promise.all([
      database.db.select().from(institutions).where(filter).orderBy(asc(institutions.region), asc(institutions.code)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(institutions).where(filter),
    ]);
    return { items: rows.map(institutionDto), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  // ---- recording uses ----------------------------------------------------------------------

  async function existingReferences(db: Db, references: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < references.length; i += 1000) {
      const rows = await db.select({ reference: cardUses.reference }).from(cardUses).where(inArray(cardUses.reference, references.slice(i, i + 1000)));
      for (const r of rows) out.add(r.reference);
    }
    return out;
  }

  async function institutionsByCode(db: Db, codes: string[]) {
    const out = new Map<string, typeof institutions.$inferSelect>();
    const unique = [...new Set(codes)];
    for (let i = 0; i < unique.length; i += 1000) {
      for (const r of await db.select().from(institutions).where(inArray(institutions.code, unique.slice(i, i + 1000)))) out.set(r.code, r);
    }
    return out;
  }

  /**
   * Records uses of social security cards as the medical insurance system reports them
   * (settlements and pharmacy purchases): all rows or none, with a result per row. A reference
   * already recorded changes nothing. The detectors run for the persons whose uses were
   * recorded, in the same transaction, so uses and findings land together.
   */
  async function recordBatch(ctx: RequestContext, input: { rows: CardUseInput[] }, options: { asOf?: Date } = {}): Promise<CardBatchAnswer> {
    const actor = await guard.require(ctx, 'integrity:review');
    const scope = guard.scope(ctx);
    const now = options.asOf ?? new Date();
    const cards = new Map((await registry.cardFacts(database.db, { numbers: input.rows.map((r) => r.cardNumber) })).map((c) => [c.cardNumber, c]));
    const holders = await registry.persons(
      database.db,
      [...cards.values()].map((c) => c.personId),
    );
    const places = await institutionsByCode(
      database.db,
      input.rows.map((r) => r.institutionCode.trim().toUpperCase()),
    );
    const known = await existingReferences(
      database.db,
      input.rows.map((r) => r.reference.trim()),
    );
    const seen = new Set<string>();
    const results: CardUseRowResult[] = [];
    const valid: { index: number; values: typeof cardUses.$inferInsert }[] = [];
    for (const [index, row] of input.rows.entries()) {
      const reference = row.reference.trim();
      try {
        if (seen.has(reference)) throw integrityError('reference_repeated');
        seen.add(reference);
        const card = cards.get(row.cardNumber.trim().toUpperCase());
        const holder = card ? holders.get(card.personId) : undefined;
        // A holder outside the caller's region is answered like an unknown card.
        if (!card || !holder?.householdRegion.startsWith(scope)) throw integrityError('card_not_found');
        const place = places.get(row.institutionCode.trim().toUpperCase());
        if (!place) throw integrityError('institution_not_found');
        if (!Number.isSafeInteger(row.amountFen) || row.amountFen < 0) throw integrityError('amount_invalid');
        const usedAt = new Date(row.usedAt);
        if (!ISO_TIME.test(row.usedAt) || Number.isNaN(usedAt.getTime()) || usedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw integrityError('used_at_invalid');
        const group = row.conditionGroup?.trim().toUpperCase();
        valid.push({
          index,
          values: { personId: card.personId, cardId: card.id, institutionId: place.id, kind: row.kind, usedAt, amountFen: row.amountFen, conditionGroup: group ? group : null, reference },
        });
        results.push({ index, reference, status: 'valid' });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ index, reference, status: 'rejected', code: error.code, message: { zh: error.spec.zh, en: error.spec.en } });
      }
    }
    const rejected = results.filter((r) => r.status === 'rejected').length;
    if (rejected > 0) {
      await audit.record({
        actor: auditActorOf(actor),
        action: 'integrity.card_uses_rejected',
        targetKind: 'card_use_batch',
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { rows: input.rows.length, rejected, codes: [...new Set(results.filter((r) => r.code).map((r) => r.code))] },
      });
      return { ok: false, count: input.rows.length, recorded: 0, unchanged: 0, rejected, findings: noFindings(), rows: results };
    }
    return database.transaction(async (tx) => {
      const fresh = valid.filter((v) => !known.has(v.values.reference));
      const ids = new Map<string, number>();
      for (let i = 0; i < fresh.length; i += 1000) {
        const inserted = await tx
          .insert(cardUses)
          .values(fresh.slice(i, i + 1000).map((v) => v.values))
          .onConflictDoNothing({ target: cardUses.reference })
          .returning({ id: cardUses.id, reference: cardUses.reference });
        for (const r of inserted) ids.set(r.reference, r.id);
      }
      const recorded = valid.filter((v) => ids.has(v.values.reference));
      const times = recorded.map((v) => (v.values.usedAt as Date).getTime());
      const findings = recorded.length
        ? await detect(tx, [...new Set(recorded.map((v) => v.values.personId))], { asOf: now, from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) })
        : noFindings();
      const perPerson = new Map<string, number>();
      for (const v of recorded) perPerson.set(v.values.personId, (perPerson.get(v.values.personId) ?? 0) + 1);
      // Each holder sees in their data tracker that uses of their card were recorded.
      await audit.appendMany(
        tx,
        [...perPerson].map(([personId, uses]) => ({
          actor: auditActorOf(actor),
          action: 'integrity.card_uses_recorded',
          targetKind: 'person',
          targetId: personId,
          subjectId: personId,
          channel: ctx.channel,
          requestId: ctx.requestId,
          purpose: 'benefit_integrity_review',
          details: { uses },
        })),
      );
      const rows = results.map((r) => {
        const id = ids.get(r.reference);
        return id === undefined ? { ...r, status: 'unchanged' as const } : { ...r, status: 'recorded' as const, useId: id };
      });
      return { ok: true, count: input.rows.length, recorded: recorded.length, unchanged: input.rows.length - recorded.length, rejected: 0, findings, rows };
    });
  }

  // ---- detection ---------------------------------------------------------------------------

  const placedColumns = {
    id: cardUses.id,
    personId: cardUses.personId,
    cardId: cardUses.cardId,
    kind: cardUses.kind,
    usedAt: cardUses.usedAt,
    amountFen: cardUses.amountFen,
    conditionGroup: cardUses.conditionGroup,
    reference: cardUses.reference,
    institutionCode: institutions.code,
    institutionName: institutions.name,
    institutionKind: institutions.kind,
    region: institutions.region,
    latitudeE6: institutions.latitudeE6,
    longitudeE6: institutions.longitudeE6,
  };

  async function placedUses(db: Db, where: SQL | undefined, limit?: number): Promise<PlacedUseRow[]> {
    const query = db.select(placedColumns).from(cardUses).innerJoin(institutions, eq(institutions.id, cardUses.institutionId)).where(where).orderBy(asc(cardUses.usedAt), asc(cardUses.id));
    const rows = limit === undefined ? await query : await query.limit(limit);
    return rows.map(({ latitudeE6, longitudeE6, ...r }) => ({ ...r, latitude: fromE6(latitudeE6), longitude: fromE6(longitudeE6) }));
  }

  const useEvidence = (u: PlacedUseRow) => ({
    useId: u.id,
    usedAt: u.usedAt.toISOString(),
    kind: u.kind,
    amountFen: u.amountFen,
    reference: u.reference,
    institutionCode: u.institutionCode,
    institutionName: u.institutionName,
    region: u.region,
    regionName: regions.fullName(u.region),
    latitude: u.latitude,
    longitude: u.longitude,
  });

  /**
   * Runs every card detector for these persons (chunked by 500) and records what they find once
   * each (ON CONFLICT DO NOTHING on person, kind and what matched). Travel is judged among uses
   * between `from` and `to` (the times of the new uses) widened by the longest time in which any
   * two places could still be impossible; the peer window ends at `asOf`.
   */
  async function detect(tx: Db, personIds: readonly string[], window: { asOf?: Date; from?: Date; to?: Date } = {}): Promise<Counts> {
    const counts = noFindings();
    const unique = [...new Set(personIds)];
    for (let i = 0; i < unique.length; i += 500) {
      const found = await detectChunk(tx, unique.slice(i, i + 500), window);
      for (const k of Object.keys(found) as CardFinding[]) counts[k] += found[k];
    }
    return counts;
  }

  async function detectChunk(tx: Db, ids: string[], window: { asOf?: Date; from?: Date; to?: Date }): Promise<Counts> {
    const asOf = window.asOf ?? new Date();
    const facts = new Map(
      (
        (await tx.execute(sql`
          select person_id, birth_date::text as birth_date, household_region, died_on::text as died_on
          from registry.payee_facts where person_id = any(${sql.param(ids)}::uuid[])`)) as unknown as { rows: { person_id: string; birth_date: string; household_region: string; died_on: string | null }[] }
      ).rows.map((r) => [r.person_id, r]),
    );
    const out: NewFlag[] = [];
    const regionOf = (personId: string) => facts.get(personId)?.household_region;

    // Impossible travel: consecutive uses of one card.
    const horizonMs = travelHorizonHours(rules) * 3_600_000;
    const from = new Date((window.from ?? new Date(asOf.getTime() - rules.windowDays * DAY_MS)).getTime() - horizonMs);
    const to = new Date((window.to ?? asOf).getTime() + horizonMs);
    const recent = await placedUses(tx, and(inArray(cardUses.personId, ids), gte(cardUses.usedAt, from), lte(cardUses.usedAt, to)));
    for (const f of impossibleTravel(recent, rules)) {
      const region = regionOf(f.to.personId);
      if (!region) continue;
      out.push({
        personId: f.to.personId,
        kind: 'card_impossible_travel',
        region,
        source: `card:${f.to.reference}`,
        matchKey: `${f.from.id}-${f.to.id}`,
        evidence: {
          from: useEvidence(f.from),
          to: useEvidence(f.to),
          distanceKm: round(f.distanceKm, 1),
          hours: round(f.hours, 2),
          speedKmh: f.speedKmh === null ? null : Math.round(f.speedKmh),
          maxSpeedKmh: rules.maxSpeedKmh,
          cardId: f.to.cardId,
        },
      });
    }

    // Use after death (registry.payee_facts), on a later day than the death.
    const dead = [...facts.values()].filter((f) => f.died_on);
    if (dead.length) {
      const uses = await placedUses(tx, inArray(cardUses.personId, dead.map((d) => d.person_id)));
      for (const d of dead) {
        for (const u of usesAfterDeath(
          uses.filter((x) => x.personId === d.person_id),
          d.died_on,
        )) {
          out.push({ personId: d.person_id, kind: 'card_after_death', region: d.household_region, source: `card:${u.reference}`, matchKey: String(u.id), evidence: { diedOn: d.died_on, use: useEvidence(u), matchedBy: 'card' } });
        }
      }
    }

    // Use after the card was reported lost (挂失) and before it was found again.
    const cardIds = (await tx.selectDistinct({ cardId: cardUses.cardId }).from(cardUses).where(inArray(cardUses.personId, ids))).map((r) => r.cardId);
    const lost = (await registry.cardFacts(tx, { ids: cardIds })).filter((c) => c.lostPeriods.length > 0);
    if (lost.length) {
      const earliest = new Date(Math.min(...lost.flatMap((c) => c.lostPeriods.map((p) => p.from.getTime()))));
      const uses = await placedUses(
        tx,
        and(
          inArray(
            cardUses.cardId,
            lost.map((c) => c.id),
          ),
          gte(cardUses.usedAt, earliest),
        ),
      );
      for (const card of lost) {
        for (const { use, period } of usesAfterLost(
          uses.filter((u) => u.cardId === card.id),
          card.lostPeriods,
        )) {
          const region = regionOf(use.personId);
          if (!region) continue;
          out.push({ personId: use.personId, kind: 'card_after_lost', region, source: `card:${use.reference}`, matchKey: String(use.id), evidence: { ...lostEvidence(period), cardNumberMasked: maskCard(card.cardNumber), use: useEvidence(use) } });
        }
      }
    }

    out.push(...(await peerFindings(tx, ids, asOf, regionOf)));

    const counts = noFindings();
    for (let i = 0; i < out.length; i += 1000) {
      const inserted = await tx
        .insert(flags)
        .values(out.slice(i, i + 1000).map((f) => ({ ...f, heldFen: 0 })))
        .onConflictDoNothing()
        .returning({ kind: flags.kind });
      for (const r of inserted) counts[r.kind as CardFinding] += 1;
    }
    return counts;
  }

  const lostEvidence = (p: LostPeriod) => ({ reportedLostAt: p.from.toISOString(), foundAt: p.to?.toISOString() ?? null });

  /**
   * Visits (settlements) and amounts in the window ending at `asOf`, against the others of the
   * same 10-year age band and condition group who used a card in the window. A person under
   * review for the same kind and group, or decided on within the window, is not flagged again.
   */
  async function peerFindings(tx: Db, ids: string[], asOf: Date, regionOf: (personId: string) => string | undefined): Promise<NewFlag[]> {
    const windowEnd = chinaDate(asOf);
    const start = new Date(asOf.getTime() - rules.windowDays * DAY_MS);
    const band = rules.ageBandYears;
    const rows = (
      (await tx.execute(sql`
        with w as (
          select u.person_id, coalesce(u.condition_group, '') as grp,
            (floor(extract(year from age(${windowEnd}::date, f.birth_date)) / ${band}::int) * ${band}::int)::int as band,
            count(*) filter (where u.kind = 'settlement')::int as visits,
            sum(u.amount_fen)::bigint as amount
          from ${cardUses} u join registry.payee_facts f on f.person_id = u.person_id
          where u.used_at > ${start.toISOString()}::timestamptz and u.used_at <= ${asOf.toISOString()}::timestamptz
          group by 1, 2, 3
        )
        select person_id, grp, band, visits, amount from w
        where (band, grp) in (select band, grp from w where person_id = any(${sql.param(ids)}::uuid[]))`)) as unknown as { rows: { person_id: string; grp: string; band: number; visits: number; amount: string }[] }
    ).rows;
    if (rows.length === 0) return [];
    const subjects = new Set(ids);
    const cellOf = (r: { band: number; grp: string }) => `${r.band}|${r.grp}`;
    const opts = { minPeers: rules.minPeers, medianFactor: rules.medianFactor, percentile: rules.percentile };
    const frequent = peerOutliers(
      rows.map((r) => ({ personId: r.person_id, cell: cellOf(r), value: r.visits })),
      { ...opts, minValue: rules.minVisits },
      subjects,
    );
    const costly = peerOutliers(
      rows.map((r) => ({ personId: r.person_id, cell: cellOf(r), value: Number(r.amount) })),
      { ...opts, minValue: rules.minAmountFen },
      subjects,
    );
    const candidates = [...frequent, ...costly];
    if (candidates.length === 0) return [];
    const known = await tx
      .select({ personId: flags.personId, kind: flags.kind, matchKey: flags.matchKey })
      .from(flags)
      .where(
        and(
          inArray(
            flags.personId,
            candidates.map((c) => c.personId),
          ),
          inArray(flags.kind, ['card_frequency', 'card_amount']),
          or(eq(flags.status, 'open'), gte(flags.reviewedAt, start)),
        ),
      );
    // The match key is the window's end date, then `:<group>` when there is one.
    const underReview = new Set(known.map((o) => `${o.personId}|${o.kind}|${o.matchKey.slice(11)}`));
    const common = (o: PeerOutlier) => {
      const [ageBand, group] = o.cell.split('|') as [string, string];
      return {
        group,
        matchKey: group ? `${windowEnd}:${group}` : windowEnd,
        evidence: {
          ageBand: `${ageBand}-${Number(ageBand) + band - 1}`,
          conditionGroup: group || null,
          windowStart: chinaDate(new Date(start.getTime() + 1)),
          windowEnd,
          windowDays: rules.windowDays,
          peerCount: o.peerCount,
          factor: rules.medianFactor,
          percentile: Math.round(rules.percentile * 100),
        },
      };
    };
    const out: NewFlag[] = [];
    const add = (o: PeerOutlier, kind: 'card_frequency' | 'card_amount', facts: Record<string, unknown>) => {
      const region = regionOf(o.personId);
      const c = common(o);
      if (!region || underReview.has(`${o.personId}|${kind}|${c.group}`)) return;
      out.push({ personId: o.personId, kind, region, source: `card:peer-window:${windowEnd}`, matchKey: c.matchKey, evidence: { ...facts, ...c.evidence } });
    };
    for (const o of frequent) add(o, 'card_frequency', { visits: o.value, peerMedian: round(o.peerMedian, 1), peerP99: round(o.peerPercentile, 1), threshold: round(o.threshold, 1), minVisits: rules.minVisits });
    for (const o of costly) {
      add(o, 'card_amount', { amountFen: o.value, peerMedianFen: Math.round(o.peerMedian), peerP99Fen: Math.round(o.peerPercentile), thresholdFen: Math.round(o.threshold), minAmountFen: rules.minAmountFen });
    }
    return out;
  }

  // ---- the trajectory ----------------------------------------------------------------------

  /**
   * A person's card uses in a period (China dates, both included; the last 90 days by default)
   * with where each happened, and the person's card findings, for the reviewer. Audited with
   * the person as subject.
   */
  async function trajectory(ctx: RequestContext, personId: string, q: { from?: string | undefined; to?: string | undefined }) {
    const person = await registry.person(database.db, personId);
    const actor = await guard.require(ctx, 'integrity:read', { kind: 'person', id: personId, regionCode: person?.householdRegion ?? NO_SUCH_TARGET, subjectId: personId });
    if (!person) throw integrityError('person_not_found');
    const to = q.to ?? chinaDate(new Date());
    const from = q.from ?? addDays(to, -(rules.windowDays - 1));
    if (from > to || addDays(from, MAX_PERIOD_DAYS) < to) throw integrityError('invalid_period');
    const uses = await placedUses(database.db, and(eq(cardUses.personId, personId), gte(cardUses.usedAt, chinaTime(from)), lt(cardUses.usedAt, chinaTime(addDays(to, 1)))), MAX_TRAJECTORY_USES + 1);
    const truncated = uses.length > MAX_TRAJECTORY_USES;
    if (truncated) uses.length = MAX_TRAJECTORY_USES;
    const cardNumbers = new Map(
      (
        await registry.cardFacts(database.db, {
          ids: [...new Set(uses.map((u) => u.cardId))],
        })
      ).map((c) => [c.id, maskCard(c.cardNumber)]),
    );
    const findings = await database.db
      .select()
      .from(flags)
      .where(and(eq(flags.personId, personId), like(flags.kind, 'card\\_%')))
      .orderBy(desc(flags.id))
      .limit(200);
    const flagsOfUse = new Map<number, number[]>();
    for (const f of findings) for (const id of evidenceUseIds(f.evidence)) flagsOfUse.set(id, [...(flagsOfUse.get(id) ?? []), f.id]);
    await audit.record({
      actor: auditActorOf(actor),
      action: 'integrity.card_uses_viewed',
      targetKind: 'person',
      targetId: personId,
      subjectId: personId,
      channel: ctx.channel,
      requestId: ctx.requestId,
      purpose: 'benefit_integrity_review',
      details: { from, to, uses: uses.length },
    });
    return {
      personId,
      name: person.name,
      idNumberMasked: person.idNumberMasked,
      from,
      to,
      truncated,
      maxSpeedKmh: rules.maxSpeedKmh,
      uses: uses.map((u) => ({
        id: u.id,
        usedAt: u.usedAt.toISOString(),
        kind: u.kind,
        amountFen: u.amountFen,
        conditionGroup: u.conditionGroup,
        reference: u.reference,
        cardNumberMasked: cardNumbers.get(u.cardId) ?? '',
        institution: { code: u.institutionCode, name: u.institutionName, kind: u.institutionKind, region: u.region, regionName: regions.fullName(u.region), latitude: u.latitude, longitude: u.longitude },
        flagIds: flagsOfUse.get(u.id) ?? [],
      })),
      flags: findings.map((f) => ({ id: f.id, kind: f.kind, status: f.status, source: f.source, matchKey: f.matchKey, evidence: f.evidence, useIds: evidenceUseIds(f.evidence), createdAt: f.createdAt.toISOString() })),
    };
  }

  return { registerInstitution, listInstitutions, recordBatch, detect, trajectory, rules };
}

