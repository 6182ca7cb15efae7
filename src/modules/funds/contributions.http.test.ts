import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, cookiesOf, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { creditCodeCheckCharacter } from '@core/identity/credit-code.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import { DEMO_PASSWORD } from '../../demo/seed.ts';
import { seedDemoFundsPolicy } from '../../demo/funds-policy.seed.ts';
import { lateDays, lateFee, yearlyInterest } from './calculators.ts';

const TOWN = '640104001'; // 兴庆区 凤凰北街街道
const FOUR = ['employee_pension', 'employee_medical', 'unemployment', 'work_injury'] as const;
const withCheck = (first17: string) => first17 + creditCodeCheckCharacter(first17);

describe('contributions (征缴) and individual accounts', () => {
  let t: TestApp;
  let xq: Cookies; // 兴庆区 caseworker: declares and books payments
  let xqHead: Cookies; // 兴庆区 department head: fund:configure, but a county
  let xqSupervisor: Cookies;
  let xx: Cookies; // 西夏区 caseworker: another county
  let ycHead: Cookies; // 银川市 department head: fund:configure and ledger:post for the city
  let citizen: Cookies;
  let employerId = '';
  const person = { a: '', b: '', c: '', d: '' };

  const call = (method: string, url: string, who: Cookies, payload?: unknown) => t.request(method, url, who, payload);
  /** A POST with an Idempotency-Key header (the harness's request sends none). */
  const postWithKey = (url: string, who: Cookies, payload: unknown, key: string) =>
    t.minsheng.app.inject({
      method: 'POST',
      url,
      cookies: Object.fromEntries(Object.entries(who).filter(([, v]) => v !== undefined)) as Record<string, string>,
      headers: { 'x-csrf-token': who.ms_csrf ?? '', 'idempotency-key': key },
      payload: payload as object,
    });
  const declare = (who: Cookies, body: Record<string, unknown>) => call('POST', '/api/funds/declarations', who, body);
  const ok = (r: { statusCode: number; body: string }, status = 200) => assert.equal(r.statusCode, status, r.body);

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    xq = await t.loginStaff('xq.caseworker');
    xqHead = await t.loginStaff('xq.head');
    xqSupervisor = await t.loginStaff('xq.supervisor');
    xx = await t.loginStaff('xx.caseworker');
    ycHead = await t.loginStaff('yc.head');
    await seedDemoFundsPolicy(t.minsheng);
    // The demo citizen (in 凤凰北街街道) is person A, so they can see their own record.
    const demoCitizen = t.demo.citizens[0]!;
    const login = await call('POST', '/api/auth/citizen/login', {}, { idNumber: demoCitizen.idNumber, password: DEMO_PASSWORD });
    ok(login);
    citizen = cookiesOf(login);

    const employer = await call('POST', '/api/registry/employers', xq, { creditCode: withCheck('91640104MA7FUND01'), name: '银川市兴庆区塞上枸杞科技有限公司', industry: 'C', region: TOWN });
    ok(employer, 201);
    employerId = employer.json().id;
    const register = async (idNumber: string, name: string) => {
      const r = await call('POST', '/api/registry/persons', xq, { idNumber, name, householdRegion: TOWN });
      ok(r, 201);
      return r.json().id as string;
    };
    person.a = await register(demoCitizen.idNumber, demoCitizen.name);
    person.b = await register(makeResidentId('640104', '1990-04-12', 31), '马小燕');
    person.c = await register(makeResidentId('640104', '1988-09-30', 45), '杨志强');
    person.d = await register(makeResidentId('640104', '1995-01-17', 57), '丁海波');
    for (const id of [person.a, person.b, person.d]) ok(await call('POST', `/api/registry/persons/${id}/employments`, xq, { employerId, startedOn: '2023-01-01' }), 201);
    for (const scheme of FOUR) ok(await call('POST', `/api/registry/persons/${person.a}/enrolments`, xq, { scheme, region: TOWN, startedOn: '2023-01-01', employerId }), 201);
    ok(await call('POST', `/api/registry/persons/${person.b}/enrolments`, xq, { scheme: 'employee_pension', region: TOWN, startedOn: '2023-01-01', employerId }), 201);
    // C works elsewhere (not here); D works here but was never enrolled (未参保).
  });
  after(() => t.close());

  describe('policy as data', () => {
    it('walks up from the county to the nearest region with an average wage, and lets only the right office change it', async () => {
      const province = (await call('GET', `/api/funds/policy/effective?region=${TOWN}&period=2026-03`, xq)).json();
      assert.equal(province.averageWage.regionCode, '64', 'the demo’s provincial figure applies at first');
      assert.equal(province.averageWage.averageMonthlyWageFen, 776_000);
      assert.deepEqual(province.rates.find((r: { scheme: string; payer: string }) => r.scheme === 'employee_pension' && r.payer === 'employer').rateBp, 1600);

      assert.equal((await call('PUT', '/api/funds/policy/average-wages/6401/2026', xq, { averageMonthlyWageFen: 800_000 })).statusCode, 403, 'a caseworker does not configure');
      assert.equal((await call('PUT', '/api/funds/policy/average-wages/6401/2026', xqHead, { averageMonthlyWageFen: 800_000 })).statusCode, 404, 'a county head cannot set the city’s figure');
      assert.equal((await call('PUT', `/api/funds/policy/average-wages/${TOWN}/2026`, ycHead, { averageMonthlyWageFen: 800_000 })).json().code, 'region_not_allowed');
      assert.equal((await call('PUT', '/api/funds/policy/average-wages/6401/2026', ycHead, { averageMonthlyWageFen: 800_000, floorBp: 9000, capBp: 8000 })).json().code, 'wage_bounds_invalid');
      const set = await call('PUT', '/api/funds/policy/average-wages/640100/2026', ycHead, { averageMonthlyWageFen: 800_000 });
      ok(set);
      assert.deepEqual([set.json().regionCode, set.json().floorFen, set.json().capFen], ['6401', 480_000, 2_400_000]);
      const city = (await call('GET', `/api/funds/policy/effective?region=${TOWN}&period=2026-03`, xq)).json();
      assert.equal(city.averageWage.regionCode, '6401', 'the city’s own figure is nearer than the province’s');
      const listed = (await call('GET', '/api/funds/policy/average-wages', xq)).json() as { regionCode: string }[];
      assert.deepEqual([...new Set(listed.map((w) => w.regionCode))].sort(), ['64', '6401'], 'a county reads the figures above it');
    });

    it('refuses a rate whose period overlaps another of the same region, scheme and payer', async () => {
      const overlap = await call('POST', '/api/funds/policy/rates', ycHead, { region: '6401', scheme: 'employee_pension', payer: 'employer', rateBp: 1600, validFrom: '2026-01', validTo: null });
      ok(overlap, 201);
      const again = await call('POST', '/api/funds/policy/rates', ycHead, { region: '6401', scheme: 'employee_pension', payer: 'employer', rateBp: 1500, validFrom: '2026-06', validTo: '2026-12' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'rate_overlaps');
      assert.equal((await call('POST', '/api/funds/policy/rates', ycHead, { region: '6401', scheme: 'employee_pension', payer: 'employer', rateBp: 1600, validFrom: '2026-06', validTo: '2026-01' })).json().code, 'period_range_invalid');
      // Ending the first rate makes room for the second; the city's rate (the same 16%) stays in force for 2026-03.
      ok(await call('PUT', `/api/funds/policy/rates/${overlap.json().id}`, ycHead, { rateBp: 1600, validFrom: '2026-01', validTo: '2026-05' }));
      ok(await call('POST', '/api/funds/policy/rates', ycHead, { region: '6401', scheme: 'employee_pension', payer: 'employer', rateBp: 1600, validFrom: '2026-06', validTo: null }), 201);
      assert.equal((await call('POST', '/api/funds/policy/rates', xqHead, { region: '6401', scheme: 'maternity', payer: 'employer', rateBp: 0, validFrom: '2030-01' })).statusCode, 404, 'a county cannot set the city’s rates');
      const divisors = (await call('GET', '/api/funds/policy/months-divisors', xq)).json() as { retirementAge: number; months: number }[];
      assert.equal(divisors.find((d) => d.retirementAge === 60)?.months, 139, 'the official table is there from the start');
      assert.equal((await call('PUT', '/api/funds/policy/interest-rates/2025', xqHead, { rateBp: 250 })).statusCode, 403, 'a county office does not set the national crediting rate');
    });
  });

  describe('declarations (申报)', () => {
    it('computes a worked example at the floor, to the fen', async () => {
      // 银川市 2026 average wage 8,000.00 yuan → floor 60% = 4,800.00, cap 300% = 24,000.00.
      // A declares 3,000.00 yuan: below the floor, so the base is 4,800.00 (clamped, not refused).
      //   养老 employee 8% = 384.00, employer 16% = 768.00
      //   医疗 employee 2% =  96.00, employer  8% = 384.00
      //   失业 employee 0.5% = 24.00, employer 0.5% = 24.00
      //   工伤 employee 0 = 0.00,    employer 0.4% = 19.20
      //   employee 504.00, employer 1,195.20, total 1,699.20
      const r = await declare(xq, { employerId, personId: person.a, period: '2026-03', declaredWageFen: 300_000 });
      ok(r, 201);
      const d = r.json();
      assert.deepEqual([d.baseFen, d.clamped, d.basis.floorFen, d.basis.averageWageRegion], [480_000, 'floor', 480_000, '6401']);
      assert.deepEqual(
        d.lines.map((l: { scheme: string; payer: string; amountFen: number }) => `${l.scheme}/${l.payer}=${l.amountFen}`),
        [
          'employee_pension/employee=38400',
          'employee_pension/employer=76800',
          'employee_medical/employee=9600',
          'employee_medical/employer=38400',
          'unemployment/employee=2400',
          'unemployment/employer=2400',
          'work_injury/employee=0',
          'work_injury/employer=1920',
        ],
      );
      assert.deepEqual([d.employeeFen, d.employerFen, d.totalFen, d.dueOn, d.status], [50_400, 119_520, 169_920, '2026-04-15', 'due']);
    });

    it('rounds each line half up (四舍五入) once', async () => {
      // B (pension only) declares 5,234.57 yuan, inside the bounds:
      //   8% = 418.7656 → 418.77; 16% = 837.5312 → 837.53; total 1,256.30
      const r = await declare(xq, { employerId, personId: person.b, period: '2026-03', declaredWageFen: 523_457 });
      ok(r, 201);
      assert.deepEqual([r.json().baseFen, r.json().clamped, r.json().employeeFen, r.json().employerFen, r.json().totalFen], [523_457, null, 41_877, 83_753, 125_630]);
    });
  });

  describe('payments (到账)', () => {
    it('pays principal first, oldest due first, and leaves the late fee owed (本金优先)', async () => {
      // Received 2026-05-20, 35 days after the due date 2026-04-15: 1,699.20 + 10.00 yuan.
      // A's 2026-03 is paid in full; the 10.00 left goes to B's principal, not to A's late fee.
      const r = await call('POST', `/api/funds/employers/${employerId}/payments`, xq, { amountFen: 169_920 + 1000, receivedOn: '2026-05-20', reference: 'NX-BANK-0001' });
      ok(r, 201);
      const p = r.json();
      assert.equal(lateDays('2026-04-15', '2026-05-20'), 35);
      assert.deepEqual(
        p.allocations.map((a: { personId: string; principalFen: number; lateFeeFen: number; lateDays: number; status: string }) => [a.personId, a.principalFen, a.lateFeeFen, a.lateDays, a.status]),
        [
          [person.a, 169_920, 0, 35, 'paid'],
          [person.b, 1000, 0, 35, 'due'],
        ],
      );
      assert.equal(p.unallocatedFen, 0);
      const a = (await call('GET', `/api/funds/declarations/${p.allocations[0].declarationId}`, xq)).json();
      // 滞纳金 on the part paid late: 1,699.20 × 35 days × 0.05% = 29.736 → 29.74 yuan, assessed now, still owed.
      assert.equal(a.lateFeeFen, lateFee(169_920, 35));
      assert.equal(a.lateFeeFen, 2974);
      assert.equal(a.paidOn, '2026-05-20');
    });

    it('then pays the rest of the principal and every late fee, keeping what is left as credit', async () => {
      // B's remaining 1,246.30 yuan is paid 56 days late: its fee is lateFee(124630, 56) = 34.8964 → 34.90;
      // owed in fees: 29.74 (A) + 0.18 (B's first 10.00, 35 days: 0.175 → 0.18) + 34.90 = 64.82 yuan.
      const bFirst = lateFee(1000, 35);
      const bRest = lateFee(124_630, lateDays('2026-04-15', '2026-06-10'));
      assert.deepEqual([bFirst, bRest], [18, 3490]);
      const fees = 2974 + bFirst + bRest;
      const r = await call('POST', `/api/funds/employers/${employerId}/payments`, xq, { amountFen: 124_630 + fees + 5000, receivedOn: '2026-06-10', reference: 'NX-BANK-0002' });
      ok(r, 201);
      assert.deepEqual(
        r.json().allocations.map((a: { personId: string; principalFen: number; lateFeeFen: number; lateDays: number }) => [a.personId, a.principalFen, a.lateFeeFen, a.lateDays]),
        [
          [person.b, 124_630, bFirst + bRest, 56],
          [person.a, 0, 2974, 0],
        ],
      );
      assert.equal(r.json().unallocatedFen, 5000, 'the 50.00 yuan left over is the employer’s credit');
    });

    it('books a bank reference once, and answers a retry with the same Idempotency-Key with the first answer', async () => {
      const dup = await call('POST', `/api/funds/employers/${employerId}/payments`, xq, { amountFen: 1, receivedOn: '2026-06-10', reference: 'NX-BANK-0002' });
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().code, 'payment_exists');
      const body = { amountFen: 1, receivedOn: '2026-05-25', reference: 'NX-BANK-0003' };
      const first = await postWithKey(`/api/funds/employers/${employerId}/payments`, xq, body, 'pay-0003');
      ok(first, 201);
      const retry = await postWithKey(`/api/funds/employers/${employerId}/payments`, xq, body, 'pay-0003');
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.deepEqual(retry.json(), first.json());
      assert.equal((await call('POST', `/api/funds/employers/${employerId}/payments`, xq, { amountFen: 0, receivedOn: '2026-05-25', reference: 'X' })).statusCode, 400);
      assert.equal((await call('POST', `/api/funds/employers/${employerId}/payments`, xq, { amountFen: 10.5, receivedOn: '2026-05-25', reference: 'X' })).statusCode, 400);
      assert.equal((await call('POST', `/api/funds/employers/${employerId}/payments`, xq, { amountFen: 100, receivedOn: '2099-01-01', reference: 'X' })).json().code, 'date_in_future');
      assert.equal((await call('POST', `/api/funds/employers/${employerId}/payments`, xx, { amountFen: 100, receivedOn: '2026-05-25', reference: 'X' })).statusCode, 404, 'another county');
    });

    it('credits the employee’s 8% to their individual account once, and posts one line per person to each fund', async () => {
      const a = (await call('GET', `/api/funds/accounts/${person.a}`, xq)).json();
      assert.deepEqual([a.balanceFen, a.contributionMonths], [38_400, 1]);
      assert.deepEqual(
        a.entries.items.map((e: { kind: string; period: string; amountFen: number }) => [e.kind, e.period, e.amountFen]),
        [['contribution', '2026-03', 38_400]],
      );
      const b = (await call('GET', `/api/funds/accounts/${person.b}`, xq)).json();
      assert.deepEqual([b.balanceFen, b.contributionMonths], [41_877, 1]);
      assert.equal((await call('GET', `/api/funds/accounts/${person.a}`, xx)).statusCode, 404, 'another county');
      const { ledger } = t.minsheng.modules.funds;
      const [lines] = await t.minsheng.platform.database.rows<{ n: number }>(`select count(*)::int as n from funds.ledger_entries where account = 'contribution_income' and subject = any($1)`, [
        ['2026-05', '2026-06'].map((month) => ledger.subjectOf(person.a, month)),
      ]);
      assert.equal(lines!.n, 4, 'A’s money is in four funds, each line carrying A’s keyed hash of the month');
      const dossier = (await call('GET', `/api/registry/persons/${person.a}/dossier?pageSize=100`, xq)).json();
      const kinds = dossier.items.map((e: { kind: string }) => e.kind);
      assert.ok(kinds.includes('contribution.declared') && kinds.includes('contribution.paid'), kinds.join());
    });

    it('computes a pension from the account and the paid months, with the average wage the policy sets', async () => {
      // Index: the one paid month, base 4,800.00 ÷ average wage 8,000.00 = 0.6000. Basic part:
      // (8,000.00 + 8,000.00 × 0.6000) ÷ 2 × 30 years × 1% = 1,920.00; account part:
      // 384.00 ÷ 139 = 2.7626 → 2.76; together 1,922.76.
      const r = await call('POST', '/api/funds/pensions', xq, { personId: person.a, retirementAge: 60, startPeriod: '2026-12', contributionMonths: 360 });
      assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual([r.json().basis.indexBp4, r.json().basis.averageWageFen], [6_000, 800_000]);
      assert.deepEqual([r.json().basicFen, r.json().accountFen, r.json().monthlyFen], [192_000, 276, 192_276]);
    });
  });

  describe('what a declaration refuses', () => {
    it('answers every bad input with its own code', async () => {
      const base = { employerId, personId: person.a, period: '2026-04', declaredWageFen: 500_000 };
      const cases: [Record<string, unknown>, number, string][] = [
        [{ ...base, declaredWageFen: -1 }, 400, 'validation_failed'],
        [{ ...base, declaredWageFen: 4999.5 }, 400, 'validation_failed'],
        [{ ...base, period: '2026-13' }, 400, 'validation_failed'],
        [{ ...base, period: '2099-01' }, 422, 'invalid_period'],
        [{ ...base, employerId: randomUUID() }, 404, 'not_found'],
        [{ ...base, personId: randomUUID() }, 404, 'person_not_found'],
        [{ ...base, personId: person.c }, 422, 'not_employed'],
        [{ ...base, personId: person.d }, 422, 'not_enrolled'],
        [{ ...base, period: '2026-03' }, 409, 'declaration_exists'],
      ];
      for (const [body, status, code] of cases) {
        const r = await declare(xq, body);
        assert.equal(r.statusCode, status, `${JSON.stringify(body)} → ${r.body}`);
        assert.equal(r.json().code, code, JSON.stringify(body));
        assert.match(String(r.headers['content-type']), /application\/problem\+json/);
      }
      assert.equal((await declare(xqSupervisor, base)).statusCode, 403, 'a supervisor reads but does not declare');
      assert.equal((await declare(xx, base)).statusCode, 404, 'another county does not see the employer');
    });

    it('refuses a closed employer', async () => {
      const closed = await call('POST', '/api/registry/employers', xq, { creditCode: withCheck('91640104MA7FUND02'), name: '银川市兴庆区已注销商贸有限公司', industry: 'F', region: TOWN });
      ok(closed, 201);
      ok(await call('PATCH', `/api/registry/employers/${closed.json().id}`, xq, { status: 'closed', reason: '注销登记' }));
      const r = await declare(xq, { employerId: closed.json().id, personId: person.a, period: '2026-04', declaredWageFen: 500_000 });
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'employer_closed');
    });

    it('never computes a declaration with a missing rate or average wage', async () => {
      const body = { employerId, personId: person.a, period: '2024-12', declaredWageFen: 600_000 };
      assert.equal((await declare(xq, body)).json().code, 'average_wage_missing', 'the demo has no 2024 figure');
      ok(await call('PUT', '/api/funds/policy/average-wages/6401/2024', ycHead, { averageMonthlyWageFen: 750_000 }));
      const missing = await declare(xq, body);
      assert.equal(missing.statusCode, 422);
      assert.equal(missing.json().code, 'rate_missing', 'the demo’s rates start in 2025-01');
      const add = (scheme: string, payer: string, rateBp: number) =>
        call('POST', '/api/funds/policy/rates', ycHead, { region: '6401', scheme, payer, rateBp, validFrom: '2024-01', validTo: '2024-12' });
      ok(await add('employee_pension', 'employer', 1600), 201);
      ok(await add('employee_pension', 'employee', 800), 201);
      const partly = await declare(xq, body);
      assert.equal(partly.json().code, 'rate_missing', 'rates for some of the schemes are not enough');
      assert.match(partly.json().detail, /employee_medical\/employer/);
      for (const [scheme, er, ee] of [['employee_medical', 800, 200], ['unemployment', 50, 50], ['work_injury', 40, 0]] as const) {
        ok(await add(scheme, 'employer', er), 201);
        ok(await add(scheme, 'employee', ee), 201);
      }
      const r = await declare(xq, body);
      ok(r, 201);
      // base 6,000.00: employee 480.00 + 120.00 + 30.00 + 0 = 630.00; employer 960.00 + 480.00 + 30.00 + 24.00 = 1,494.00
      assert.deepEqual([r.json().baseFen, r.json().employeeFen, r.json().employerFen, r.json().totalFen, r.json().dueOn], [600_000, 63_000, 149_400, 212_400, '2025-01-15']);
    });

    it('lets exactly one of two concurrent declarations of the same month through', async () => {
      const body = { employerId, personId: person.b, period: '2026-04', declaredWageFen: 523_457 };
      const answers = await Promise.all([declare(xq, body), declare(xq, body)]);
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [201, 409], answers.map((r) => r.body).join('\n'));
      assert.equal(answers.find((r) => r.statusCode === 409)!.json().code, 'declaration_exists');
    });
  });

  describe('batch declarations', () => {
    it('refuses the whole batch when a row is wrong, saying which, and declares all rows once it is right', async () => {
      const url = '/api/funds/declarations/batch';
      const bad = await call('POST', url, xq, {
        employerId,
        period: '2026-05',
        rows: [
          { personId: person.a, declaredWageFen: 5_000_000 },
          { personId: person.b, declaredWageFen: 400_000 },
          { personId: person.c, declaredWageFen: 400_000 },
          { personId: person.b, declaredWageFen: 1 },
        ],
      });
      assert.equal(bad.statusCode, 422, bad.body);
      assert.equal(bad.json().code, 'batch_rejected');
      assert.deepEqual(
        bad.json().batch.rows.map((r: { status: string; code?: string }) => r.code ?? r.status),
        ['valid', 'valid', 'not_employed', 'duplicate_in_batch'],
      );
      assert.equal((await call('GET', `/api/funds/employers/${employerId}/declarations?period=2026-05`, xq)).json().total, 0, 'nothing was declared');
      assert.equal((await call('POST', url, xq, { employerId, period: '2026-05', rows: [{ personId: person.a, declaredWageFen: 0.5 }] })).statusCode, 400);

      const good = await call('POST', url, xq, {
        employerId,
        period: '2026-05',
        rows: [
          { personId: person.a, declaredWageFen: 5_000_000 },
          { personId: person.b, declaredWageFen: 400_000 },
        ],
      });
      ok(good, 201);
      // A above the cap → base 24,000.00: employee 1,920.00 + 480.00 + 120.00 = 2,520.00; employer 3,840.00 + 1,920.00 + 120.00 + 96.00 = 5,976.00.
      // B below the floor → base 4,800.00: 384.00 + 768.00 = 1,152.00.
      const rows = good.json().rows as { status: string; baseFen: number; clamped: string; totalFen: number }[];
      assert.deepEqual(
        rows.map((r) => [r.status, r.baseFen, r.clamped, r.totalFen]),
        [
          ['declared', 2_400_000, 'cap', 849_600],
          ['declared', 480_000, 'floor', 115_200],
        ],
      );
      assert.deepEqual([good.json().declared, good.json().totalFen], [2, 964_800]);
      assert.equal((await call('POST', url, xq, { employerId, period: '2026-05', rows: [{ personId: person.a, declaredWageFen: 1 }] })).json().batch.rows[0].code, 'declaration_exists');
    });
  });

  describe('statements and arrears', () => {
    it('shows the employer’s months with late fees accrued to today on what is unpaid, and another county nothing', async () => {
      const today = chinaDate(new Date());
      const r = await call('GET', `/api/funds/employers/${employerId}/statement?from=2026-03&to=2026-05`, xq);
      ok(r);
      const s = r.json();
      const byPeriod = Object.fromEntries(s.periods.map((p: { period: string }) => [p.period, p]));
      assert.deepEqual(
        [byPeriod['2026-03'].declaredCount, byPeriod['2026-03'].dueFen, byPeriod['2026-03'].outstandingFen, byPeriod['2026-03'].lateFeeAssessedFen, byPeriod['2026-03'].lateFeePaidFen, byPeriod['2026-03'].lateFeeAccruedFen],
        [2, 295_550, 0, 2974 + 18 + 3490, 2974 + 18 + 3490, 0],
      );
      assert.equal(byPeriod['2026-04'].outstandingFen, 125_630);
      assert.equal(byPeriod['2026-04'].lateFeeAccruedFen, lateFee(125_630, lateDays('2026-05-15', today)));
      const d = lateDays('2026-06-15', today);
      assert.equal(byPeriod['2026-05'].lateFeeAccruedFen, lateFee(849_600, d) + lateFee(115_200, d), 'per declaration, as it would be assessed if paid today');
      assert.deepEqual(
        s.payments.map((p: { reference: string }) => p.reference),
        ['NX-BANK-0001', 'NX-BANK-0003'],
        'payments received within the months asked for',
      );
      assert.equal(s.creditFen, 5001);
      assert.equal((await call('GET', `/api/funds/employers/${employerId}/statement`, xx)).statusCode, 404, 'another county’s caseworker');
    });

    it('pays the oldest declaration first, on time without a late fee', async () => {
      const r = await call('POST', `/api/funds/employers/${employerId}/payments`, xq, { amountFen: 212_400, receivedOn: '2025-01-10', reference: 'NX-BANK-2024-12' });
      ok(r, 201);
      assert.deepEqual(
        r.json().allocations.map((a: { period: string; principalFen: number; lateFeeFen: number; lateDays: number; status: string }) => [a.period, a.principalFen, a.lateFeeFen, a.lateDays, a.status]),
        [['2024-12', 212_400, 0, 0, 'paid']],
      );
    });

    it('lists employers in arrears in my region, the largest debt first', async () => {
      const r = await call('GET', '/api/funds/arrears', xq);
      ok(r);
      const [first] = r.json().items;
      assert.equal(first.employerId, employerId);
      assert.deepEqual([first.outstandingFen, first.declarations, first.oldestDueOn], [125_630 + 964_800, 3, '2026-05-15']);
      assert.equal((await call('GET', '/api/funds/arrears', xx)).json().total, 0);
      assert.equal((await call('GET', '/api/funds/arrears?region=640105', xq)).statusCode, 404, 'a region outside mine');
    });
  });

  describe('individual accounts', () => {
    it('credits a year’s interest once, however often it runs', async () => {
      // A's 2024: opening 0, contributions 480.00 → 480.00 × 2.62% × 1.083 ÷ 2 = 6.81 yuan.
      const expected = yearlyInterest(0, 48_000, 262).totalFen;
      assert.equal(expected, 681);
      assert.equal((await call('POST', '/api/funds/accounts/interest', xqHead, { year: 2024 })).statusCode, 403, 'a county office does not run it');
      assert.equal((await call('POST', '/api/funds/accounts/interest', ycHead, { year: 2026 })).json().code, 'interest_year_open');
      assert.equal((await call('POST', '/api/funds/accounts/interest', ycHead, { year: 2025 })).json().code, 'interest_rate_missing');
      const first = await call('POST', '/api/funds/accounts/interest', ycHead, { year: 2024 });
      ok(first);
      assert.deepEqual([first.json().accounts, first.json().credited, first.json().totalFen], [2, 1, expected]);
      const again = await call('POST', '/api/funds/accounts/interest', ycHead, { year: 2024 });
      assert.deepEqual([again.json().accounts, again.json().totalFen], [0, 0], 'nobody is credited twice');
      ok(await call('PUT', '/api/funds/policy/interest-rates/2025', ycHead, { rateBp: 250 }));
      // 2025: A opens with 480.00 + 6.81 (the 2026 contribution is not in 2025's opening balance), pays nothing that year.
      const y2025 = await call('POST', '/api/funds/accounts/interest', ycHead, { year: 2025 });
      assert.equal(y2025.json().totalFen, yearlyInterest(48_681, 0, 250).totalFen);
      const a = (await call('GET', `/api/funds/accounts/${person.a}`, xq)).json();
      assert.deepEqual([a.balanceFen, a.contributionMonths, a.interestYear], [38_400 + 48_000 + 681 + 1217, 2, 2025]);
    });
  });

  describe('the citizen', () => {
    it('sees their own contributions by month and their account', async () => {
      const r = await call('GET', '/api/my/contributions', citizen);
      ok(r);
      const mine = r.json();
      assert.deepEqual(
        mine.items.map((i: { period: string; status: string; baseFen: number; employeeFen: number; employerName: string }) => [i.period, i.status, i.baseFen, i.employeeFen, i.employerName]),
        [
          ['2026-05', 'due', 2_400_000, 252_000, '银川市兴庆区塞上枸杞科技有限公司'],
          ['2026-03', 'paid', 480_000, 50_400, '银川市兴庆区塞上枸杞科技有限公司'],
          ['2024-12', 'paid', 600_000, 63_000, '银川市兴庆区塞上枸杞科技有限公司'],
        ],
      );
      assert.deepEqual([mine.account.balanceFen, mine.account.contributionMonths], [88_298, 2]);
      assert.equal((await call('GET', '/api/my/contributions', xq)).statusCode, 403, 'staff use the staff routes');
      assert.ok(!r.body.includes(t.demo.citizens[0]!.idNumber), 'the ID number is masked');
    });
  });

  it('keeps every fund’s ledger balanced, with exactly the money allocated in it', async () => {
    const balance = await t.minsheng.modules.funds.ledger.trialBalance(t.minsheng.platform.database.db);
    assert.ok(balance.length >= 4);
    for (const f of balance) assert.equal(f.debitsFen, f.creditsFen, f.fund);
    const allocated = 169_920 + 1000 + (124_630 + 2974 + 18 + 3490) + 212_400;
    assert.equal(
      balance.reduce((a, f) => a + f.debitsFen, 0),
      allocated,
      'the credit left on payments is in no fund',
    );
  });
});
