import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { creditCodeCheckCharacter } from '@core/identity/credit-code.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import { createTestApp, cookiesOf, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { addPensioner, runUntilReady, type TestPensioner } from '../../test-support/pensioners.ts';
import { DEMO_PASSWORD } from '../../demo/seed.ts';
import { seedDemoFundsPolicy } from '../../demo/funds-policy.seed.ts';
import { CREDIT_RULES_V1, type CreditRules } from './credit.rules.ts';

const TOWN = '640104001'; // 兴庆区 凤凰北街街道
const FOUR = ['employee_pension', 'employee_medical', 'unemployment', 'work_injury'] as const;
const withCheck = (first17: string) => first17 + creditCodeCheckCharacter(first17);
const partnerChange = (dataset: string, batchId: string) => ({
  partner: { code: 'nx-gaj', name: '宁夏公安厅（测试）', department: 'public_security', jurisdiction: '64' },
  channel: 'batch' as const,
  requestId: `test-${batchId}`,
  dataset,
  batchId,
  messageId: `msg-${batchId}`,
});

type Reason = { code: string; points: number; detail: Record<string, unknown> };
type RatingRow = { partyKind: string; partyId: string; name: string; creditCode: string | null; ruleVersion: number; score: number; grade: string; reasons: Reason[]; dishonesty: string | null };
type Entry = { id: string; partyKind: string; partyId: string; ruleCode: string; ruleVersion: number; status: string; evidence: Record<string, unknown>; repairableOn: string | null; objection: string | null };

