import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { addPensioner, type TestPensioner } from '../../test-support/pensioners.ts';
import { staffContext } from '../../demo/appeals.seed.ts';

describe('payroll runs: once per month, exactly once per payee', () => {
  let t: TestApp;
  let caseworker: Cookies;
  let head: Cookies;
  const people: TestPensioner[] = [];
  const db = () => t.minsheng.platform.database.db;
  const payroll = () => t.minsheng.modules.funds.payroll;
  const count = async (query: ReturnType<typeof sql>) => ((await db().execute(query)) as unknown as { rows: { n: number }[] }).rows[0]!.n;

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    caseworker = await t.loginStaff('xq.caseworker');
    head = await t.loginStaff('xq.head');
    await db().execute(sql`insert into funds.months_divisors (retirement_age, months) values (60, 139) on conflict do nothing`);
    const banks = ['中国工商银行', '中国建设银行', '中国农业银行'];
    for (let i = 0; i < 6; i++) {
      people.push(await addPensioner(t, caseworker, { name: `领取人${i}`, account: `62220300000000${String(1000 + i)}0`, bank: banks[i % 3]! }));
    }
    for (const p of people) assert.equal((await t.request('POST', `/api/integrity/persons/${p.personId}/certification`, caseworker)).statusCode, 200);
  });
  after(() => t.close());

  it('computes the pension by the formula and keeps its inputs', async () => {
    const r = await t.request('GET', `/api/funds/pensions/${people[0]!.pensionId}`, head);
    // (8,000.00 + 8,000.00 × 1.0000) ÷ 2 × 30 years × 1% = 2,400.00; account part 0 ÷ 139 = 0.
    assert.equal(r.json().basicFen, 240_000);
    assert.equal(r.json().accountFen, 0);
    assert.equal(r.json().monthlyFen, 240_000);
    assert.equal(r.json().basis.monthsDivisor, 139);
    assert.equal(r.json().accountNumberMasked.includes('*'), true);
  });

  it('refuses bad grants and a second pension for the same person', async () => {
    const base = { personId: people[0]!.personId, retirementAge: 60, startPeriod: '2026-01', averageWageFen: 800_000, indexBp4: 10_000, contributionMonths: 360 };
    assert.equal((await t.request('POST', '/api/funds/pensions', caseworker, base)).json().code, 'pension_exists');
    assert.equal((await t.request('POST', '/api/funds/pensions', caseworker, { ...base, contributionMonths: 179 })).json().code, 'too_few_contribution_years');
    assert.equal((await t.request('POST', '/api/funds/pensions', caseworker, { ...base, averageWageFen: 1.5 })).statusCode, 400);
    assert.equal((await t.request('POST', '/api/funds/pensions', caseworker, { ...base, retirementAge: 39 })).statusCode, 400);
  });

  it('refuses a second start of the same month, also when both arrive at once', async () => {
    const [a, b] = await Promise.all([
      t.request('POST', '/api/funds/payroll/runs', head, { period: '2026-08' }),
      t.request('POST', '/api/funds/payroll/runs', head, { period: '2026-08' }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [202, 409]);
    const refused = a.statusCode === 409 ? a : b;
    assert.equal(refused.json().code, 'run_exists');
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    const city = await t.request('POST', '/api/funds/payroll/runs', await t.loginStaff('yc.head'), { period: '2026-08' });
    assert.equal(city.json().code, 'run_exists', 'the city’s run would cover the county’s pensioners again');
    assert.equal((await t.request('POST', '/api/funds/payroll/runs', head, { period: '2099-01' })).json().code, 'run_future_period');
    assert.equal((await t.request('POST', '/api/funds/payroll/runs', caseworker, { period: '2026-07' })).statusCode, 403);
  });

  it('resumes a run whose worker died midway: nothing of the dead attempt stays, nobody gets a second instruction', async () => {
    const ctx = await staffContext(t.minsheng, 'xq.head');
    payroll().hooks.beforeCommit = () => {
      throw new Error('worker killed before its step committed');
    };
    await assert.rejects(payroll().start(ctx, { period: '2026-09' }, { wait: true }), /worker killed/);
    payroll().hooks.beforeCommit = undefined;
    const runId = ((await t.request('GET', '/api/funds/payroll/runs', head)).json().items as { id: string; period: string; status: string }[]).find((r) => r.period === '2026-09')!;
    assert.equal(runId.status, 'preparing');
    assert.equal(await count(sql`select count(*)::int as n from funds.payment_instructions where run_id = ${runId.id}`), 0, 'the checks and the instructions commit together or not at all');
    // Another server holds a fresh lease on it: nobody may take it over yet.
    await db().execute(sql`update funds.payroll_runs set worker = 'another-server', heartbeat_at = now() where id = ${runId.id}`);
    assert.equal((await t.request('POST', `/api/funds/payroll/runs/${runId.id}/resume`, head)).json().code, 'run_busy');
    const resumed = await payroll().resume(ctx, runId.id, { staleAfterMs: 0 });
    assert.equal(resumed.status, 'ready');
    assert.equal(await count(sql`select count(*)::int as n from funds.payment_instructions where run_id = ${runId.id}`), people.length);
    assert.equal(await count(sql`select count(*)::int as n from (select person_id from funds.payment_instructions where run_id = ${runId.id} group by person_id having count(*) > 1) d`), 0);
  });

  it('holds a flagged payee’s payment that a run caught between the two steps of an earlier version had already written', async () => {
    // Migration 0024 sets such a run back to preparing, its instructions written and none held yet.
    const { database } = t.minsheng.platform;
    const ctx = await staffContext(t.minsheng, 'xq.head');
    payroll().hooks.beforeCommit = () => {
      throw new Error('stopped');
    };
    await assert.rejects(payroll().start(ctx, { period: '2026-07' }, { wait: true }), /stopped/);
    payroll().hooks.beforeCommit = undefined;
    const [run] = await database.rows<{ id: string; region: string }>(`select id, region from funds.payroll_runs where period = '2026-07'`);
    await database.rows(
      `insert into funds.payment_instructions (run_id, pension_id, period, person_id, region, kind, amount_fen, bank_account_id, bank_name)
       select $1, pension_id, '2026-07', person_id, region, kind, amount_fen, bank_account_id, bank_name from funds.run_payments($2, '2026-07')`,
      [run!.id, run!.region],
    );
    const flagged = people[5]!;
    await database.rows(`insert into integrity.flags (person_id, kind, region, source, match_key, evidence) values ($1, 'improbable_age', $2, 'run:2026-07', '1900-01-01', '{}')`, [flagged.personId, run!.region]);
    try {
      assert.equal((await payroll().resume(ctx, run!.id, { staleAfterMs: 0 })).status, 'ready');
      const statuses = await database.rows<{ person_id: string; status: string }>(`select person_id, status from funds.payment_instructions where run_id = $1`, [run!.id]);
      assert.equal(statuses.length, people.length, 'no second instruction');
      assert.deepEqual(statuses.filter((s) => s.status === 'held').map((s) => s.person_id), [flagged.personId]);
    } finally {
      await database.rows(`update integrity.flags set status = 'released' where source = 'run:2026-07'`);
    }
  });

  it('never deletes a pension or a run that instructions point to', async () => {
    const run = ((await t.request('GET', '/api/funds/payroll/runs', head)).json().items as { id: string; period: string }[]).find((r) => r.period === '2026-09')!;
    const { database } = t.minsheng.platform;
    await assert.rejects(database.rows('delete from funds.payroll_runs where id = $1', [run.id]), /never deleted/);
    await assert.rejects(database.rows('delete from funds.pensions where person_id = $1', [people[0]!.personId]), /never deleted/);
    await assert.rejects(database.rows('truncate funds.pensions cascade'), /never deleted/);
    assert.equal(await count(sql`select count(*)::int as n from funds.payment_instructions i where not exists (select 1 from funds.pensions p where p.id = i.pension_id)`), 0);
  });

  it('sends each payment in exactly one bank file, even when sending dies between banks', async () => {
    const ctx = await staffContext(t.minsheng, 'xq.head');
    const run = ((await t.request('GET', '/api/funds/payroll/runs', head)).json().items as { id: string; period: string }[]).find((r) => r.period === '2026-09')!;
    const first: string[] = [];
    payroll().hooks.afterFile = (bank) => {
      first.push(bank);
      throw new Error('server died after the first file');
    };
    await assert.rejects(payroll().send(ctx, run.id), /server died/);
    payroll().hooks.afterFile = undefined;
    const again = await t.request('POST', `/api/funds/payroll/runs/${run.id}/send`, head);
    assert.equal(again.statusCode, 200, again.body);
    const banks = ['中国工商银行', '中国建设银行', '中国农业银行'];
    assert.deepEqual(
      again.json().files.map((f: { bankName: string }) => f.bankName).sort(),
      banks.filter((b) => b !== first[0]).sort(),
      'only the banks not yet sent',
    );
    assert.equal(await count(sql`select count(*)::int as n from funds.payment_instructions where run_id = ${run.id} and status = 'sent'`), people.length);
    assert.equal(await count(sql`select sum(count)::int as n from funds.bank_files where run_id = ${run.id}`), people.length);
    const third = await t.request('POST', `/api/funds/payroll/runs/${run.id}/send`, head);
    assert.deepEqual(third.json().files, [], 'nothing is paid twice');
    // The ledger records the money out once per file, and balances.
    const balance = await t.minsheng.modules.funds.ledger.trialBalance(db());
    const pension = balance.find((b) => b.fund === 'employee_pension')!;
    assert.equal(pension.debitsFen, pension.creditsFen);
    assert.equal(pension.debitsFen, people.length * 240_000);
  });

  it('gives the bank a file with full account numbers, and audits the download', async () => {
    const detail = await t.request('GET', `/api/funds/payroll/runs/${((await t.request('GET', '/api/funds/payroll/runs', head)).json().items as { id: string; period: string }[]).find((r) => r.period === '2026-09')!.id}`, head);
    const file = detail.json().files[0];
    const csv = await t.request('GET', `/api/funds/payroll/runs/${detail.json().id}/files/${file.id}`, head);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /序号,姓名,银行账号,金额（元）,所属期,摘要/);
    assert.match(csv.body, /2400\.00,2026-09,基本养老金/);
    assert.equal(csv.headers['x-content-sha256'], file.sha256);
    assert.equal(await count(sql`select count(*)::int as n from audit.entries where action = 'payroll.bank_file_downloaded'`), 1);
  });

  it('pays the suspended months once after a resumption', async () => {
    const p = people[1]!;
    const suspend = await t.request('POST', `/api/funds/pensions/${p.pensionId}/status`, caseworker, { to: 'suspended', period: '2026-10', reason: '待遇资格待核实' });
    assert.equal(suspend.statusCode, 200, suspend.body);
    const resume = await t.request('POST', `/api/funds/pensions/${p.pensionId}/status`, caseworker, { to: 'active', period: '2026-12', reason: '已核实', payArrears: true });
    assert.equal(resume.json().arrearsFen, 2 * 240_000, 'October and November');
    const ctx = await staffContext(t.minsheng, 'xq.head');
    const run = await payroll().start(ctx, { period: '2026-10' }, { wait: true });
    const arrears = (await db().execute(sql`select amount_fen from funds.payment_instructions where run_id = ${run.id} and kind = 'arrears'`)) as unknown as { rows: { amount_fen: string }[] };
    assert.deepEqual(arrears.rows.map((r) => Number(r.amount_fen)), [480_000]);
    assert.equal((await t.request('GET', `/api/funds/pensions/${p.pensionId}`, head)).json().arrearsFen, 0, 'owed once, now carried by the instruction');
    assert.equal((await t.request('POST', `/api/funds/pensions/${p.pensionId}/status`, caseworker, { to: 'active', period: '2026-12', reason: 'x' })).json().code, 'pension_transition');
  });

  it('pays a payment released after its month was sealed, booked in the month the money leaves', async () => {
    const run = ((await t.request('GET', '/api/funds/payroll/runs', head)).json().items as { id: string; period: string }[]).find((r) => r.period === '2026-10')!;
    const sent = await t.request('POST', `/api/funds/payroll/runs/${run.id}/send`, head);
    assert.equal(sent.statusCode, 200, sent.body);
    const sealed = await t.request('POST', '/api/funds/disclosures', await t.loginStaff('yc.head'), { period: '2026-10' });
    assert.equal(sealed.statusCode, 201, sealed.body);
    // A reviewer releases a payment of October that was held (set up directly: the review itself is tested with the checks).
    const [held] = await t.minsheng.platform.database.rows<{ id: number }>(`select id from funds.payment_instructions where run_id = $1 and kind = 'monthly' limit 1`, [run.id]);
    await t.minsheng.platform.database.rows(`update funds.payment_instructions set status = 'released', bank_file_id = null where id = $1`, [held!.id]);
    const late = await t.request('POST', `/api/funds/payroll/runs/${run.id}/send`, head);
    assert.equal(late.statusCode, 200, late.body);
    assert.equal(late.json().files.length, 1);
    const [booked] = await t.minsheng.platform.database.rows<{ period: string }>(`select j.period from funds.journals j join funds.bank_files f on f.id::text = j.source_ref where f.run_id = $1 order by f.created_at desc limit 1`, [run.id]);
    assert.equal(booked!.period, new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7));
  });
});
