import { faker } from '@faker-js/faker/locale/zh_CN';
import { sql } from 'drizzle-orm';
import { chinaDate } from '@core/calendar/working-time.ts';
import { dueDateOf } from '@modules/funds';
import type { Minsheng } from '../app.ts';
import { staffContext } from './appeals.seed.ts';
import { seedDemoFundsPolicy } from './funds-policy.seed.ts';

const monthsBack = (period: string, back: number) => {
  const d = new Date(`${period}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 7);
};

/**
 * The demo employers declare their employees' last three months at the wages tax reported
 * and pay them in full on the due date, so the ledger has contribution income and the
 * employees have contribution records and account balances.
 */
export async function seedDemoContributions(minsheng: Minsheng): Promise<{ declarations: number; payments: number }> {
  const { database } = minsheng.platform;
  const { contributions } = minsheng.modules.funds;
  const ctx = await staffContext(minsheng, 'yc.caseworker');
  await seedDemoFundsPolicy(minsheng);
  const rows = (await database.db.execute(sql`
    select e.employer_id, i.period, i.person_id, i.amount_fen
    from registry.income_records i
    join registry.employers r on r.credit_code = i.payer_credit_code
    join registry.employments e on e.person_id = i.person_id and e.employer_id = r.id
    order by e.employer_id, i.period, i.person_id`)) as unknown as { rows: { employer_id: string; period: string; person_id: string; amount_fen: string }[] };
  const batches = new Map<string, { employerId: string; period: string; rows: { personId: string; declaredWageFen: number }[] }>();
  for (const r of rows.rows) {
    const key = `${r.employer_id}:${r.period}`;
    const batch = batches.get(key) ?? { employerId: r.employer_id, period: r.period, rows: [] };
    batch.rows.push({ personId: r.person_id, declaredWageFen: Number(r.amount_fen) });
    batches.set(key, batch);
  }
  let declarations = 0;
  let payments = 0;
  for (const batch of batches.values()) {
    const answer = await contributions.declareBatch(ctx, batch);
    declarations += answer.declared;
    const dueOn = dueDateOf(batch.period);
    if (answer.totalFen > 0 && dueOn <= chinaDate(new Date())) {
      await contributions.recordPayment(ctx, batch.employerId, { amountFen: answer.totalFen, receivedOn: dueOn, reference: `DEMO-${batch.period}-${batch.employerId.slice(0, 8)}` });
      payments++;
    }
  }
  return { declarations, payments };
}

/**
 * Pensions for the demo's retired citizens, as a counter would grant them from their legacy
 * contribution records (entered index and years), their accounts confirmed by the demo bank
 * through the exchange, living status certified — but one left lapsed so the review queue has
 * something — and the city's payroll paid for the last three months.
 */
export async function seedDemoPensions(minsheng: Minsheng): Promise<{ pensioners: number; runs: number }> {
  const { database } = minsheng.platform;
  const { funds, integrity, registry, exchange } = minsheng.modules;
  const caseworker = await staffContext(minsheng, 'yc.caseworker');
  const head = await staffContext(minsheng, 'yc.head');
  faker.seed(139);
  await funds.policy.ensureDefaults();
  const today = chinaDate(new Date());
  const retired = (await database.db.execute(sql`
    select p.person_id as id from registry.payee_facts p
    join registry.benefit_accounts a on a.person_id = p.person_id and a.status = 'active'
    where p.status = 'alive' and p.birth_date <= (current_date - interval '60 years')::date
    order by p.birth_date`)) as unknown as { rows: { id: string }[] };
  const ids = retired.rows.map((r) => r.id);
  const accounts = await registry.reader.benefitAccounts(database.db, ids);
  const numbers = await registry.reader.accountNumbers(database.db, [...accounts.values()].map((a) => a.id));
  await database.transaction((tx) =>
    exchange.records.recordAccountVerifications(
      tx,
      { partner: { code: 'demo-bank', name: '演示银行（demo）', department: 'bank', jurisdiction: '64' }, channel: 'batch', requestId: 'demo-seed', dataset: 'bank.account_verification@1', batchId: 'demo-pensioners', messageId: 'demo-pensioners' },
      ids.map((personId) => ({ personId, accountNumber: numbers.get(accounts.get(personId)!.id)!, matches: true })),
    ),
  );
  const startPeriod = monthsBack(today.slice(0, 7), 3);
  for (const [n, personId] of ids.entries()) {
    await funds.pensions.grant(caseworker, {
      personId,
      retirementAge: 60,
      startPeriod,
      averageWageFen: 750_000,
      indexBp4: faker.number.int({ min: 6_000, max: 20_000 }),
      contributionMonths: faker.number.int({ min: 180, max: 480 }),
    });
    if (n !== 0) await integrity.service.certifyAtCounter(caseworker, personId);
  }
  // The city's pension fund carries a fiscal subsidy (财政补贴) into the first month paid, as
  // real pooling funds do; without it the demo's benefits would draw the deposit below zero.
  const months = 3;
  const monthly = (await database.db.execute(sql`select coalesce(sum(monthly_fen), 0)::bigint as fen from funds.pensions where status = 'active'`)) as unknown as { rows: { fen: string }[] };
  const subsidy = Number(monthly.rows[0]!.fen) * (months + 1);
  if (subsidy > 0) {
    await database.transaction((tx) =>
      funds.ledger.post(tx, {
        fund: 'employee_pension',
        region: head.actor.regionCode,
        period: monthsBack(today.slice(0, 7), months),
        kind: 'subsidy',
        memo: '财政补助资金（演示）',
        sourceRef: 'demo-subsidy',
        lines: [
          { account: 'bank_deposit', debitFen: subsidy },
          { account: 'fiscal_subsidy', creditFen: subsidy },
        ],
      }),
    );
  }
  let runs = 0;
  for (let back = months; back >= 1; back--) {
    const run = await funds.payroll.start(head, { period: monthsBack(today.slice(0, 7), back) }, { wait: true });
    await funds.payroll.send(head, run.id);
    runs++;
  }
  return { pensioners: ids.length, runs };
}

/**
 * Seals and publishes every month of the demo ledger that has ended, in order, as the city's
 * fund department would at each month's close.
 */
export async function seedDemoDisclosures(minsheng: Minsheng): Promise<number> {
  const { database } = minsheng.platform;
  const head = await staffContext(minsheng, 'yc.head');
  const first = (await database.db.execute(sql`select min(period) as period from funds.ledger_entries`)) as unknown as { rows: { period: string | null }[] };
  const thisMonth = chinaDate(new Date()).slice(0, 7);
  let sealed = 0;
  for (let period = first.rows[0]?.period; period && period < thisMonth; period = monthsBack(period, -1)) {
    await minsheng.modules.funds.disclosure.seal(head, period);
    sealed++;
  }
  return sealed;
}

/** The city's first credit rating under the published rules, so the credit page has something to show. */
export async function seedDemoCredit(minsheng: Minsheng) {
  const head = await staffContext(minsheng, 'yc.head');
  return minsheng.modules.integrity.credit.run(head);
}
