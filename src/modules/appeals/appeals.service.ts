import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { containsPattern } from '@core/db/like.ts';
import { insertedRowOf, insertFromJson, jsonRowsOf, qualifiedName } from '@core/db/statements.ts';
import { auditActorOf, NO_SUCH_TARGET, type Actor, type RequestContext } from '@core/access/guard.ts';
import { departments } from '@core/access/access.tables.ts';
import { maskName } from '@core/crypto/masking.ts';
import type { NotificationsService } from '@modules/notifications';
import {
  appealEvents,
  appeals,
  categories,
  routingRules,
  timeLimits,
  type AppealChannel,
  type AppealEventType,
  type AppealKind,
  type AppealStatus,
} from './appeals.tables.ts';
import { appealError } from './appeals.errors.ts';
import { classify } from './classifier.ts';
import { defaultCategories, defaultRoutingRules, defaultTimeLimits } from './defaults.ts';
import { departmentFor, levelOf, parentRegion, pickRule } from './routing.ts';
import { maskPersonalData } from './text.ts';
import { createTrackingNumbers } from './tracking.ts';

type AppealRow = typeof appeals.$inferSelect;

export interface FileInput {
  kind: AppealKind;
  categoryCode?: string | undefined;
  title: string;
  body: string;
  regionCode: string;
  isPublic: boolean;
  anonymous: boolean;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
}

/** Who files: a citizen in the portal, staff at the hotline, or a partner/Open311 client. */
export interface Filer {
  channel: AppealChannel;
  actor?: Actor | undefined;
  clientId?: string | undefined;
  requestId: string;
}

/** Ratings 5..1: 非常满意, 满意, 基本满意, 不满意, 非常不满意. The top three count as satisfied. */
export const ratingLevels = [5, 4, 3, 2, 1] as const;
const UNSATISFIED_MAX = 2;
/** Statuses in which an appeal still waits for an answer (and can be overdue). */
export const openStatuses: AppealStatus[] = ['submitted', 'in_progress', 'returned'];
/** Unrated replies close by default after this many days. */
export const AUTO_CLOSE_DAYS = 7;
/** Duplicates: the same person with the same text within this window. */
const DUPLICATE_WINDOW_DAYS = 7;

export type AppealsService = ReturnType<typeof createAppealsService>;

/** Configuration read on every intake changes rarely: keep it for a short while. */
const CONFIG_CACHE_MS = 30_000;

function cached<T>(load: () => Promise<T>): { get(): Promise<T>; clear(): void } {
  let value: Promise<T> | undefined;
  let at = 0;
  return {
    get() {
      if (!value || Date.now() - at > CONFIG_CACHE_MS) {
        at = Date.now();
        value = load().catch((error: unknown) => {
          value = undefined;
          throw error;
        });
      }
      return value;
    },
    clear() {
      value = undefined;
    },
  };
}