describe('credit (人社信用): ratings under versioned rules and the dishonesty list', () => {
  let t: TestApp;
  let xq: Cookies; // 兴庆区 caseworker: credit:read, declares contributions
  let xqHead: Cookies; // 兴庆区 department head: credit:manage
  let xqSupervisor: Cookies;
  let xxSupervisor: Cookies; // 西夏区: another county
  let xxHead: Cookies;
  let ycHead: Cookies; // 银川市: may publish rules
  let citizen: Cookies;
  const employer = { e: { id: '', name: '银川市兴庆区塞上建材有限公司', creditCode: withCheck('91640104MA7CRED01') }, f: { id: '', name: '银川市兴庆区凤凰小餐馆', creditCode: withCheck('92640104MA7CRED02') } };
  const person: Record<'a' | 'b' | 'c' | 'd' | 'g', string> = { a: '', b: '', c: '', d: '', g: '' };
  let pensioner: TestPensioner;
  const entryOf: Record<'e' | 'p' | 'f', string> = { e: '', p: '', f: '' };
  const today = chinaDate(new Date());
  const plusDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  const call = (method: string, url: string, who: Cookies, payload?: unknown) => t.request(method, url, who, payload);
  const ok = (r: { statusCode: number; body: string }, status = 200) => assert.equal(r.statusCode, status, r.body);
  const ratings = async (who: Cookies, query = '') => (await call('GET', `/api/integrity/credit/ratings?pageSize=200${query}`, who)).json() as { items: RatingRow[]; total: number; byGrade: Record<string, number> };
  const entries = async (who: Cookies, query = '') => (await call('GET', `/api/integrity/credit/dishonesty?pageSize=200${query}`, who)).json() as { items: Entry[]; total: number };
  const reasonsOf = (r: RatingRow | undefined) => r?.reasons.map((x) => [x.code, x.points]);

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    xq = await t.loginStaff('xq.caseworker');
    xqHead = await t.loginStaff('xq.head');
    xqSupervisor = await t.loginStaff('xq.supervisor');
    xxSupervisor = await t.loginStaff('xx.supervisor');
    xxHead = await t.loginStaff('xx.head');
    ycHead = await t.loginStaff('yc.head');
    await seedDemoFundsPolicy(t.minsheng);
    const demoCitizen = t.demo.citizens[0]!;
    const login = await call('POST', '/api/auth/citizen/login', {}, { idNumber: demoCitizen.idNumber, password: DEMO_PASSWORD });
    ok(login);
    citizen = cookiesOf(login);

    // Employer E: four employees, five months (2026-04 … 08) declared and never paid; A declared
    // at 3,000.00 yuan while tax saw 6,000.00 for May (under-declared) and 3,200.00 for June
    // (6.25% below: within the 10% tolerance). B, C, D at the cap: over 100,000 yuan owed.
    // Employer F: one employee, two months unpaid, about 4,200 yuan.
    for (const key of ['e', 'f'] as const) {
      const r = await call('POST', '/api/registry/employers', xq, { creditCode: employer[key].creditCode, name: employer[key].name, industry: key === 'e' ? 'C' : 'H', region: TOWN });
      ok(r, 201);
      employer[key].id = r.json().id;
    }
    const names = { a: '马小燕', b: '杨志强', c: '丁海波', d: '白玉兰', g: '海文静' } as const;
    const births = { a: '1990-04-12', b: '1988-09-30', c: '1995-01-17', d: '1992-06-08', g: '1998-12-01' } as const;
    let seq = 301;
    for (const key of Object.keys(names) as (keyof typeof names)[]) {
      const r = await call('POST', '/api/registry/persons', xq, { idNumber: makeResidentId('640104', births[key], (seq += 2)), name: names[key], householdRegion: TOWN });
      ok(r, 201);
      person[key] = r.json().id;
      const employerId = key === 'g' ? employer.f.id : employer.e.id;
      ok(await call('POST', `/api/registry/persons/${person[key]}/employments`, xq, { employerId, startedOn: '2025-01-01' }), 201);
      for (const scheme of FOUR) ok(await call('POST', `/api/registry/persons/${person[key]}/enrolments`, xq, { scheme, region: TOWN, startedOn: '2025-01-01', employerId }), 201);
    }
    const declare = async (employerId: string, personId: string, period: string, declaredWageFen: number) => ok(await call('POST', '/api/funds/declarations', xq, { employerId, personId, period, declaredWageFen }), 201);
    for (const period of ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08']) {
      await declare(employer.e.id, person.a, period, 300_000);
      for (const key of ['b', 'c', 'd'] as const) await declare(employer.e.id, person[key], period, 2_500_000);
    }
    for (const period of ['2026-07', '2026-08']) await declare(employer.f.id, person.g, period, 600_000);
    ok(await call('POST', `/api/registry/persons/${person.a}/income`, xq, { period: '2026-05', payerCreditCode: employer.e.creditCode, amountFen: 600_000 }), 201);
    ok(await call('POST', `/api/registry/persons/${person.a}/income`, xq, { period: '2026-06', payerCreditCode: employer.e.creditCode, amountFen: 320_000 }), 201);

    // Person P (the demo citizen): a pension paid January to June; a death on 2026-01-10 reported
    // late turns February–June (5 × 2,400.00 = 12,000.00 yuan) into a recovery order.
    pensioner = await addPensioner(t, xq, { name: demoCitizen.name, idNumber: demoCitizen.idNumber, account: '6222020000000000011', startPeriod: '2026-01' });
    ok(await call('POST', `/api/integrity/persons/${pensioner.personId}/certification`, xq));
    for (const period of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']) {
      const run = await runUntilReady(t, xqHead, period);
      ok(await call('POST', `/api/funds/payroll/runs/${run.id}/send`, xqHead));
    }
    await t.minsheng.platform.database.transaction((tx) =>
      t.minsheng.modules.exchange.records.recordDeaths(tx, partnerChange('public_security.death@1', 'b-credit-death'), [{ personId: pensioner.personId, diedOn: '2026-01-10' }]),
    );
    const flag = ((await call('GET', `/api/integrity/flags?kind=deceased&personId=${pensioner.personId}`, xqSupervisor)).json().items as { id: number }[])[0]!;
    ok(await call('POST', `/api/integrity/flags/${flag.id}/decision`, xqSupervisor, { decision: 'stop', note: '死亡后冒领，已核实' }));
    // The order was opened 100 days ago: past the 90 days given to return the money. (The test
    // moves the order back in time rather than the clock forward.)
    await t.minsheng.platform.database.db.execute(sql`update funds.recovery_orders set created_at = now() - interval '100 days' where person_id = ${pensioner.personId}`);
  });
  after(() => t.close());

  it('starts with version 1 of the rules, readable by staff and published by nobody', async () => {
    const rules = await call('GET', '/api/integrity/credit/rules', xq);
    ok(rules);
    assert.deepEqual(
      rules.json().map((r: { version: number; current: boolean; createdBy: string }) => [r.version, r.current, r.createdBy]),
      [[1, true, 'system']],
    );
    assert.deepEqual(rules.json()[0].rules, CREDIT_RULES_V1);
  });

  it('rates the region under version 1: reasons, grades, the version, and a notice to those meeting a criterion', async () => {
    assert.equal((await call('POST', '/api/integrity/credit/ratings/run', xq)).statusCode, 403, 'a caseworker does not run ratings');
    const run = await call('POST', '/api/integrity/credit/ratings/run', xqHead);
    ok(run);
    assert.deepEqual([run.json().ruleVersion, run.json().employers, run.json().persons, run.json().entriesCreated], [1, 2, 1, 2]);
    assert.deepEqual(run.json().byGrade, { A: 1, B: 0, C: 1, D: 1 });

    const list = await ratings(xqSupervisor);
    assert.equal(list.total, 3);
    assert.deepEqual(list.byGrade, { A: 1, B: 0, C: 1, D: 1 });
    const e = list.items.find((r) => r.partyId === employer.e.id)!;
    // 100 − 5 months × 5 − 1 employee-month × 10 = 65 → C.
    assert.deepEqual([e.name, e.creditCode, e.ruleVersion, e.score, e.grade, e.dishonesty], [employer.e.name, employer.e.creditCode, 1, 65, 'C', 'notified']);
    assert.deepEqual(reasonsOf(e), [
      ['employer_arrears', -25],
      ['employer_under_declared', -10],
    ]);
    assert.deepEqual(e.reasons[0]!.detail.periods, ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08']);
    assert.deepEqual(e.reasons[1]!.detail.examples, [{ personId: person.a, period: '2026-05', declaredWageFen: 300_000, taxIncomeFen: 600_000 }], 'June (6.25% below) is within the tolerance');
    const f = list.items.find((r) => r.partyId === employer.f.id)!;
    assert.deepEqual([f.score, f.grade, f.dishonesty], [90, 'A', null]);
    // 100 − 40 (a stopped death finding, money drawn) − 20 (an order unpaid for 100 days) = 40 → D.
    const p = list.items.find((r) => r.partyId === pensioner.personId)!;
    assert.deepEqual([p.partyKind, p.score, p.grade, p.ruleVersion], ['person', 40, 'D', 1]);
    assert.deepEqual(reasonsOf(p), [
      ['person_drawn_finding', -40],
      ['person_unrepaid_recovery', -20],
    ]);
    assert.equal(p.name, `${Array.from(pensioner.name)[0]}${'*'.repeat(Array.from(pensioner.name).length - 1)}`, 'persons are masked in the list');
    assert.deepEqual(list.items.map((r) => r.score), [40, 65, 90], 'lowest score first');

    const d = await ratings(xqSupervisor, '&grade=D');
    assert.deepEqual([d.total, d.items.map((r) => r.partyId)], [1, [pensioner.personId]]);
    assert.equal((await ratings(xqSupervisor, '&partyKind=employer')).total, 2);
    assert.deepEqual((await ratings(xqSupervisor, `&q=${encodeURIComponent('塞上建材')}`)).items.map((r) => r.partyId), [employer.e.id]);
    assert.deepEqual((await ratings(xqSupervisor, `&q=${employer.f.creditCode}`)).items.map((r) => r.partyId), [employer.f.id]);

    const list2 = await entries(xqSupervisor);
    assert.equal(list2.total, 2);
    const pe = list2.items.find((x) => x.partyKind === 'person')!;
    const ee = list2.items.find((x) => x.partyKind === 'employer')!;
    entryOf.p = pe.id;
    entryOf.e = ee.id;
    assert.deepEqual([pe.ruleCode, pe.ruleVersion, pe.status, pe.evidence.months, pe.evidence.drawnFen, pe.evidence.byAmount, pe.evidence.byMonths], ['person_overdrawn_unrepaid', 1, 'notified', 5, 5 * pensioner.monthlyFen, true, false]);
    assert.deepEqual([ee.ruleCode, ee.evidence.months, ee.evidence.byAmount, ee.evidence.byMonths], ['employer_arrears_unpaid', 5, true, false]);
    assert.ok(Number(ee.evidence.outstandingFen) > 10_000_000);
  });

  it('tells the citizen in the portal, and shows them their own rating and notice', async () => {
    const notes = (await call('GET', '/api/my/notifications', citizen)).json() as { items: { title: string; body: string }[] };
    const notice = notes.items.find((n) => n.title === '社会保险信用告知');
    assert.ok(notice, 'notified in the portal');
    assert.match(notice.body, /12,000\.00 元/);
    const mine = await call('GET', '/api/my/credit', citizen);
    ok(mine);
    assert.deepEqual([mine.json().registered, mine.json().rating.score, mine.json().rating.grade, mine.json().rating.ruleVersion], [true, 40, 'D', 1]);
    assert.deepEqual(
      mine.json().entries.map((x: Entry) => [x.id, x.status]),
      [[entryOf.p, 'notified']],
    );
  });

  it('lets the citizen object to their own notice once, and to nobody else’s', async () => {
    assert.equal((await call('POST', `/api/my/credit/objections/${entryOf.e}`, citizen, { text: '不是我的' })).statusCode, 404, 'another party’s entry is not found');
    const r = await call('POST', `/api/my/credit/objections/${entryOf.p}`, citizen, { text: '本人健在，死亡信息有误，请核实。' });
    ok(r);
    assert.deepEqual([r.json().status, r.json().objection], ['objected', '本人健在，死亡信息有误，请核实。']);
    const again = await call('POST', `/api/my/credit/objections/${entryOf.p}`, citizen, { text: '再次异议' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'credit_entry_decided');
  });

  it('lets staff record an employer’s written objection, then list it; repair is refused before the period', async () => {
    assert.equal((await call('POST', `/api/integrity/credit/dishonesty/${entryOf.e}/objection`, xq, { text: '单位书面异议' })).statusCode, 403);
    const objected = await call('POST', `/api/integrity/credit/dishonesty/${entryOf.e}/objection`, xqHead, { text: '单位来函称资金困难，正在筹款' });
    ok(objected);
    assert.equal(objected.json().status, 'objected');
    const listed = await call('POST', `/api/integrity/credit/dishonesty/${entryOf.e}/decision`, xqHead, { decision: 'list', note: '异议理由不成立，欠费属实' });
    ok(listed);
    assert.deepEqual([listed.json().status, listed.json().repairableOn], ['listed', plusDays(365)]);
    assert.ok(listed.json().listedAt);
    const early = await call('POST', `/api/integrity/credit/dishonesty/${entryOf.e}/repair`, xqHead, { note: '申请修复' });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'credit_repair_too_early');
    ok(await call('POST', `/api/integrity/credit/dishonesty/${entryOf.p}/decision`, xqHead, { decision: 'list', note: '死亡信息经公安核实无误，异议不成立' }));
    assert.deepEqual(
      (await entries(xqSupervisor, '&status=listed')).items.map((x) => x.id).sort(),
      [entryOf.e, entryOf.p].sort(),
    );
  });

  it('publishes listed employers by name and credit code, and never persons', async () => {
    const pub = await call('GET', '/api/public/credit/dishonest-employers', {});
    ok(pub);
    assert.deepEqual(pub.json().items.map((x: { name: string; creditCode: string; listedOn: string }) => [x.name, x.creditCode, x.listedOn]), [[employer.e.name, employer.e.creditCode, today]]);
    assert.equal(pub.json().total, 1);
    assert.ok(!pub.body.includes(pensioner.name.slice(1)) && !pub.body.includes(pensioner.personId), 'nothing about the person');
  });

  it('keeps everything within the region: another county sees nothing and may do nothing', async () => {
    assert.equal((await ratings(xxSupervisor)).total, 0);
    assert.equal((await entries(xxSupervisor)).total, 0);
    assert.equal((await call('GET', `/api/integrity/credit/parties/employer/${employer.e.id}`, xxSupervisor)).statusCode, 404);
    assert.equal((await call('GET', `/api/integrity/credit/parties/person/${pensioner.personId}`, xxSupervisor)).statusCode, 404);
    assert.equal((await call('POST', `/api/integrity/credit/dishonesty/${entryOf.e}/repair`, xxHead, { note: '越权' })).statusCode, 404);
    assert.equal((await call('POST', `/api/integrity/credit/dishonesty/${entryOf.p}/decision`, xxHead, { decision: 'dismiss', note: '越权' })).statusCode, 404);
    const elsewhere = await call('POST', '/api/integrity/credit/ratings/run', xxHead);
    ok(elsewhere);
    assert.deepEqual([elsewhere.json().employers, elsewhere.json().persons, elsewhere.json().entriesCreated], [0, 0, 0]);
  });

  it('publishes version 2 (whole, validated, from the city); new ratings name 2, the old still name 1', async () => {
    const v2: CreditRules = {
      ...CREDIT_RULES_V1,
      employer: { ...CREDIT_RULES_V1.employer, arrears: { ...CREDIT_RULES_V1.employer.arrears, pointsPerMonth: 6 } },
      dishonesty: { ...CREDIT_RULES_V1.dishonesty, employerArrears: { ...CREDIT_RULES_V1.dishonesty.employerArrears, moreThanFen: 100_000 }, repairAfterDays: 0 },
    };
    const county = await call('POST', '/api/integrity/credit/rules', xqHead, { rules: v2, note: '第 2 版' });
    assert.equal(county.statusCode, 403);
    assert.equal(county.json().code, 'credit_rules_level', 'versions are one series: a county does not publish');
    const bad = await call('POST', '/api/integrity/credit/rules', ycHead, { rules: { ...v2, grades: { A: 75, B: 90, C: 60 } }, note: '等级颠倒' });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().code, 'credit_rules_invalid');
    assert.equal((await call('POST', '/api/integrity/credit/rules', ycHead, { rules: { startScore: 100 }, note: '不完整' })).statusCode, 400, 'the whole rule set, not a patch');
    const published = await call('POST', '/api/integrity/credit/rules', ycHead, { rules: v2, note: '第 2 版：欠费每月扣 6 分；单位欠费超过 1,000 元即列入；列入即可修复（测试用）' });
    ok(published, 201);
    assert.deepEqual([published.json().version, published.json().current], [2, true]);
    assert.deepEqual(
      (await call('GET', '/api/integrity/credit/rules', xq)).json().map((r: { version: number; current: boolean }) => [r.version, r.current]),
      [
        [2, true],
        [1, false],
      ],
    );

    const run = await call('POST', '/api/integrity/credit/ratings/run', xqHead);
    ok(run);
    // E and P are already listed (one live entry per party and rule): only F is new.
    assert.deepEqual([run.json().ruleVersion, run.json().entriesCreated], [2, 1]);
    const e = (await ratings(xqSupervisor)).items.find((r) => r.partyId === employer.e.id)!;
    assert.deepEqual([e.ruleVersion, e.score, e.grade, e.dishonesty], [2, 60, 'C', 'listed']);
    const history = await call('GET', `/api/integrity/credit/parties/employer/${employer.e.id}`, xqSupervisor);
    ok(history);
    assert.deepEqual(
      history.json().ratings.map((r: { ruleVersion: number; score: number; grade: string }) => [r.ruleVersion, r.score, r.grade]),
      [
        [2, 60, 'C'],
        [1, 65, 'C'],
      ],
    );
    assert.deepEqual(reasonsOf(history.json().ratings[1]), [
      ['employer_arrears', -25],
      ['employer_under_declared', -10],
    ]);
    assert.deepEqual(
      history.json().entries.map((x: Entry) => [x.ruleVersion, x.status, x.objection]),
      [[1, 'listed', '单位来函称资金困难，正在筹款']],
    );
    const person = await call('GET', `/api/integrity/credit/parties/person/${pensioner.personId}`, xqSupervisor);
    ok(person);
    assert.equal(person.json().name, pensioner.name, 'the drawer names the person; the read is audited');
    assert.deepEqual(
      person.json().ratings.map((r: { ruleVersion: number; score: number }) => [r.ruleVersion, r.score]),
      [
        [2, 40],
        [1, 40],
      ],
    );
  });

  it('repairs a listed employer once the period has passed and only after the debt is paid, audited', async () => {
    const f = (await entries(xqSupervisor, '&status=notified')).items.find((x) => x.partyId === employer.f.id)!;
    entryOf.f = f.id;
    assert.deepEqual([f.ruleVersion, f.ruleCode], [2, 'employer_arrears_unpaid']);
    const listed = await call('POST', `/api/integrity/credit/dishonesty/${entryOf.f}/decision`, xqHead, { decision: 'list', note: '欠费属实' });
    ok(listed);
    assert.equal(listed.json().repairableOn, today, 'version 2 repairs after 0 days');
    const unpaid = await call('POST', `/api/integrity/credit/dishonesty/${entryOf.f}/repair`, xqHead, { note: '申请修复' });
    assert.equal(unpaid.statusCode, 409);
    assert.equal(unpaid.json().code, 'credit_debt_unpaid', 'the facts are checked again: the money is still owed');
    ok(await call('POST', `/api/funds/employers/${employer.f.id}/payments`, xq, { amountFen: 1_000_000, receivedOn: today, reference: 'NX-CREDIT-F-1' }), 201);
    const repaired = await call('POST', `/api/integrity/credit/dishonesty/${entryOf.f}/repair`, xqHead, { note: '欠费及滞纳金已缴清' });
    ok(repaired);
    assert.equal(repaired.json().status, 'repaired');
    assert.ok(repaired.json().repairedAt);
    const again = await call('POST', `/api/integrity/credit/dishonesty/${entryOf.f}/repair`, xqHead, { note: '再次修复' });
    assert.equal(again.statusCode, 409);
    const audit = (await t.minsheng.platform.database.db.execute(sql`select action, details from audit.entries where target_id = ${entryOf.f} and outcome = 'ok' order by id`)) as unknown as {
      rows: { action: string; details: { note?: string } }[];
    };
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['credit.dishonesty_notified', 'credit.entry_listed', 'credit.entry_repaired'],
    );
    assert.equal(audit.rows[2]!.details.note, '欠费及滞纳金已缴清');
    const pub = (await call('GET', '/api/public/credit/dishonest-employers', {})).json();
    assert.deepEqual(
      pub.items.map((x: { creditCode: string }) => x.creditCode),
      [employer.e.creditCode],
      'a repaired employer is no longer published',
    );
  });
});
