import { and, asc, count, desc, eq, ilike, isNull, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext, type StaffActor } from '@core/access/guard.ts';
import { containsPattern } from '@core/db/like.ts';
import { isValidCreditCode } from '@core/identity/credit-code.ts';
import { maskIdNumber } from '@core/crypto/masking.ts';
import { employers, employments, persons, type employerStatuses } from './registry.tables.ts';
import { createPersonScope } from './person-scope.ts';
import { registryError } from './registry.errors.ts';

/** GB/T 4754-2017 industry sections (门类). */
export const industrySections = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
} as const;
export type IndustrySection = keyof typeof industrySections;

type EmployerRow = typeof employers.$inferSelect;
type EmployerStatus = (typeof employerStatuses)[number];

export type EmployersService = ReturnType<typeof createEmployersService>;

/** Employers, registered by unified social credit code, each in the region that serves it. */
export function createEmployersService(platform: Platform) {
  const { database, audit, guard, regions, crypto } = platform;
  const { localRegion } = createPersonScope(platform);

  function toDto(e: EmployerRow) {
    return {
      id: e.id,
      creditCode: e.creditCode,
      name: e.name,
      industry: e.industry,
      industryName: industrySections[e.industry as IndustrySection] ?? e.industry,
      region: e.region,
      regionName: regions.fullName(e.region),
      status: e.status,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
    };
  }

  function checkedCreditCode(input: string) {
    const code = input.trim().toUpperCase();
    if (!isValidCreditCode(code)) throw registryError('invalid_credit_code');
    return code;
  }

  function checkedIndustry(input: string): IndustrySection {
    const section = input.trim().toUpperCase();
    if (!(section in industrySections)) throw registryError('invalid_industry');
    return section as IndustrySection;
  }

  function employerEvent(actor: StaffActor, ctx: RequestContext, employer: { id: string }, action: string, details?: Record<string, unknown>) {
    return { actor: auditActorOf(actor), action, targetKind: 'employer', targetId: employer.id, channel: ctx.channel, requestId: ctx.requestId, details: details ?? null };
  }

  async function loadInScope(ctx: RequestContext, action: 'employer:list' | 'employer:correct', id: string) {
    const [row] = await database.db.select().from(employers).where(eq(employers.id, id)).limit(1);
    const actor = await guard.require(ctx, action, { kind: 'employer', id, regionCode: row?.region ?? NO_SUCH_TARGET });
    if (!row) throw registryError('employer_not_found');
    return { row, actor };
  }

  async function register(ctx: RequestContext, input: { creditCode: string; name: string; industry: string; region: string }) {
    const creditCode = checkedCreditCode(input.creditCode);
    const industry = checkedIndustry(input.industry);
    const name = input.name.trim();
    if (!name) throw registryError('name_required');
    const region = localRegion(input.region);
    const actor = await guard.require(ctx, 'employer:register', { kind: 'region', regionCode: region });
    return database.transaction(async (tx) => {
      const [row] = await tx.insert(employers).values({ creditCode, name, industry, region }).onConflictDoNothing().returning();
      if (!row) throw registryError('employer_exists');
      await audit.append(tx, employerEvent(actor, ctx, row, 'employer.registered', { creditCode, region }));
      return toDto(row);
    });
  }

  async function search(ctx: RequestContext, q: { q?: string | undefined; regionCode?: string | undefined; status?: EmployerStatus | undefined; page: number; pageSize: number }) {
    await guard.require(ctx, 'employer:list', q.regionCode ? { kind: 'region', regionCode: q.regionCode } : undefined);
    const where: SQL[] = [sql`${employers.region} like ${(q.regionCode ?? guard.scope(ctx)) + '%'}`];
    if (q.status) where.push(eq(employers.status, q.status));
    const text = q.q?.trim();
    if (text) {
      // A full credit code is an exact match; anything else searches names.
      where.push(isValidCreditCode(text.toUpperCase()) ? eq(employers.creditCode, text.toUpperCase()) : ilike(employers.name, containsPattern(text)));
    }
    const filter = and(...where);
    const [rows, [total]] = await Promise.all([
      database.db.select().from(employers).where(filter).orderBy(asc(employers.region), asc(employers.name), asc(employers.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(employers).where(filter),
    ]);
    return { items: rows.map(toDto), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  /** One employer with the people who work there now (masked), newest first. */
  async function get(ctx: RequestContext, id: string, page = 1, pageSize = 50) {
    const { row } = await loadInScope(ctx, 'employer:list', id);
    const current = and(eq(employments.employerId, id), isNull(employments.endedOn));
    const [staffRows, [total]] = await Promise.all([
      database.db
        .select({ personId: persons.id, name: persons.name, idNumberEnc: persons.idNumberEnc, startedOn: employments.startedOn })
        .from(employments)
        .innerJoin(persons, eq(persons.id, employments.personId))
        .where(current)
        .orderBy(desc(employments.startedOn), asc(persons.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      database.db.select({ n: count() }).from(employments).where(current),
    ]);
    return {
      ...toDto(row),
      employees: {
        items: staffRows.map((s) => ({ personId: s.personId, name: s.name, idNumberMasked: maskIdNumber(crypto.decrypt(s.idNumberEnc)), startedOn: s.startedOn })),
        total: total?.n ?? 0,
        page,
        pageSize,
      },
    };
  }

  async function correct(ctx: RequestContext, id: string, input: { name?: string | undefined; industry?: string | undefined; status?: EmployerStatus | undefined; reason: string }) {
    const { row, actor } = await loadInScope(ctx, 'employer:correct', id);
    const set: Partial<typeof employers.$inferInsert> = {};
    const changes: Record<string, [unknown, unknown]> = {};
    const name = input.name?.trim();
    if (name !== undefined && name !== row.name) {
      if (!name) throw registryError('name_required');
      set.name = name;
      changes.name = [row.name, name];
    }
    if (input.industry !== undefined) {
      const industry = checkedIndustry(input.industry);
      if (industry !== row.industry) {
        set.industry = industry;
        changes.industry = [row.industry, industry];
      }
    }
    if (input.status !== undefined && input.status !== row.status) {
      set.status = input.status;
      changes.status = [row.status, input.status];
    }
    if (Object.keys(changes).length === 0) throw registryError('nothing_to_correct');
    return database.transaction(async (tx) => {
      const [updated] = await tx.update(employers).set({ ...set, updatedAt: new Date() }).where(eq(employers.id, id)).returning();
      await audit.append(tx, employerEvent(actor, ctx, row, 'employer.corrected', { changes, reason: input.reason.trim() }));
      return toDto(updated!);
    });
  }

  return { register, search, get, correct };
}