export function createAppealsService(platform: Platform, deps: { notifications: NotificationsService }) {
  const { database, audit, guard, calendar, crypto, regions } = platform;
  const { notifications } = deps;

  /** Tells the citizen behind an appeal (if any) in their notification centre, in `tx`. */
  async function tellCitizen(tx: Db, appeal: Pick<AppealRow, 'id' | 'citizenId' | 'trackingNo' | 'title'>, title: string, body: string) {
    if (!appeal.citizenId) return;
    await notifications.notify(tx, { citizenId: appeal.citizenId, title, body: `${appeal.trackingNo}「${appeal.title}」${body}`, link: `/portal/appeals/${appeal.id}` });
  }

  async function installDefaults() {
    await database.transaction(async (tx) => {
      const [c] = await tx.select({ n: count() }).from(categories);
      if ((c?.n ?? 0) === 0) await tx.insert(categories).values(defaultCategories.map((d, i) => ({ ...d, sort: i })));
      const [r] = await tx.select({ n: count() }).from(routingRules);
      if ((r?.n ?? 0) === 0) await tx.insert(routingRules).values(defaultRoutingRules);
      const [l] = await tx.select({ n: count() }).from(timeLimits);
      if ((l?.n ?? 0) === 0) await tx.insert(timeLimits).values(defaultTimeLimits);
    });
  }

  const categoryCache = cached(() => database.db.select().from(categories).where(eq(categories.active, true)).orderBy(asc(categories.sort)));
  const limitCache = cached(() => database.db.select().from(timeLimits));
  const ruleCache = cached(() => database.db.select().from(routingRules));
  const departmentCache = cached(() => database.db.select({ id: departments.id, name: departments.name, regionCode: departments.regionCode }).from(departments));

  function activeCategories() {
    return categoryCache.get();
  }

  async function limitsFor(categoryCode: string, kind: AppealKind) {
    const rows = await limitCache.get();
    const score = (r: (typeof rows)[number]) =>
      (r.categoryCode === categoryCode ? 2 : r.categoryCode === null ? 0 : -10) + (r.kind === kind ? 1 : r.kind === null ? 0 : -10);
    const best = rows.filter((r) => score(r) >= 0).sort((a, b) => score(b) - score(a))[0];
    return best ?? { ackWorkingHours: 8, replyWorkingDays: 15 };
  }

  async function routeTo(categoryCode: string, regionCode: string) {
    const rule = pickRule(await ruleCache.get(), categoryCode, regionCode);
    const depts = await departmentCache.get();
    const dept = departmentFor(depts, regionCode, rule?.level ?? 'town');
    if (!dept) throw appealError('no_department');
    return { dept, level: rule?.level ?? 'town' };
  }

  interface EventSpec {
    type: AppealEventType;
    visibility: 'public' | 'internal';
    by: { actor?: Actor | undefined; system?: string };
    body?: string | null;
    departmentId?: string | null;
    details?: Record<string, unknown>;
  }

  function eventRow(appealId: string, e: EventSpec) {
    return {
      appealId,
      type: e.type,
      visibility: e.visibility,
      actorKind: e.by.actor?.kind ?? 'system',
      actorId: e.by.actor?.id ?? null,
      actorName: e.by.actor?.name ?? e.by.system ?? null,
      departmentId: e.departmentId ?? (e.by.actor?.kind === 'staff' ? e.by.actor.departmentId : null),
      body: e.body ?? null,
      details: e.details ?? null,
    };
  }

  /** Appends timeline events of one appeal in a single statement. */
  async function addEvents(tx: Db, appealId: string, events: EventSpec[]) {
    await tx.insert(appealEvents).values(events.map((e) => eventRow(appealId, e)));
  }

  function addEvent(
    tx: Db,
    appealId: string,
    type: AppealEventType,
    visibility: 'public' | 'internal',
    by: EventSpec['by'],
    extra: { body?: string | null; departmentId?: string | null; details?: Record<string, unknown> } = {},
  ) {
    return addEvents(tx, appealId, [{ type, visibility, by, ...extra }]);
  }

  function auditEvent(by: { actor?: Actor | undefined; requestId?: string }, appeal: Pick<AppealRow, 'id' | 'citizenId'>, action: string, channel: string, details?: Record<string, unknown>) {
    return {
      actor: by.actor ? auditActorOf(by.actor) : { kind: 'system' as const, name: 'appeals-scheduler' },
      action,
      targetKind: 'appeal',
      targetId: appeal.id,
      subjectId: appeal.citizenId,
      channel,
      requestId: by.requestId ?? null,
      details: details ?? null,
    };
  }

  function auditChange(tx: Db, ...args: Parameters<typeof auditEvent>) {
    return audit.append(tx, auditEvent(...args));
  }

  // ---------- intake ----------

  async function file(input: FileInput, filer: Filer) {
    const region = regions.get(input.regionCode);
    if (!region) throw appealError('unknown_region', { detail: `no administrative division ${input.regionCode}` });
    if (region.level < 3) throw appealError('region_not_local');
    const cats = await activeCategories();
    let categoryCode = input.categoryCode;
    let confidence: number | null = null;
    if (categoryCode) {
      if (!cats.some((c) => c.code === categoryCode)) throw appealError('unknown_category', { detail: `no category "${categoryCode}"` });
    } else {
      const guess = classify(`${input.title}\n${input.body}`, cats);
      categoryCode = guess.code;
      confidence = guess.confidence;
    }
    const citizen = filer.actor?.kind === 'citizen' ? filer.actor : undefined;
    const contactName = input.anonymous ? null : (input.contactName?.trim() || citizen?.name || null);
    if (!input.anonymous && !contactName) throw appealError('contact_required');
    const now = new Date();

    const { dept } = await routeTo(categoryCode, region.code);
    const limits = await limitsFor(categoryCode, input.kind);
    const id = randomUUID();
    const appeal = {
      id,
      trackingNo: await nextTrackingNo(now),
      kind: input.kind,
      categoryCode,
      categoryConfidence: confidence,
      title: input.title.trim(),
      body: input.body.trim(),
      regionCode: region.code,
      departmentId: dept.id,
      departmentRegion: dept.regionCode,
      status: 'submitted' as const,
      isPublic: input.isPublic,
      anonymous: input.anonymous,
      channel: filer.channel,
      citizenId: citizen?.id ?? null,
      contactName,
      contactPhoneEnc: input.contactPhone ? crypto.encrypt(input.contactPhone) : null,
      clientId: filer.clientId ?? null,
      createdAt: now,
      ackDueAt: calendar.time.addWorkingHours(now, limits.ackWorkingHours),
      replyDueAt: calendar.time.addWorkingDays(now, limits.replyWorkingDays),
    };
    // Filing and routing happen in the same instant, so one event records both: who filed,
    // through which channel, and the department it went to (with the classifier's confidence).
    const filed = eventRow(id, { type: 'filed', visibility: 'public', by: { actor: filer.actor }, departmentId: dept.id, details: { channel: filer.channel, confidence } });
    const [row] = await intake([
      appealRows([appeal]),
      appeal.body,
      appeal.citizenId,
      eventRows([filed]),
      audit.entryParam(auditEvent(filer, appeal, 'appeal.filed', channelName(filer.channel), { trackingNo: appeal.trackingNo, departmentId: dept.id })),
    ]);
    return filedAppeal({ ...appeal, duplicateOf: row!.duplicate_of });
  }

  /*
   * Filing is the busiest write, so it is one statement: the near-duplicate lookup (the same
   * text, from the same person when known, within the window), the appeal, its first timeline
   * event and the audit entry. One round trip, atomic on its own.
   */
  const intakeKeys = [
    'id', 'trackingNo', 'kind', 'categoryCode', 'categoryConfidence', 'title', 'body', 'regionCode', 'departmentId', 'departmentRegion', 'status',
    'isPublic', 'anonymous', 'channel', 'citizenId', 'contactName', 'contactPhoneEnc', 'clientId', 'createdAt', 'ackDueAt', 'replyDueAt',
  ] as const;
  const eventKeys = ['appealId', 'type', 'visibility', 'actorKind', 'actorId', 'actorName', 'departmentId', 'body', 'details'] as const;
  const appealRows = jsonRowsOf(appeals, intakeKeys);
  const eventRows = jsonRowsOf(appealEvents, eventKeys);
  const filedAppeal = insertedRowOf(appeals);
  const nextTrackingNo = createTrackingNumbers(database);
  const intake = database.statement<{ duplicate_of: string | null }>(
    'appeals_intake',
    `with duplicate as (
       -- The same text from the same filer when known, else from anyone; the branch whose
       -- guard is false is never run.
       (select id, created_at from ${qualifiedName(appeals)}
        where $3::uuid is not null and citizen_id = $3::uuid and md5(body) = md5($2::text)
          and created_at > now() - make_interval(days => ${DUPLICATE_WINDOW_DAYS})
        order by created_at limit 1)
       union all
       (select id, created_at from ${qualifiedName(appeals)}
        where $3::uuid is null and md5(body) = md5($2::text) and created_at > now() - make_interval(days => ${DUPLICATE_WINDOW_DAYS})
        order by created_at limit 1)
     ), appeal as (
       ${insertFromJson(appeals, intakeKeys, '$1', { duplicateOf: '(select id from duplicate)' })}
       returning duplicate_of
     ), events as (
       ${insertFromJson(appealEvents, eventKeys, '$4')}
     ), entry as (
       ${audit.appendSql('$5')}
     )
     -- The rest of the row is what was sent, and the columns' defaults: not read back.
     select duplicate_of from appeal`,
  );

  // ---------- loading with scope ----------

  async function loadForStaff(ctx: RequestContext, id: string, action: 'appeal:read' | 'appeal:handle' | 'appeal:callback' | 'appeal:approve_extension') {
    const [row] = await database.db.select().from(appeals).where(eq(appeals.id, id)).limit(1);
    await guard.require(ctx, action, { kind: 'appeal', id, regionCode: row?.departmentRegion ?? NO_SUCH_TARGET, subjectId: row?.citizenId ?? undefined });
    if (!row) throw appealError('appeal_not_found');
    return row;
  }

  function requireStatus(appeal: AppealRow, allowed: AppealStatus[]) {
    if (!allowed.includes(appeal.status)) {
      throw appealError('transition_not_allowed', { detail: `status is ${appeal.status}; allowed: ${allowed.join(', ')}` });
    }
  }

  /** Changes one appeal only if its status is still what was read, so concurrent handling cannot collide. */
  async function transition(tx: Db, appeal: AppealRow, set: Partial<typeof appeals.$inferInsert>) {
    const [row] = await tx
      .update(appeals)
      .set(set)
      .where(and(eq(appeals.id, appeal.id), eq(appeals.status, appeal.status)))
      .returning();
    if (!row) throw appealError('transition_not_allowed', { detail: 'the appeal changed meanwhile; reload it' });
    return row;
  }

  // ---------- staff handling ----------

  async function acknowledge(ctx: RequestContext, id: string) {
    const appeal = await loadForStaff(ctx, id, 'appeal:handle');
    requireStatus(appeal, ['submitted']);
    return database.transaction(async (tx) => {
      const row = await transition(tx, appeal, { status: 'in_progress', acknowledgedAt: appeal.acknowledgedAt ?? new Date() });
      await addEvent(tx, id, 'acknowledged', 'public', { actor: ctx.actor });
      await auditChange(tx, ctx, appeal, 'appeal.acknowledged', ctx.channel);
      return row;
    });
  }

  async function note(ctx: RequestContext, id: string, body: string) {
    const appeal = await loadForStaff(ctx, id, 'appeal:handle');
    await database.transaction(async (tx) => {
      await addEvent(tx, id, 'note', 'internal', { actor: ctx.actor }, { body });
      await auditChange(tx, ctx, appeal, 'appeal.noted', ctx.channel);
    });
  }

  async function reply(ctx: RequestContext, id: string, input: { body: string; resolved: boolean }) {
    const appeal = await loadForStaff(ctx, id, 'appeal:handle');
    requireStatus(appeal, ['in_progress']);
    const actor = ctx.actor as Extract<Actor, { kind: 'staff' }>;
    return database.transaction(async (tx) => {
      const now = new Date();
      const row = await transition(tx, appeal, {
        status: 'replied',
        repliedAt: now,
        handlingHours: Math.round(calendar.time.workingHoursBetween(appeal.createdAt, now) * 100) / 100,
        publicReply: input.body,
        resolved: input.resolved,
        // A reply settles any extension still waiting for a decision.
        extensionRequestedDays: null,
        extensionReason: null,
        repliedByDepartment: actor.departmentId,
      });
      await addEvent(tx, id, 'replied', 'public', { actor }, { body: input.body, details: { resolved: input.resolved } });
      await auditChange(tx, ctx, appeal, 'appeal.replied', ctx.channel, { resolved: input.resolved });
      await tellCitizen(tx, appeal, '您的诉求已答复', '已答复，请查看并评价。');
      return row;
    }).finally(() => notifications.flush());
  }

  async function reassign(tx: Db, appeal: AppealRow, dept: { id: string; regionCode: string }, set: Partial<typeof appeals.$inferInsert>) {
    const limits = await limitsFor(appeal.categoryCode, appeal.kind);
    // The new department must acknowledge within its own limit; the reply deadline keeps running.
    return transition(tx, appeal, {
      departmentId: dept.id,
      departmentRegion: dept.regionCode,
      status: 'submitted',
      acknowledgedAt: null,
      ackDueAt: calendar.time.addWorkingHours(new Date(), limits.ackWorkingHours),
      ...set,
    });
  }

  async function transfer(ctx: RequestContext, id: string, input: { departmentId: string; reason: string }) {
    const appeal = await loadForStaff(ctx, id, 'appeal:handle');
    requireStatus(appeal, ['submitted', 'in_progress', 'returned']);
    const [dept] = await database.db.select().from(departments).where(eq(departments.id, input.departmentId)).limit(1);
    if (!dept) throw appealError('unknown_department');
    if (dept.id === appeal.departmentId) throw appealError('same_department');
    return database.transaction(async (tx) => {
      const row = await reassign(tx, appeal, dept, { transferCount: appeal.transferCount + 1 });
      await addEvent(tx, id, 'transferred', 'public', { actor: ctx.actor }, { body: input.reason, details: { to: dept.id, toName: dept.name } });
      await auditChange(tx, ctx, appeal, 'appeal.transferred', ctx.channel, { to: dept.id });
      return row;
    });
  }

  /** 退回: a mis-routed appeal goes back to the dispatcher, the city bureau of its region. */
  async function returnToDispatcher(ctx: RequestContext, id: string, reason: string) {
    const appeal = await loadForStaff(ctx, id, 'appeal:handle');
    requireStatus(appeal, ['submitted', 'in_progress']);
    const depts = await departmentCache.get();
    const dispatcher = departmentFor(depts, appeal.regionCode, 'city');
    if (!dispatcher) throw appealError('no_department');
    return database.transaction(async (tx) => {
      const row = await transition(tx, appeal, { status: 'returned', departmentId: dispatcher.id, departmentRegion: dispatcher.regionCode });
      await addEvent(tx, id, 'returned', 'internal', { actor: ctx.actor }, { body: reason, details: { to: dispatcher.id } });
      await auditChange(tx, ctx, appeal, 'appeal.returned', ctx.channel);
      return row;
    });
  }

  /**
   * 合并办理: a near-duplicate is closed into the appeal it repeats. Its filer is told where the
   * answer will be; it counts as answered, not as resolved.
   */
  async function merge(ctx: RequestContext, id: string) {
    const appeal = await loadForStaff(ctx, id, 'appeal:handle');
    if (!appeal.duplicateOf) throw appealError('not_a_duplicate');
    requireStatus(appeal, ['submitted', 'in_progress', 'returned']);
    const [original] = await database.db.select({ id: appeals.id, trackingNo: appeals.trackingNo }).from(appeals).where(eq(appeals.id, appeal.duplicateOf)).limit(1);
    if (!original) throw appealError('appeal_not_found');
    const actor = ctx.actor as Extract<Actor, { kind: 'staff' }>;
    const now = new Date();
    return database.transaction(async (tx) => {
      const row = await transition(tx, appeal, {
        status: 'closed',
        acknowledgedAt: appeal.acknowledgedAt ?? now,
        repliedAt: now,
        closedAt: now,
        handlingHours: Math.round(calendar.time.workingHoursBetween(appeal.createdAt, now) * 100) / 100,
        publicReply: `本诉求与 ${original.trackingNo} 内容相同，已合并办理，答复请见该诉求。`,
        repliedByDepartment: actor.departmentId,
        extensionRequestedDays: null,
        extensionReason: null,
      });
      await addEvent(tx, id, 'merged', 'public', { actor: ctx.actor }, { details: { into: original.id, trackingNo: original.trackingNo } });
      await addEvent(tx, original.id, 'merged', 'internal', { actor: ctx.actor }, { details: { from: appeal.id, trackingNo: appeal.trackingNo } });
      await auditChange(tx, ctx, appeal, 'appeal.merged', ctx.channel, { into: original.id });
      await tellCitizen(tx, appeal, '已合并办理', `与 ${original.trackingNo} 内容相同，已合并办理，答复请见该诉求。`);
      return row;
    });
  }

  /** 延期: asked for before the reply deadline passes, with a reason; a supervisor decides. */
  async function requestExtension(ctx: RequestContext, id: string, input: { days: number; reason: string }) {
    const appeal = await loadForStaff(ctx, id, 'appeal:handle');
    requireStatus(appeal, ['submitted', 'in_progress']);
    if (appeal.replyDueAt <= new Date()) throw appealError('deadline_passed');
    if (appeal.extensionRequestedDays !== null) throw appealError('extension_pending');
    return database.transaction(async (tx) => {
      const row = await transition(tx, appeal, { extensionRequestedDays: input.days, extensionReason: input.reason });
      await addEvent(tx, id, 'extension_requested', 'internal', { actor: ctx.actor }, { body: input.reason, details: { days: input.days } });
      await auditChange(tx, ctx, appeal, 'appeal.extension_requested', ctx.channel, { days: input.days });
      return row;
    });
  }

  async function decideExtension(ctx: RequestContext, id: string, input: { approve: boolean; comment?: string | undefined }) {
    const appeal = await loadForStaff(ctx, id, 'appeal:approve_extension');
    if (appeal.extensionRequestedDays === null) throw appealError('no_extension_pending');
    requireStatus(appeal, ['submitted', 'in_progress']);
    const days = appeal.extensionRequestedDays;
    return database.transaction(async (tx) => {
      const row = await transition(tx, appeal, {
        extensionRequestedDays: null,
        extensionReason: null,
        ...(input.approve
          ? {
              // The extra working days count from the current deadline.
              replyDueAt: calendar.time.addWorkingDays(new Date(appeal.replyDueAt.getTime() - 1), days),
              extensionCount: appeal.extensionCount + 1,
            }
          : {}),
      });
      await addEvent(tx, id, input.approve ? 'extension_approved' : 'extension_refused', input.approve ? 'public' : 'internal', { actor: ctx.actor }, { body: input.comment ?? null, details: { days } });
      await auditChange(tx, ctx, appeal, input.approve ? 'appeal.extension_approved' : 'appeal.extension_refused', ctx.channel, { days });
      if (input.approve) await tellCitizen(tx, appeal, '诉求办理期限已延长', `办理期限延长 ${days} 个工作日。`);
      return row;
    }).finally(() => notifications.flush());
  }

  async function recordCallback(ctx: RequestContext, id: string, body: string) {
    const appeal = await loadForStaff(ctx, id, 'appeal:callback');
    if (!appeal.callbackDueAt || appeal.callbackDoneAt) throw appealError('transition_not_allowed', { detail: 'no callback is due' });
    return database.transaction(async (tx) => {
      const [row] = await tx.update(appeals).set({ callbackDoneAt: new Date() }).where(eq(appeals.id, id)).returning();
      await addEvent(tx, id, 'callback', 'internal', { actor: ctx.actor }, { body });
      await auditChange(tx, ctx, appeal, 'appeal.callback', ctx.channel);
      return row!;
    });
  }

  // ---------- citizen ----------

  async function loadOwn(ctx: RequestContext, id: string) {
    const [row] = await database.db
      .select()
      .from(appeals)
      .where(and(eq(appeals.id, id), eq(appeals.citizenId, ctx.actor.id)))
      .limit(1);
    if (!row) throw appealError('not_your_appeal');
    return row;
  }

  /**
   * 满意度: the top three levels close the appeal. A bad rating sends it back for redoing once
   * (重办); a second bad rating escalates it one level up. A named citizen who rated badly
   * must be called back.
   */
  async function rate(ctx: RequestContext, id: string, input: { rating: number; comment?: string | undefined }) {
    const appeal = await loadOwn(ctx, id);
    if (appeal.status !== 'replied') {
      throw appeal.ratedAt && appeal.status === 'closed' ? appealError('already_rated') : appealError('transition_not_allowed');
    }
    const now = new Date();
    const bad = input.rating <= UNSATISFIED_MAX;
    return database.transaction(async (tx) => {
      const base = {
        rating: input.rating,
        ratingComment: input.comment?.trim() || null,
        ratedAt: now,
        callbackDueAt: bad && !appeal.anonymous ? calendar.time.addWorkingDays(now, 2) : appeal.callbackDueAt,
        callbackDoneAt: bad && !appeal.anonymous ? null : appeal.callbackDoneAt,
      };
      await addEvent(tx, id, 'rated', 'public', { actor: ctx.actor }, { body: base.ratingComment, details: { rating: input.rating } });
      let row: AppealRow;
      if (!bad) {
        row = await transition(tx, appeal, { ...base, status: 'closed', closedAt: now });
        await addEvent(tx, id, 'closed', 'public', { system: 'rating' });
      } else if (appeal.redoCount === 0) {
        // The rejected reply stays in the timeline; the appeal shows no current reply until a new one.
        row = await transition(tx, appeal, { ...base, status: 'in_progress', redoCount: 1, repliedAt: null, publicReply: null });
        await addEvent(tx, id, 'redo', 'public', { system: 'rating' });
      } else {
        const up = await parentDepartment(appeal.departmentRegion);
        row = up
          ? await reassign(tx, appeal, up, { ...base, redoCount: appeal.redoCount + 1, escalationLevel: appeal.escalationLevel + 1, escalatedAt: now, repliedAt: null, publicReply: null })
          : await transition(tx, appeal, { ...base, status: 'in_progress', redoCount: appeal.redoCount + 1, repliedAt: null, publicReply: null });
        await addEvent(tx, id, 'escalated', 'public', { system: 'rating' }, { departmentId: up?.id ?? appeal.departmentId, details: { reason: 'unsatisfied_twice' } });
      }
      await auditChange(tx, ctx, appeal, 'appeal.rated', ctx.channel, { rating: input.rating });
      return row;
    });
  }

  async function parentDepartment(regionCode: string) {
    const parent = parentRegion(regionCode);
    if (!parent) return undefined;
    const depts = await departmentCache.get();
    const level = levelOf(parent);
    return departmentFor(depts, parent, level === 'province' ? 'city' : level);
  }

  // ---------- supervision (scheduler) ----------

  /**
   * 督办 ladder, run every minute and at start. Every step is a conditional update of one row
   * (fired only if not yet fired), so restarts and several app nodes never fire a step twice
   * and a deadline that passed while the server was down fires at the next run.
   */
  async function supervise(now = new Date()) {
    const fired = { reminders: 0, notices: 0, escalations: 0, closed: 0 };
    const time = calendar.time;
    const open = openStatuses;

    const overdue = await database.db
      .select()
      .from(appeals)
      .where(and(inArray(appeals.status, open), lt(appeals.replyDueAt, now), or(isNull(appeals.remindedAt), isNull(appeals.noticedAt), isNull(appeals.escalatedAt))));
    for (const a of overdue) {
      // 催办: the working day after the deadline passed.
      if (!a.remindedAt && now >= time.startOfWorkingDayAfter(new Date(a.replyDueAt.getTime() - 1))) {
        if (await fireOnce(a, 'remindedAt', now, 'reminder', 'internal', { deadline: a.replyDueAt.toISOString() })) fired.reminders++;
      } else if (a.remindedAt && !a.noticedAt && now >= time.startOfWorkingDayAfter(a.remindedAt, 5)) {
        // 通报: five working days after the reminder, to the department's superiors.
        const up = await parentDepartment(a.departmentRegion);
        if (await fireOnce(a, 'noticedAt', now, 'notice', 'internal', { superior: up?.id ?? null })) fired.notices++;
      } else if (a.noticedAt && !a.escalatedAt) {
        if (await escalate(a, now, 'overdue')) fired.escalations++;
      }
    }
    // 提级督办 also for appeals sent back for redoing three times, or transferred three times without an owner.
    const churned = await database.db
      .select()
      .from(appeals)
      .where(and(inArray(appeals.status, open), isNull(appeals.escalatedAt), or(sql`${appeals.redoCount} >= 3`, and(sql`${appeals.transferCount} >= 3`, isNull(appeals.acknowledgedAt)))));
    for (const a of churned) if (await escalate(a, now, a.redoCount >= 3 ? 'redone_three_times' : 'transferred_three_times')) fired.escalations++;

    // Replies nobody rated close after seven days.
    const stale = await database.db
      .update(appeals)
      .set({ status: 'closed', closedAt: now })
      .where(and(eq(appeals.status, 'replied'), isNull(appeals.ratedAt), sql`${appeals.repliedAt} < ${now}::timestamptz - make_interval(days => ${AUTO_CLOSE_DAYS})`))
      .returning({ id: appeals.id, citizenId: appeals.citizenId });
    if (stale.length > 0) {
      await database.transaction(async (tx) => {
        for (const a of stale) {
          await addEvent(tx, a.id, 'closed', 'public', { system: 'auto_close' }, { details: { reason: 'unrated_after_7_days' } });
          await auditChange(tx, {}, a, 'appeal.auto_closed', 'system');
        }
      });
      fired.closed = stale.length;
    }
    return fired;
  }

  async function fireOnce(a: AppealRow, column: 'remindedAt' | 'noticedAt', now: Date, type: AppealEventType, visibility: 'internal', details: Record<string, unknown>) {
    return database.transaction(async (tx) => {
      const col = appeals[column];
      const [row] = await tx.update(appeals).set({ [column]: now }).where(and(eq(appeals.id, a.id), isNull(col))).returning({ id: appeals.id });
      if (!row) return false;
      await addEvent(tx, a.id, type, visibility, { system: 'supervision' }, { departmentId: a.departmentId, details });
      await auditChange(tx, {}, a, `appeal.${type}`, 'system', details);
      return true;
    });
  }

  async function escalate(a: AppealRow, now: Date, reason: string) {
    return database.transaction(async (tx) => {
      const up = await parentDepartment(a.departmentRegion);
      const set: Partial<typeof appeals.$inferInsert> = { escalatedAt: now, escalationLevel: a.escalationLevel + 1 };
      if (up) Object.assign(set, { departmentId: up.id, departmentRegion: up.regionCode, status: 'submitted', acknowledgedAt: null });
      const [row] = await tx.update(appeals).set(set).where(and(eq(appeals.id, a.id), isNull(appeals.escalatedAt))).returning({ id: appeals.id });
      if (!row) return false;
      await addEvent(tx, a.id, 'escalated', 'public', { system: 'supervision' }, { departmentId: up?.id ?? a.departmentId, details: { reason } });
      await auditChange(tx, {}, a, 'appeal.escalated', 'system', { reason, to: up?.id ?? null });
      await tellCitizen(tx, a, '诉求已提级督办', '已由上级部门督办。');
      return true;
    }).finally(() => notifications.flush());
  }

  // ---------- reading ----------

  async function listForStaff(
    ctx: RequestContext,
    q: { status?: AppealStatus | undefined; categoryCode?: string | undefined; q?: string | undefined; overdue?: boolean | undefined; page: number; pageSize: number },
  ) {
    const actor = await guard.require(ctx, 'appeal:list');
    const where: SQL[] = [sql`${appeals.departmentRegion} like ${guard.scope(ctx) + '%'}`];
    if (q.status) where.push(eq(appeals.status, q.status));
    if (q.categoryCode) where.push(eq(appeals.categoryCode, q.categoryCode));
    if (q.overdue) where.push(and(inArray(appeals.status, openStatuses), lt(appeals.replyDueAt, new Date()))!);
    if (q.q) {
      const like = containsPattern(q.q);
      where.push(or(ilike(appeals.title, like), ilike(appeals.body, like), eq(appeals.trackingNo, q.q.trim()))!);
    }
    const filter = and(...where);
    const [rows, [total]] = await Promise.all([
      database.db.select().from(appeals).where(filter).orderBy(desc(appeals.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(appeals).where(filter),
    ]);
    // The list shows callers' names: the read is recorded like any other read of personal data.
    await audit.record({
      actor: auditActorOf(actor),
      action: 'appeal.listed',
      targetKind: 'appeal',
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { status: q.status ?? null, q: q.q ?? null, page: q.page, returned: rows.length },
    });
    return { items: rows, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  async function getForStaff(ctx: RequestContext, id: string) {
    const appeal = await loadForStaff(ctx, id, 'appeal:read');
    const events = await database.db.select().from(appealEvents).where(eq(appealEvents.appealId, id)).orderBy(asc(appealEvents.id));
    if (appeal.citizenId || appeal.contactName) {
      await audit.record({
        actor: auditActorOf(ctx.actor),
        action: 'appeal.viewed',
        targetKind: 'appeal',
        targetId: id,
        subjectId: appeal.citizenId,
        channel: ctx.channel,
        requestId: ctx.requestId,
      });
    }
    return { appeal, events };
  }

  async function listOwn(ctx: RequestContext, q: { page: number; pageSize: number }) {
    const filter = eq(appeals.citizenId, ctx.actor.id);
    const [rows, [total]] = await Promise.all([
      database.db.select().from(appeals).where(filter).orderBy(desc(appeals.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(appeals).where(filter),
    ]);
    return { items: rows, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  async function getOwn(ctx: RequestContext, id: string) {
    const appeal = await loadOwn(ctx, id);
    const events = await database.db
      .select()
      .from(appealEvents)
      .where(and(eq(appealEvents.appealId, id), eq(appealEvents.visibility, 'public')))
      .orderBy(asc(appealEvents.id));
    return { appeal, events };
  }

  async function byTrackingNo(trackingNo: string) {
    const [row] = await database.db.select().from(appeals).where(eq(appeals.trackingNo, trackingNo.trim().toUpperCase())).limit(1);
    return row;
  }

  async function publicWall(q: { q?: string | undefined; regionCode?: string | undefined; categoryCode?: string | undefined; status?: AppealStatus | undefined; page: number; pageSize: number }) {
    const where: SQL[] = [eq(appeals.isPublic, true)];
    if (q.regionCode) where.push(sql`${appeals.regionCode} like ${q.regionCode + '%'}`);
    if (q.categoryCode) where.push(eq(appeals.categoryCode, q.categoryCode));
    if (q.status) where.push(eq(appeals.status, q.status));
    if (q.q) {
      // Chinese has no spaces: every term typed must appear in title, text or reply.
      for (const term of q.q.trim().split(/\s+/).slice(0, 5)) {
        const like = containsPattern(term);
        where.push(or(ilike(appeals.title, like), ilike(appeals.body, like), ilike(appeals.publicReply, like))!);
      }
    }
    const filter = and(...where);
    const [rows, [total]] = await Promise.all([
      database.db.select().from(appeals).where(filter).orderBy(desc(appeals.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(appeals).where(filter),
    ]);
    return { items: rows, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  // ---------- configuration (administrators) ----------

  async function configuration(ctx: RequestContext) {
    await guard.require(ctx, 'appeal:configure');
    const [cats, rules, limits] = await Promise.all([
      database.db.select().from(categories).orderBy(asc(categories.sort)),
      database.db.select().from(routingRules).orderBy(asc(routingRules.id)),
      database.db.select().from(timeLimits).orderBy(asc(timeLimits.id)),
    ]);
    return { categories: cats, routingRules: rules, timeLimits: limits };
  }

  async function knownCategory(code: string | null) {
    if (code !== null && !(await database.db.select().from(categories)).some((c) => c.code === code)) {
      throw appealError('unknown_category', { detail: `no category "${code}"` });
    }
  }

  /** Replaces the routing rules as a whole, so an edit is one reviewable, audited change. */
  async function replaceRoutingRules(ctx: RequestContext, rules: { categoryCode: string | null; regionPrefix: string; level: 'town' | 'county' | 'city'; note?: string | undefined }[]) {
    await guard.require(ctx, 'appeal:configure');
    for (const r of rules) {
      await knownCategory(r.categoryCode);
      if (r.regionPrefix && !regions.get(r.regionPrefix)) throw appealError('unknown_region', { detail: `no division ${r.regionPrefix}` });
    }
    if (!rules.some((r) => r.categoryCode === null && r.regionPrefix === '')) throw appealError('default_rule_required');
    if (new Set(rules.map((r) => `${r.categoryCode}|${r.regionPrefix}`)).size !== rules.length) throw appealError('duplicate_config_row');
    await database.transaction(async (tx) => {
      await tx.delete(routingRules);
      await tx.insert(routingRules).values(rules.map((r) => ({ ...r, note: r.note ?? '' })));
      await audit.append(tx, { actor: auditActorOf(ctx.actor), action: 'appeal.routing_rules_replaced', targetKind: 'appeal_config', channel: ctx.channel, requestId: ctx.requestId, details: { rules } });
    });
    ruleCache.clear();
    return configuration(ctx);
  }

  async function replaceTimeLimits(ctx: RequestContext, limits: { categoryCode: string | null; kind: AppealKind | null; ackWorkingHours: number; replyWorkingDays: number }[]) {
    await guard.require(ctx, 'appeal:configure');
    for (const l of limits) await knownCategory(l.categoryCode);
    if (!limits.some((l) => l.categoryCode === null && l.kind === null)) throw appealError('default_limit_required');
    if (new Set(limits.map((l) => `${l.categoryCode}|${l.kind}`)).size !== limits.length) throw appealError('duplicate_config_row');
    await database.transaction(async (tx) => {
      await tx.delete(timeLimits);
      await tx.insert(timeLimits).values(limits);
      await audit.append(tx, { actor: auditActorOf(ctx.actor), action: 'appeal.time_limits_replaced', targetKind: 'appeal_config', channel: ctx.channel, requestId: ctx.requestId, details: { limits } });
    });
    limitCache.clear();
    return configuration(ctx);
  }

  /** Departments an appeal can be transferred to: every bureau of the actor's city. */
  async function transferTargets(ctx: RequestContext) {
    await guard.require(ctx, 'appeal:handle');
    const city = ctx.actor.regionCode.slice(0, 4);
    const rows = await database.db.select().from(departments).where(sql`${departments.regionCode} like ${city + '%'}`).orderBy(asc(departments.regionCode));
    return rows.map((d) => ({ id: d.id, name: d.name, regionCode: d.regionCode, regionName: regions.fullName(d.regionCode) }));
  }

  async function departmentNames(ids: (string | null)[]) {
    const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
    const known = new Map((await departmentCache.get()).map((d) => [d.id, { name: d.name, regionCode: d.regionCode }]));
    const names = new Map<string, { name: string; regionCode: string }>();
    const missing: string[] = [];
    for (const id of wanted) {
      const d = known.get(id);
      if (d) names.set(id, d);
      else missing.push(id);
    }
    // A department created since the cache was filled.
    if (missing.length > 0) {
      for (const d of await database.db.select().from(departments).where(inArray(departments.id, missing))) names.set(d.id, { name: d.name, regionCode: d.regionCode });
    }
    return names;
  }

  /** For public display: the filer's name reduced to the family name, identifiers masked. */
  function publicText(a: AppealRow) {
    return {
      title: maskPersonalData(a.title),
      body: maskPersonalData(a.body),
      publicReply: a.publicReply ? maskPersonalData(a.publicReply) : null,
      filer: a.anonymous || !a.contactName ? null : maskName(a.contactName),
    };
  }

  return {
    installDefaults,
    activeCategories,
    file,
    acknowledge,
    note,
    reply,
    transfer,
    returnToDispatcher,
    merge,
    recordCallback,
    requestExtension,
    decideExtension,
    rate,
    supervise,
    listForStaff,
    getForStaff,
    listOwn,
    getOwn,
    byTrackingNo,
    publicWall,
    departmentNames,
    transferTargets,
    configuration,
    replaceRoutingRules,
    replaceTimeLimits,
    publicText,
    workingHoursBetween: (a: Date, b: Date) => calendar.time.workingHoursBetween(a, b),
  };
}

function channelName(channel: AppealChannel): string {
  switch (channel) {
    case 'portal':
      return 'citizen_portal';
    case 'hotline':
      return 'staff_screen';
    case 'partner':
    case 'open311':
      return 'partner_api';
  }
}

