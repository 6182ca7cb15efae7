import { faker } from '@faker-js/faker/locale/zh_CN';
import { sql } from 'drizzle-orm';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { Minsheng } from '../app.ts';
import { staffContext } from './appeals.seed.ts';

const monthsBack = (period: string, back: number) => {
  const d = new Date(`${period}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 7);
};

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
  let runs = 0;
  for (let back = 3; back >= 1; back--) {
    const run = await funds.payroll.start(head, { period: monthsBack(today.slice(0, 7), back) }, { wait: true });
    await funds.payroll.send(head, run.id);
    runs++;
  }
  return { pensioners: ids.length, runs };
}
