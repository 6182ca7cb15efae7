import { count, desc, eq, sql } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext } from '@core/access/guard.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { RegistryReader } from '@modules/registry';
import { accountEntries, individualAccounts } from './funds.tables.ts';
import { yearlyInterest } from './calculators.ts';
import { fundsError } from './funds.errors.ts';
import type { PolicyService } from './policy.service.ts';

export type AccountsService = ReturnType<typeof createAccountsService>;

/** A contribution that reaches a person's individual account: the employee's 8% pension share of one paid declaration. */
export interface AccountCredit {
  personId: string;
  period: string;
  amountFen: number;
  declarationId: string;
}

/** Accounts credited with interest per transaction: bounded memory and short locks over a million accounts. */
export const INTEREST_CHUNK = 5000;

const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

interface Rows<T> {
  rows: T[];
}

/**
 * The basic pension individual account (个人账户, 国发〔2005〕38号: 8% of the contribution base,
 * from the employee's own contribution only). Every change is an entry whose unique key (person,
 * kind, period, source) makes crediting idempotent; the account row keeps the balance, the
 * months with contributions (缴费月数) and the last year interest was credited for.
 */
export function createAccountsService(platform: Platform, deps: { registry: RegistryReader; policy: PolicyService }) {
  const { database, guard, audit } = platform;
  const { registry, policy } = deps;

  /**
   * Credits paid contributions inside the caller's transaction. An entry already credited (the
   * same declaration) changes nothing; a month counts once however many employers paid for it.
   */
  async function creditContributions(tx: Db, credits: readonly AccountCredit[]): Promise<number> {
    if (credits.length === 0) return 0;
    const ids = credits.map((c) => c.personId);
    await tx.execute(sql`insert into ${individualAccounts} (person_id) select distinct p from unnest(${sql.param(ids)}::uuid[]) as t(p) on conflict do nothing`);
    // Locked in one order, so two payments crediting the same people cannot deadlock.
    await tx.execute(sql`select person_id from ${individualAccounts} where person_id = any(${sql.param(ids)}::uuid[]) order by person_id for update`);
    const inserted = (await tx.execute(sql`
      insert into ${accountEntries} (person_id, kind, period, amount_fen, source)
      select p, 'contribution', per, amt, src
      from unnest(${sql.param(ids)}::uuid[], ${sql.param(credits.map((c) => c.period))}::text[], ${sql.param(credits.map((c) => c.amountFen))}::bigint[], ${sql.param(credits.map((c) => c.declarationId))}::text[]) as t(p, per, amt, src)
      on conflict do nothing
      returning person_id, period, amount_fen`)) as unknown as Rows<{ person_id: string; period: string; amount_fen: string | number }>;
    if (inserted.rows.length === 0) return 0;
    // A month is new for the person when every contribution entry of that month was just inserted.
    const counts = (await tx.execute(sql`
      select person_id, period, count(*)::int as n from ${accountEntries}
      where kind = 'contribution' and (person_id, period) in (select * from unnest(${sql.param(inserted.rows.map((r) => r.person_id))}::uuid[], ${sql.param(inserted.rows.map((r) => r.period))}::text[]))
      group by person_id, period`)) as unknown as Rows<{ person_id: string; period: string; n: number }>;
    const newNow = new Map<string, number>();
    for (const r of inserted.rows) newNow.set(`${r.person_id}|${r.period}`, (newNow.get(`${r.person_id}|${r.period}`) ?? 0) + 1);
    const perPerson = new Map<string, { amount: number; months: number }>();
    for (const r of inserted.rows) {
      const p = perPerson.get(r.person_id) ?? { amount: 0, months: 0 };
      p.amount += Number(r.amount_fen);
      perPerson.set(r.person_id, p);
    }
    for (const c of counts.rows) {
      if (Number(c.n) === newNow.get(`${c.person_id}|${c.period}`)) perPerson.get(c.person_id)!.months += 1;
    }
    const people = [...perPerson.entries()];
    await tx.execute(sql`
      update ${individualAccounts} a
      set balance_fen = a.balance_fen + t.amt, contribution_months = a.contribution_months + t.months, updated_at = now()
      from unnest(${sql.param(people.map(([id]) => id))}::uuid[], ${sql.param(people.map(([, v]) => v.amount))}::bigint[], ${sql.param(people.map(([, v]) => v.months))}::int[]) as t(p, amt, months)
      where a.person_id = t.p`);
    return inserted.rows.length;
  }

  async function summaryOf(db: Db, personId: string) {
    const [row] = await db.select().from(individualAccounts).where(eq(individualAccounts.personId, personId)).limit(1);
    return { balanceFen: row?.balanceFen ?? 0, contributionMonths: row?.contributionMonths ?? 0, interestYear: row?.interestYear ?? null };
  }

  /** A person's account for staff of the person's household region; audited with the person as subject. */
  async function get(ctx: RequestContext, personId: string, q: { page: number; pageSize: number }) {
    const person = await registry.person(database.db, personId);
    const actor = await guard.require(ctx, 'contribution:read', { kind: 'individual_account', id: personId, regionCode: person?.householdRegion ?? NO_SUCH_TARGET, subjectId: personId });
    if (!person) throw fundsError('person_not_found');
    const [summary, entries, [total]] = await Promise.all([
      summaryOf(database.db, personId),
      database.db
        .select()
        .from(accountEntries)
        .where(eq(accountEntries.personId, personId))
        .orderBy(desc(accountEntries.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(accountEntries).where(eq(accountEntries.personId, personId)),
    ]);
    await audit.record({
      actor: auditActorOf(actor),
      action: 'funds.account_viewed',
      targetKind: 'individual_account',
      targetId: personId,
      subjectId: personId,
      channel: ctx.channel,
      requestId: ctx.requestId,
    });
    return {
      personId,
      name: person.name,
      idNumberMasked: person.idNumberMasked,
      ...summary,
      entries: {
        items: entries.map((e) => ({ id: e.id, kind: e.kind, period: e.period, amountFen: e.amountFen, source: e.source, createdAt: e.createdAt.toISOString() })),
        total: total?.n ?? 0,
        page: q.page,
        pageSize: q.pageSize,
      },
    };
  }

  /**
   * Year-end interest (记账利率) for every account not yet credited for `year`, in chunks of
   * INTEREST_CHUNK accounts, each chunk one transaction: read, compute with yearlyInterest, one
   * INSERT of the entries and one UPDATE of the accounts. An interrupted run is simply run
   * again: credited accounts carry interestYear = year and are not picked up twice.
   *
   * Crediting is kept out of the fund ledger on purpose: the individual account is a record of
   * the insured person's claim inside the pension fund (记账), and crediting interest to it moves
   * no money. The fund's real interest from the bank is income posted from the bank's statement
   * (interest_income); posting account crediting as income would book money that never arrived.
   */
  async function creditInterest(ctx: RequestContext, year: number) {
    const actor = await policy.requireUpperLevel(ctx, 'ledger:post', { kind: 'interest_run', id: String(year) });
    if (year >= Number(chinaDate(new Date()).slice(0, 4))) throw fundsError('interest_year_open', { detail: `${year} has not ended` });
    const rateBp = await policy.interestRateFor(database.db, year);
    if (rateBp === undefined) throw fundsError('interest_rate_missing', { detail: String(year) });
    const yearText = String(year);
    const source = `rate ${rateBp}bp`;
    let after = FIRST_UUID;
    let accounts = 0;
    let credited = 0;
    let totalFen = 0;
    for (;;) {
      const chunk = await database.transaction(async (tx) => {
        // Opening balance = today's balance less everything booked for this year and later
        // (contributions 'YYYY-MM' and interest 'YYYY' both compare ≥ 'YYYY').
        const rows = (await tx.execute(sql`
          select a.person_id, a.balance_fen, coalesce(s.later, 0)::bigint as later, coalesce(s.contrib, 0)::bigint as contrib
          from (
            select person_id, balance_fen from ${individualAccounts}
            where (interest_year is null or interest_year < ${year}) and person_id > ${after}::uuid
            order by person_id limit ${INTEREST_CHUNK} for update
          ) a
          left join lateral (
            select sum(e.amount_fen) filter (where e.period >= ${yearText}) as later,
                   sum(e.amount_fen) filter (where e.kind = 'contribution' and e.period like ${`${yearText}-%`}) as contrib
            from ${accountEntries} e where e.person_id = a.person_id
          ) s on true
          order by a.person_id`)) as unknown as Rows<{ person_id: string; balance_fen: string | number; later: string | number; contrib: string | number }>;
        if (rows.rows.length === 0) return { n: 0, last: after, credited: 0, fen: 0 };
        const ids: string[] = [];
        const amounts: number[] = [];
        let fen = 0;
        let creditedHere = 0;
        for (const r of rows.rows) {
          const opening = Math.max(0, Number(r.balance_fen) - Number(r.later));
          const { totalFen: interest } = yearlyInterest(opening, Math.max(0, Number(r.contrib)), rateBp);
          ids.push(r.person_id);
          amounts.push(interest);
          fen += interest;
          if (interest > 0) creditedHere++;
        }
        await tx.execute(sql`
          with t as (select * from unnest(${sql.param(ids)}::uuid[], ${sql.param(amounts)}::bigint[]) as t(p, amt)),
          ins as (
            insert into ${accountEntries} (person_id, kind, period, amount_fen, source)
            select p, 'interest', ${yearText}, amt, ${source} from t where amt > 0
            on conflict do nothing
            returning person_id, amount_fen
          )
          update ${individualAccounts} a
          set balance_fen = a.balance_fen + coalesce(ins.amount_fen, 0), interest_year = ${year}, updated_at = now()
          from t left join ins on ins.person_id = t.p
          where a.person_id = t.p`);
        return { n: rows.rows.length, last: rows.rows[rows.rows.length - 1]!.person_id, credited: creditedHere, fen };
      });
      accounts += chunk.n;
      credited += chunk.credited;
      totalFen += chunk.fen;
      after = chunk.last;
      if (chunk.n < INTEREST_CHUNK) break;
    }
    const summary = { year, rateBp, accounts, credited, totalFen };
    await audit.record({ actor: auditActorOf(actor), action: 'funds.interest_credited', targetKind: 'interest_run', targetId: yearText, channel: ctx.channel, requestId: ctx.requestId, details: summary });
    return summary;
  }

  return { creditContributions, summaryOf, get, creditInterest };
}
