import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { addPensioner, runUntilReady, type TestPensioner } from '../../test-support/pensioners.ts';

const partnerChange = (dataset: string, batchId: string) => ({
  partner: { code: 'nx-gaj', name: '宁夏公安厅（测试）', department: 'public_security', jurisdiction: '64' },
  channel: 'batch' as const,
  requestId: `test-${batchId}`,
  dataset,
  batchId,
  messageId: `msg-${batchId}`,
});

describe('checks before payment: a synthetic population with planted cases', () => {
  let t: TestApp;
  let caseworker: Cookies;
  let head: Cookies;
  let reviewer: Cookies;
  let otherCounty: Cookies;
  const p: Record<string, TestPensioner> = {};

  type Flag = { id: number; name: string; kind: string; status: string; evidence: Record<string, unknown>; related: { name: string }[] };
  const flagsOf = async (query = '') => (await t.request('GET', `/api/integrity/flags?pageSize=200${query}`, reviewer)).json() as { items: Flag[]; total: number; openByKind: Record<string, number> };
  const instructions = async (period: string) =>
    (
      (await t.minsheng.platform.database.db.execute(sql`
        select p.name, i.status, i.kind, i.amount_fen from funds.payment_instructions i
        join funds.payroll_runs r on r.id = i.run_id join registry.persons p on p.id = i.person_id
        where r.period = ${period} order by p.name`)) as unknown as { rows: { name: string; status: string; kind: string; amount_fen: string }[] }
    ).rows;

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    caseworker = await t.loginStaff('xq.caseworker');
    head = await t.loginStaff('xq.head');
    reviewer = await t.loginStaff('xq.supervisor');
    otherCounty = await t.loginStaff('xx.supervisor');
    await t.minsheng.platform.database.db.execute(sql`insert into funds.months_divisors (retirement_age, months) values (60, 139) on conflict do nothing`);

    // Controls: nothing about them is wrong, and nothing may be flagged.
    for (const [key, name, account] of [
      ['ok1', '王建军', '6222020000000000011'],
      ['ok2', '李秀英', '6222020000000000029'],
      ['ok3', '张志强', '6217000000000000037'],
    ] as const) {
      p[key] = await addPensioner(t, caseworker, { name, account, bank: key === 'ok3' ? '中国建设银行' : '中国工商银行' });
    }
    // Planted: a pensioner who will die, a twin identity (same person under two ID numbers),
    // two unrelated payees sharing one account, an imprisoned pensioner, one over 110, one whose
    // certification lapsed, one whose account the bank never confirmed.
    p.dead = await addPensioner(t, caseworker, { name: '赵德明', account: '6222020000000000045' });
    p.twinA = await addPensioner(t, caseworker, { name: '孙玉兰', birthDate: '1958-03-12', account: '6222020000000000052', idNumber: makeResidentId('640104', '1958-03-12', 222) });
    p.twinB = await addPensioner(t, caseworker, { name: '孙玉兰', birthDate: '1958-03-12', account: '6222020000000000060', idNumber: makeResidentId('640104', '1958-03-12', 482) });
    p.shareA = await addPensioner(t, caseworker, { name: '周国华', account: '6222020000000000078' });
    p.shareB = await addPensioner(t, caseworker, { name: '吴桂芳', account: '6222020000000000078' });
    p.prison = await addPensioner(t, caseworker, { name: '郑海涛', account: '6222020000000000086' });
    p.old = await addPensioner(t, caseworker, { name: '钱寿山', birthDate: '1912-02-02', account: '6222020000000000094' });
    p.lapsed = await addPensioner(t, caseworker, { name: '冯淑珍', account: '6222020000000000102' });
    p.unverified = await addPensioner(t, caseworker, { name: '陈立新', account: '6222020000000000110', verified: false });
    // A control: a registered person who draws no pension, with the name, birth date, sex and
    // county of a payee (王建军) and an account of the same number. Neither a twin nor a shared
    // account of the run: only payees are matched with each other.
    const lookalike = await t.request('POST', '/api/registry/persons', caseworker, { idNumber: makeResidentId('640104', '1960-05-01', 990), name: '王建军', householdRegion: '640104001' });
    assert.equal(lookalike.statusCode, 201, lookalike.body);
    const sameNumber = await t.request('POST', `/api/registry/persons/${lookalike.json().id}/bank-accounts`, caseworker, { bankName: '中国工商银行', accountNumber: '6222020000000000011' });
    assert.equal(sameNumber.statusCode, 201, sameNumber.body);

    // Everyone but the lapsed one was certified alive at the counter this year.
    for (const [key, who] of Object.entries(p)) {
      if (key === 'lapsed') continue;
      const r = await t.request('POST', `/api/integrity/persons/${who.personId}/certification`, caseworker);
      assert.equal(r.statusCode, 200, r.body);
    }
    // The imprisonment arrives from public security through the exchange.
    await t.minsheng.platform.database.transaction((tx) =>
      t.minsheng.modules.exchange.records.addDossierEntries(tx, partnerChange('public_security.incarceration@1', 'b-prison'), 'public_security.incarceration', [
        { personId: p.prison!.personId, facts: { event: 'admitted', on: '2026-06-20', facility_name: '宁夏某监狱', facility_region: '640100' } },
      ]),
    );
  });
  after(() => t.close());

  it('flags the imprisoned pensioner the moment the record arrives, before any run', async () => {
    const { items } = await flagsOf();
    assert.deepEqual(
      items.map((f) => [f.name, f.kind]),
      [['郑海涛', 'incarcerated']],
    );
    assert.equal(items[0]!.evidence.matchedBy, 'id_number');
  });

  it('flags exactly the planted payees in a run and holds their payments, paying the others', async () => {
    const run = await runUntilReady(t, head, '2026-09');
    const flagged = (await flagsOf()).items.map((f) => `${f.name}:${f.kind}`).sort();
    assert.deepEqual(flagged, [
      '冯淑珍:certification_overdue',
      '吴桂芳:shared_account',
      '周国华:shared_account',
      '孙玉兰:duplicate_identity',
      '孙玉兰:duplicate_identity',
      '郑海涛:incarcerated',
      '钱寿山:improbable_age',
      '陈立新:account_unverified',
    ]);
    const rows = await instructions('2026-09');
    const held = rows.filter((r) => r.status === 'held').map((r) => r.name).sort();
    assert.deepEqual(held, ['冯淑珍', '吴桂芳', '周国华', '孙玉兰', '孙玉兰', '郑海涛', '钱寿山', '陈立新'].sort());
    assert.deepEqual(rows.filter((r) => r.status === 'ready').map((r) => r.name).sort(), ['张志强', '李秀英', '王建军', '赵德明'].sort());
    assert.equal(run.summary.payees, 12);
    assert.equal(run.summary.heldCount, 8);
    // Twins name each other in the evidence, masked.
    const twin = (await flagsOf('&kind=duplicate_identity')).items[0]!;
    assert.equal(twin.related[0]!.name, '孙玉兰');
    const sent = await t.request('POST', `/api/funds/payroll/runs/${run.id}/send`, head);
    assert.equal(sent.statusCode, 200, sent.body);
    assert.deepEqual(
      sent.json().files.map((f: { bankName: string; count: number }) => [f.bankName, f.count]),
      [
        ['中国工商银行', 3],
        ['中国建设银行', 1],
      ],
    );
  });

  it('a death that arrives later flags at once and turns a payment made after it into a recovery order', async () => {
    await t.minsheng.platform.database.transaction((tx) =>
      t.minsheng.modules.exchange.records.recordDeaths(tx, partnerChange('public_security.death@1', 'b-death'), [{ personId: p.dead!.personId, diedOn: '2026-08-15' }]),
    );
    const dead = (await flagsOf('&kind=deceased')).items;
    assert.equal(dead.length, 1);
    assert.equal(dead[0]!.name, '赵德明');
    assert.equal(dead[0]!.evidence.diedOn, '2026-08-15');
    const orders = (
      (await t.minsheng.platform.database.db.execute(sql`select amount_fen, reason, evidence from funds.recovery_orders where person_id = ${p.dead!.personId}`)) as unknown as {
        rows: { amount_fen: string; reason: string; evidence: { periods: string[] } }[];
      }
    ).rows;
    assert.equal(orders.length, 1);
    assert.equal(Number(orders[0]!.amount_fen), p.dead!.monthlyFen, 'the September pension, paid after an August death');
    assert.deepEqual(orders[0]!.evidence.periods, ['2026-09']);
    // The same record again changes nothing: no second flag, no second order.
    await t.minsheng.platform.database.transaction((tx) =>
      t.minsheng.modules.exchange.records.recordDeaths(tx, partnerChange('public_security.death@1', 'b-death-again'), [{ personId: p.dead!.personId, diedOn: '2026-08-15' }]),
    );
    assert.equal((await flagsOf('&kind=deceased')).total, 1);
    const count = (await t.minsheng.platform.database.db.execute(sql`select count(*)::int as n from funds.recovery_orders`)) as unknown as { rows: { n: number }[] };
    assert.equal(count.rows[0]!.n, 1);
    // The family pays it back in two parts; the same bank reference twice counts once.
    const order = (await t.request('GET', '/api/funds/recoveries', caseworker)).json().items[0];
    assert.equal(order.outstandingFen, p.dead!.monthlyFen);
    const half = Math.floor(p.dead!.monthlyFen / 2);
    const first = await t.request('POST', `/api/funds/recoveries/${order.id}/repayments`, caseworker, { amountFen: half, receivedOn: '2026-11-02', reference: 'NX-R-1' });
    assert.equal(first.json().recoveredFen, half);
    assert.equal((await t.request('POST', `/api/funds/recoveries/${order.id}/repayments`, caseworker, { amountFen: half, receivedOn: '2026-11-02', reference: 'NX-R-1' })).json().code, 'payment_exists');
    assert.equal((await t.request('POST', `/api/funds/recoveries/${order.id}/repayments`, caseworker, { amountFen: p.dead!.monthlyFen, receivedOn: '2026-11-03', reference: 'NX-R-2' })).json().code, 'recovery_exceeds');
    const rest = await t.request('POST', `/api/funds/recoveries/${order.id}/repayments`, caseworker, { amountFen: p.dead!.monthlyFen - half, receivedOn: '2026-11-03', reference: 'NX-R-2' });
    assert.equal(rest.json().status, 'recovered');
  });

  it('keeps the review queue within the reviewer’s region', async () => {
    assert.equal((await t.request('GET', '/api/integrity/flags', otherCounty)).json().total, 0);
    const some = (await flagsOf()).items[0]!;
    assert.equal((await t.request('GET', `/api/integrity/flags/${some.id}`, otherCounty)).statusCode, 404);
    const denied = await t.request('POST', `/api/integrity/flags/${some.id}/decision`, otherCounty, { decision: 'release', note: '越权' });
    assert.equal(denied.statusCode, 404);
    assert.equal((await t.request('POST', `/api/integrity/flags/${some.id}/decision`, caseworker, { decision: 'release', note: '经办不能放行' })).statusCode, 403);
  });

  it('releases or stops held payments on review, audited, and pays the released in a second file', async () => {
    const shared = (await flagsOf('&kind=shared_account')).items;
    for (const f of shared) {
      const r = await t.request('POST', `/api/integrity/flags/${f.id}/decision`, reviewer, { decision: 'release', note: '夫妻共用账户，已核实' });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().status, 'released');
    }
    const again = await t.request('POST', `/api/integrity/flags/${shared[0]!.id}/decision`, reviewer, { decision: 'stop', note: '改主意' });
    assert.equal(again.statusCode, 409);
    const prison = (await flagsOf('&kind=incarcerated')).items[0]!;
    assert.equal((await t.request('POST', `/api/integrity/flags/${prison.id}/decision`, reviewer, { decision: 'stop', note: '服刑期间停发' })).statusCode, 200);
    const rows = await instructions('2026-09');
    assert.deepEqual(rows.filter((r) => r.status === 'released').map((r) => r.name).sort(), ['吴桂芳', '周国华'].sort());
    assert.deepEqual(rows.filter((r) => r.status === 'stopped').map((r) => r.name), ['郑海涛']);
    const runId = ((await t.request('GET', '/api/funds/payroll/runs', head)).json().items as { id: string; period: string }[]).find((r) => r.period === '2026-09')!.id;
    const second = await t.request('POST', `/api/funds/payroll/runs/${runId}/send`, head);
    assert.deepEqual(
      second.json().files.map((f: { bankName: string; sequence: number; count: number }) => [f.bankName, f.sequence, f.count]),
      [['中国工商银行', 2, 2]],
    );
    const audit = (await t.minsheng.platform.database.db.execute(sql`select action, subject_id from audit.entries where action like 'integrity.flag_%' order by seq`)) as unknown as {
      rows: { action: string; subject_id: string }[];
    };
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['integrity.flag_released', 'integrity.flag_released', 'integrity.flag_stopped'],
    );
  });

  it('holds the dead pensioner in the next run and reports the month’s findings', async () => {
    await runUntilReady(t, head, '2026-10');
    const rows = await instructions('2026-10');
    assert.equal(rows.find((r) => r.name === '赵德明')!.status, 'held');
    assert.equal(rows.find((r) => r.name === '周国华')!.status, 'ready', 'a released finding is not raised again');
    const month = new Date().toISOString().slice(0, 7);
    const report = await t.request('GET', `/api/integrity/report?month=${month}`, reviewer);
    assert.equal(report.statusCode, 200, report.body);
    const totals = report.json().totals;
    assert.equal(totals.matches, 9);
    assert.equal(totals.released, 2);
    assert.equal(totals.confirmed, 1);
    assert.equal(totals.preventedFen, p.prison!.monthlyFen);
    assert.equal(totals.recoveredFen, p.dead!.monthlyFen, 'the September pension paid back');
  });

  it('releases the hold of a lapsed certification once the pensioner is certified', async () => {
    const lapsed = (await flagsOf('&kind=certification_overdue')).items[0]!;
    assert.equal(lapsed.status, 'open');
    const r = await t.request('POST', `/api/integrity/persons/${p.lapsed!.personId}/certification`, caseworker);
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().due, false);
    assert.equal((await t.request('GET', `/api/integrity/flags/${lapsed.id}`, reviewer)).json().status, 'released');
    const rows = await instructions('2026-10');
    assert.equal(rows.find((x) => x.name === '冯淑珍')!.status, 'released');
  });
});
