import { sql } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import { declarations, recoveryOrders } from './funds.tables.ts';

interface Rows<T> {
  rows: T[];
}

export interface CreditUnpaidMonth {
  period: string;
  dueOn: string;
  outstandingFen: number;
}

export interface CreditRecoveryOrder {
  orderId: string;
  reason: string;
  amountFen: number;
  recoveredFen: number;
  status: 'open' | 'recovered' | 'waived';
  openedOn: string;
  periods: string[];
}

export type CreditFactsSource = ReturnType<typeof createCreditFacts>;

/**
 * What the credit system (人社信用, in the integrity module) reads of the funds: contributions
 * unpaid by month, declared wages, and recovery orders. Read by keyset pages so a county's
 * rating run holds one page at a time. These functions do not check access: the integrity
 * service has passed the guard for its own action.
 */
export function createCreditFacts(platform: Platform) {
  const { database } = platform;

  const unpaidOf = (r: { period: string | null; due_on: string | null; outstanding: string | null }): CreditUnpaidMonth[] =>
    r.period && r.due_on ? [{ period: r.period, dueOn: r.due_on, outstandingFen: Number(r.outstanding ?? 0) }] : [];

  /**
   * Employers with declarations in the region (prefix), after `after` by id, with every month
   * whose contributions are still (partly) unpaid, however recent: the rules decide what is late.
   */
  async function employers(scope: string, page: { after: string | null; limit: number }) {
    const rows = (await database.db.execute(sql`
      with page as (
        select employer_id, min(region) as region from ${declarations}
        where region like ${`${scope}%`} and status <> 'cancelled' and (${page.after}::uuid is null or employer_id > ${page.after}::uuid)
        group by employer_id order by employer_id limit ${page.limit}
      )
      select p.employer_id, p.region, d.period, min(d.due_on)::text as due_on, sum(d.total_fen - d.paid_fen)::bigint as outstanding
      from page p left join ${declarations} d on d.employer_id = p.employer_id and d.status = 'due' and d.total_fen > d.paid_fen
      group by p.employer_id, p.region, d.period
      order by p.employer_id, d.period`)) as unknown as Rows<{ employer_id: string; region: string; period: string | null; due_on: string | null; outstanding: string | null }>;
    const out: { employerId: string; region: string; unpaidMonths: CreditUnpaidMonth[] }[] = [];
    for (const r of rows.rows) {
      const last = out.at(-1);
      if (last?.employerId === r.employer_id) last.unpaidMonths.push(...unpaidOf(r));
      else out.push({ employerId: r.employer_id, region: r.region, unpaidMonths: unpaidOf(r) });
    }
    return out;
  }

  /** Declared wages of these employers from a period on, in pages by declaration id. */
  async function declaredWages(employerIds: readonly string[], page: { fromPeriod: string; after: string | null; limit: number }) {
    if (employerIds.length === 0) return [];
    const rows = (await database.db.execute(sql`
      select id, employer_id, person_id, period, declared_wage_fen from ${declarations}
      where employer_id = any(${sql.param([...employerIds])}::uuid[]) and status <> 'cancelled' and period >= ${page.fromPeriod}
        and (${page.after}::uuid is null or id > ${page.after}::uuid)
      order by id limit ${page.limit}`)) as unknown as Rows<{ id: string; employer_id: string; person_id: string; period: string; declared_wage_fen: string }>;
    return rows.rows.map((r) => ({ id: r.id, employerId: r.employer_id, personId: r.person_id, period: r.period, declaredWageFen: Number(r.declared_wage_fen) }));
  }

  /** One employer's unpaid months now: what a repair checks again. */
  async function employerUnpaid(employerId: string): Promise<CreditUnpaidMonth[]> {
    const rows = (await database.db.execute(sql`
      select period, min(due_on)::text as due_on, sum(total_fen - paid_fen)::bigint as outstanding from ${declarations}
      where employer_id = ${employerId} and status = 'due' and total_fen > paid_fen
      group by period order by period`)) as unknown as Rows<{ period: string; due_on: string; outstanding: string }>;
    return rows.rows.flatMap(unpaidOf);
  }

  const orderOf = (r: OrderRow): CreditRecoveryOrder => ({
    orderId: r.id,
    reason: r.reason,
    amountFen: Number(r.amount_fen),
    recoveredFen: Number(r.recovered_fen),
    status: r.status,
    openedOn: r.opened_on,
    periods: Array.isArray(r.periods) ? r.periods.map(String) : [],
  });
  type OrderRow = { id: string; person_id: string; region: string; reason: string; amount_fen: string; recovered_fen: string; status: CreditRecoveryOrder['status']; opened_on: string; periods: unknown };
  const orderColumns = sql`o.id, o.person_id, o.region, o.reason, o.amount_fen, o.recovered_fen, o.status,
    to_char(o.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as opened_on, o.evidence -> 'periods' as periods`;

  /** Persons with recovery orders in the region, after `after` by id, with those orders. */
  async function persons(scope: string, page: { after: string | null; limit: number }) {
    const rows = (await database.db.execute(sql`
      with page as (
        select distinct person_id from ${recoveryOrders}
        where region like ${`${scope}%`} and (${page.after}::uuid is null or person_id > ${page.after}::uuid)
        order by person_id limit ${page.limit}
      )
      select ${orderColumns} from ${recoveryOrders} o join page p on p.person_id = o.person_id
      where o.region like ${`${scope}%`}
      order by o.person_id, o.created_at, o.id`)) as unknown as Rows<OrderRow>;
    const out: { personId: string; region: string; orders: CreditRecoveryOrder[] }[] = [];
    for (const r of rows.rows) {
      const last = out.at(-1);
      // The person's region is that of their latest order: the office pursuing the money.
      if (last?.personId === r.person_id) {
        last.orders.push(orderOf(r));
        last.region = r.region;
      } else out.push({ personId: r.person_id, region: r.region, orders: [orderOf(r)] });
    }
    return out;
  }

  /** One person's recovery orders now, wherever opened: what a repair checks again. */
  async function personOrders(personId: string): Promise<CreditRecoveryOrder[]> {
    const rows = (await database.db.execute(sql`select ${orderColumns} from ${recoveryOrders} o where o.person_id = ${personId} order by o.created_at, o.id`)) as unknown as Rows<OrderRow>;
    return rows.rows.map(orderOf);
  }

  return { employers, declaredWages, employerUnpaid, persons, personOrders };
}
