import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { creditCodeCheckCharacter } from '@core/identity/credit-code.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import { createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { seedDemoFundsPolicy } from '../../demo/funds-policy.seed.ts';

const TOWN = '640104001'; // 兴庆区 凤凰北街街道
const FOUR = ['employee_pension', 'employee_medical', 'unemployment', 'work_injury'] as const;

describe('employers’ fraud findings (用人单位骗保): recorded by one, decided by another, counted in the credit rating', () => {
  let t: TestApp;
  let xq: Cookies; // 兴庆区 caseworker: records findings
  let xqHead: Cookies; // 兴庆区 department head: decides, runs the ratings
  let xqSupervisor: Cookies;
  let xxSupervisor: Cookies; // 西夏区: another county
  const employer = { id: '', name: '银川市兴庆区诚信劳务有限公司', creditCode: '' };
  const today = chinaDate(new Date());
  const call = (method: string, url: string, who: Cookies, payload?: unknown) => t.request(method, url, who, payload);
  const ok = (r: { statusCode: number; body: string }, status = 200) => assert.equal(r.statusCode, status, r.body);
  const finding = { kind: 'fictitious_employment', description: '虚构与张某的劳动关系，为其代缴养老保险以骗取待遇', occurredOn: '2026-03-15', amountFen: 1_250_000 };
  const ratingOf = async () =>
    ((await call('GET', '/api/integrity/credit/ratings?pageSize=200', xqHead)).json().items as { partyId: string; score: number; reasons: { code: string; points: number; detail: Record<string, unknown> }[] }[]).find(
      (r) => r.partyId === employer.id,
    )!;

  before(async () => {
    t = await createTestApp();
    xq = await t.loginStaff('xq.caseworker');
    xqHead = await t.loginStaff('xq.head');
    xqSupervisor = await t.loginStaff('xq.supervisor');
    xxSupervisor = await t.loginStaff('xx.supervisor');
    await seedDemoFundsPolicy(t.minsheng);
    const first17 = '91640104MA7FRAUD1';
    employer.creditCode = first17 + creditCodeCheckCharacter(first17);
    const r = await call('POST', '/api/registry/employers', xq, { creditCode: employer.creditCode, name: employer.name, industry: 'L', region: TOWN });
    ok(r, 201);
    employer.id = r.json().id;
    // One employee, one month declared and paid: an employer the ratings see, with nothing against it.
    const person = await call('POST', '/api/registry/persons', xq, { idNumber: makeResidentId('640104', '1985-02-11', 611), name: '张建华', householdRegion: TOWN });
    ok(person, 201);
    const personId = person.json().id as string;
    ok(await call('POST', `/api/registry/persons/${personId}/employments`, xq, { employerId: employer.id, startedOn: '2025-01-01' }), 201);
    for (const scheme of FOUR) ok(await call('POST', `/api/registry/persons/${personId}/enrolments`, xq, { scheme, region: TOWN, startedOn: '2025-01-01', employerId: employer.id }), 201);
    const declared = await call('POST', '/api/funds/declarations', xq, { employerId: employer.id, personId, period: '2026-08', declaredWageFen: 600_000 });
    ok(declared, 201);
    ok(await call('POST', `/api/funds/employers/${employer.id}/payments`, xq, { amountFen: declared.json().totalFen, receivedOn: today, reference: 'NX-FRAUD-1' }), 201);
  });
  after(() => t.close());

  it('refuses a finding that is not clear, in the future, of an unknown employer or outside the region', async () => {
    const url = `/api/integrity/employers/${employer.id}/findings`;
    assert.equal((await call('POST', url, xq, { ...finding, kind: 'tax_evasion' })).statusCode, 400);
    assert.equal((await call('POST', url, xq, { ...finding, amountFen: -1 })).statusCode, 400);
    assert.equal((await call('POST', url, xq, { ...finding, amountFen: 12.5 })).statusCode, 400, 'money is whole fen');
    assert.equal((await call('POST', url, xq, { ...finding, occurredOn: '2026-02-30' })).statusCode, 400);
    const blank = await call('POST', url, xq, { ...finding, description: '   ' });
    assert.deepEqual([blank.statusCode, blank.json().code], [422, 'finding_description_empty']);
    const future = await call('POST', url, xq, { ...finding, occurredOn: '2099-01-01' });
    assert.deepEqual([future.statusCode, future.json().code], [422, 'finding_in_future']);
    assert.equal(future.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await call('POST', '/api/integrity/employers/00000000-0000-4000-8000-000000000000/findings', xq, finding)).statusCode, 404);
    assert.equal((await call('POST', url, xxSupervisor, finding)).statusCode, 404, 'another county’s employer is not there for them');
    assert.equal((await call('GET', `/api/integrity/employers/${employer.id}/findings`, xxSupervisor)).statusCode, 404);
    assert.deepEqual((await call('GET', `/api/integrity/employers/${employer.id}/findings`, xq)).json().items, [], 'nothing was recorded');
  });

  it('records a finding, audited, and lets only another head or supervisor of the region decide it', async () => {
    const raised = await call('POST', `/api/integrity/employers/${employer.id}/findings`, xq, finding);
    ok(raised, 201);
    const f = raised.json();
    assert.deepEqual([f.status, f.kind, f.amountFen, f.employerName, f.creditCode, f.decidedBy], ['open', 'fictitious_employment', 1_250_000, employer.name, employer.creditCode, null]);
    assert.ok(f.raisedByName.length > 0);
    const decision = `/api/integrity/employer-findings/${f.id}/decision`;
    assert.equal((await call('POST', decision, xq, { decision: 'confirm', note: '核实' })).statusCode, 403, 'a caseworker records, but does not decide');
    assert.equal((await call('POST', decision, xxSupervisor, { decision: 'confirm', note: '核实' })).statusCode, 404);
    // The head records a second one and may not decide it; the supervisor may.
    const own = await call('POST', `/api/integrity/employers/${employer.id}/findings`, xqHead, { kind: 'forged_documents', description: '伪造工资表', occurredOn: '2026-04-01' });
    ok(own, 201);
    const refused = await call('POST', `/api/integrity/employer-findings/${own.json().id}/decision`, xqHead, { decision: 'confirm', note: '自己认定' });
    assert.deepEqual([refused.statusCode, refused.json().code], [409, 'finding_own']);
    ok(await call('POST', `/api/integrity/employer-findings/${own.json().id}/decision`, xqSupervisor, { decision: 'dismiss', note: '工资表经核对属实，线索不成立' }));

    const confirmed = await call('POST', decision, xqHead, { decision: 'confirm', note: '经调查核实，责令退回并处罚款' });
    ok(confirmed);
    assert.deepEqual([confirmed.json().status, confirmed.json().decisionNote], ['confirmed', '经调查核实，责令退回并处罚款']);
    const again = await call('POST', decision, xqSupervisor, { decision: 'dismiss', note: '改主意' });
    assert.deepEqual([again.statusCode, again.json().code], [409, 'finding_decided']);

    const open = (await call('GET', '/api/integrity/employer-findings?status=confirmed', xqSupervisor)).json();
    assert.deepEqual([open.total, open.items[0].id], [1, f.id]);
    assert.equal((await call('GET', '/api/integrity/employer-findings', xxSupervisor)).json().total, 0, 'another county sees none');
    const actions = await t.minsheng.platform.database.rows<{ action: string }>(`select action from audit.entries where target_id = $1 and action like 'integrity.employer_finding%'`, [employer.id]);
    assert.deepEqual(
      actions.map((a) => a.action).sort(),
      ['integrity.employer_finding_confirmed', 'integrity.employer_finding_dismissed', 'integrity.employer_finding_raised', 'integrity.employer_finding_raised'],
    );
  });

  it('counts confirmed findings, not dismissed ones, against the employer’s credit rating', async () => {
    ok(await call('POST', '/api/integrity/credit/ratings/run', xqHead));
    const rating = await ratingOf();
    // 100 − 30 for the one confirmed finding (the dismissed one costs nothing).
    assert.equal(rating.score, 70);
    assert.deepEqual(
      rating.reasons.map((r) => [r.code, r.points, r.detail.findings]),
      [['employer_fraud', -30, 1]],
    );
  });
});
