import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Response as InjectResponse } from 'light-my-request';
import { createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';

const TOWN = '640104001';
const ID = makeResidentId('640104', '1975-03-09', 52);
const EMPLOYER_CODE = '91640104MA75XQ001';
const ACCOUNT = '6222021234567891234';
const NEXT_ACCOUNT = '6217000010012345678';

describe('employers and the records of a person', () => {
  let t: TestApp;
  let xingqing: Cookies;
  let xixia: Cookies;
  let supervisor: Cookies;
  let personId = '';
  let employerId = '';
  let creditCode = '';
  const answers: InjectResponse[] = [];
  const call = async (method: string, url: string, who: Cookies, payload?: unknown) => {
    const r = await t.request(method, url, who, payload);
    if (!url.endsWith('/unmask')) answers.push(r);
    return r;
  };
  const records = async () => (await call('GET', `/api/registry/persons/${personId}/records`, xingqing)).json();

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    xingqing = await t.loginStaff('xq.caseworker');
    xixia = await t.loginStaff('xx.caseworker');
    supervisor = await t.loginStaff('xx.supervisor');
    const { creditCodeCheckCharacter } = await import('@core/identity/credit-code.ts');
    creditCode = EMPLOYER_CODE + creditCodeCheckCharacter(EMPLOYER_CODE);
    const p = await call('POST', '/api/registry/persons', xingqing, { idNumber: ID, name: '李建国', householdRegion: TOWN });
    personId = p.json().id;
  });
  after(() => t.close());

  it('registers an employer by a valid credit code, and refuses bad ones', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ creditCode: creditCode.slice(0, 17) + (creditCode[17] === '1' ? '2' : '1'), name: '甲', industry: 'C', region: TOWN }, 'invalid_credit_code'],
      [{ creditCode, name: '甲', industry: 'Z', region: TOWN }, 'invalid_industry'],
      [{ creditCode, name: '甲', industry: 'C', region: '640100' }, 'region_not_local'],
      [{ creditCode, name: '甲', industry: 'C', region: '640104999' }, 'unknown_region'],
    ];
    for (const [body, code] of bad) assert.equal((await call('POST', '/api/registry/employers', xingqing, body)).json().code, code, JSON.stringify(body));
    const r = await call('POST', '/api/registry/employers', xingqing, { creditCode: creditCode.toLowerCase(), name: '银川市兴庆区明珠商贸有限公司', industry: 'f', region: TOWN });
    assert.equal(r.statusCode, 201, r.body);
    employerId = r.json().id;
    assert.equal(r.json().creditCode, creditCode);
    assert.equal(r.json().industryName, '批发和零售业');
    assert.equal((await call('POST', '/api/registry/employers', xingqing, { creditCode, name: '重复', industry: 'F', region: TOWN })).statusCode, 409);
    assert.equal((await call('GET', `/api/registry/employers?q=${creditCode}`, xingqing)).json().total, 1);
    assert.equal((await call('GET', `/api/registry/employers?q=${encodeURIComponent('明珠')}`, xingqing)).json().total, 1);
    assert.equal((await call('GET', `/api/registry/employers?q=${creditCode}`, xixia)).json().total, 0, 'another county does not see it');
    assert.equal((await call('GET', `/api/registry/employers/${employerId}`, xixia)).statusCode, 404);
    assert.equal((await call('POST', '/api/registry/employers', supervisor, { creditCode, name: '甲', industry: 'C', region: '640105001' })).statusCode, 403);
  });

  it('records employment and shows it on the employer, masked', async () => {
    const r = await call('POST', `/api/registry/persons/${personId}/employments`, xingqing, { employerId, startedOn: '2020-07-01' });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().employments[0].employerName, '银川市兴庆区明珠商贸有限公司');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/employments`, xingqing, { employerId, startedOn: '2021-01-01' })).json().code, 'employment_exists');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/employments`, xingqing, { employerId, startedOn: '1970-01-01' })).json().code, 'date_out_of_range');
    const employer = (await call('GET', `/api/registry/employers/${employerId}`, xingqing)).json();
    assert.equal(employer.employees.total, 1);
    assert.equal(employer.employees.items[0].idNumberMasked, `640104********${ID.slice(-4)}`);
  });

  it('issues a card, reports it lost, refuses a second card, then replaces it and keeps the history', async () => {
    const issued = await call('POST', `/api/registry/persons/${personId}/cards`, xingqing, { cardNumber: 'a12345678', issuingBank: '中国工商银行', issuedOn: '2021-05-10' });
    assert.equal(issued.statusCode, 201, issued.body);
    const card = issued.json().cards[0];
    assert.equal(card.cardNumber, 'A12345678');
    assert.equal(card.status, 'active');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/cards`, xingqing, { cardNumber: 'B12345678', issuingBank: '中国银行', issuedOn: '2022-01-01' })).json().code, 'card_exists');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/cards`, xingqing, { cardNumber: '12345678', issuingBank: '中国银行', issuedOn: '2022-01-01' })).json().code, 'invalid_card_number');
    const lost = await call('POST', `/api/registry/persons/${personId}/cards/${card.id}/status`, xingqing, { status: 'reported_lost', reason: '本人电话挂失' });
    assert.equal(lost.json().cards[0].status, 'reported_lost');
    const replaced = await call('POST', `/api/registry/persons/${personId}/cards/${card.id}/replace`, xingqing, { cardNumber: 'A87654321', issuingBank: '中国工商银行', issuedOn: '2026-11-01', reason: '遗失补卡' });
    assert.equal(replaced.statusCode, 201, replaced.body);
    const cards = replaced.json().cards as { id: string; status: string; replacesId: string | null }[];
    assert.deepEqual(cards.map((c) => c.status).sort(), ['active', 'replaced']);
    assert.equal(cards.find((c) => c.status === 'active')?.replacesId, card.id);
    const back = await call('POST', `/api/registry/persons/${personId}/cards/${card.id}/status`, xingqing, { status: 'active', reason: '找到了' });
    assert.equal(back.json().code, 'card_transition', 'a replaced card never comes back');
    const dossier = (await call('GET', `/api/registry/persons/${personId}/dossier`, xingqing)).json();
    const cardKinds = dossier.items.filter((e: { entityKind: string }) => e.entityKind === 'card').map((e: { kind: string }) => e.kind);
    assert.deepEqual(cardKinds, ['card.replaced', 'card.reported_lost', 'card.issued']);
  });

  it('keeps one bank account for benefits at a time, masked, and unmasks it only for a purpose', async () => {
    const first = await call('POST', `/api/registry/persons/${personId}/bank-accounts`, xingqing, { bankName: '中国工商银行', accountNumber: '6222 0212 3456 7891 234' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().bankAccounts[0].accountNumberMasked, '6222 **** **** 1234');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/bank-accounts`, xingqing, { bankName: '中国银行', accountNumber: '1234' })).json().code, 'invalid_bank_account');
    const second = await call('POST', `/api/registry/persons/${personId}/bank-accounts`, xingqing, { bankName: '宁夏银行', accountNumber: NEXT_ACCOUNT, reason: '本人申请变更代发账户' });
    const accounts = second.json().bankAccounts as { id: string; status: string; bankName: string }[];
    assert.deepEqual(accounts.map((a) => [a.bankName, a.status]), [['宁夏银行', 'active'], ['中国工商银行', 'closed']]);
    const oldId = accounts[1]!.id;
    assert.equal((await call('POST', `/api/registry/persons/${personId}/bank-accounts/${oldId}/close`, xingqing, { reason: '重复' })).json().code, 'bank_account_closed');
    assert.equal((await t.request('POST', `/api/registry/persons/${personId}/bank-accounts/${oldId}/unmask`, xixia, { purpose: 'benefit_review' })).statusCode, 404);
    assert.equal((await t.request('POST', `/api/registry/persons/${personId}/bank-accounts/${oldId}/unmask`, supervisor, { purpose: 'benefit_review' })).statusCode, 403, 'a supervisor may not unmask');
    const shown = await t.request('POST', `/api/registry/persons/${personId}/bank-accounts/${oldId}/unmask`, xingqing, { purpose: 'benefit_review', note: '核对退回款项' });
    assert.deepEqual(shown.json(), { accountNumber: ACCOUNT });
    const [entry] = await t.minsheng.platform.database.rows<{ purpose: string; target_id: string }>(
      `select purpose, target_id from audit.entries where subject_id = $1 and action = 'person.bank_account_unmasked'`,
      [personId],
    );
    assert.deepEqual(entry, { purpose: 'benefit_review: 核对退回款项', target_id: oldId });
    const [stored] = await t.minsheng.platform.database.rows<{ account_number_enc: string }>(`select account_number_enc from registry.bank_accounts where id = $1`, [oldId]);
    assert.ok(!stored!.account_number_enc.includes(ACCOUNT), 'encrypted at rest');
  });

  it('records income in fen once per month and payer', async () => {
    const body = { period: '2026-09', payerCreditCode: creditCode, amountFen: 612_345 };
    const r = await call('POST', `/api/registry/persons/${personId}/income`, xingqing, body);
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual(r.json().income.map((i: { period: string; amountFen: number }) => [i.period, i.amountFen]), [['2026-09', 612_345]]);
    assert.equal((await call('POST', `/api/registry/persons/${personId}/income`, xingqing, body)).json().code, 'income_exists');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/income`, xingqing, { ...body, period: '2099-01' })).json().code, 'invalid_period');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/income`, xingqing, { ...body, period: '2026-08', payerCreditCode: '91350100M000100Y44' })).json().code, 'invalid_credit_code');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/income`, xingqing, { ...body, amountFen: 12.5 })).statusCode, 400, 'money is integer fen');
  });

  it('enrols in schemes, one open enrolment per scheme, and follows status changes', async () => {
    assert.equal((await call('POST', `/api/registry/persons/${personId}/enrolments`, xingqing, { scheme: 'employee_pension', region: TOWN, startedOn: '2020-07-01' })).json().code, 'employer_required');
    const r = await call('POST', `/api/registry/persons/${personId}/enrolments`, xingqing, { scheme: 'employee_pension', region: TOWN, startedOn: '2020-07-01', employerId });
    assert.equal(r.statusCode, 201, r.body);
    const enrolment = r.json().enrolments[0];
    assert.equal(enrolment.employerName, '银川市兴庆区明珠商贸有限公司');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/enrolments`, xingqing, { scheme: 'employee_pension', region: TOWN, startedOn: '2021-01-01', employerId })).json().code, 'enrolment_exists');
    const medical = await call('POST', `/api/registry/persons/${personId}/enrolments`, xingqing, { scheme: 'resident_medical', region: TOWN, startedOn: '2019-01-01' });
    assert.equal(medical.statusCode, 201);
    const suspended = await call('POST', `/api/registry/persons/${personId}/enrolments/${enrolment.id}/status`, xingqing, { status: 'suspended', on: '2026-10-01', reason: '单位暂停缴费' });
    assert.equal(suspended.json().enrolments.find((e: { id: string }) => e.id === enrolment.id).status, 'suspended');
    const ended = await call('POST', `/api/registry/persons/${personId}/enrolments/${enrolment.id}/status`, xingqing, { status: 'ended', on: '2026-11-01', reason: '解除劳动关系' });
    assert.equal(ended.json().enrolments.find((e: { id: string }) => e.id === enrolment.id).endedOn, '2026-11-01');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/enrolments/${enrolment.id}/status`, xingqing, { status: 'active', on: '2026-11-02', reason: '恢复' })).json().code, 'enrolment_transition');
    const again = await call('POST', `/api/registry/persons/${personId}/enrolments`, xingqing, { scheme: 'employee_pension', region: TOWN, startedOn: '2026-11-15', employerId });
    assert.equal(again.statusCode, 201, 'a new enrolment after the old one ended');
  });

  it('ends an employment and refuses changes for a deceased person', async () => {
    const { employments } = await records();
    const ended = await call('POST', `/api/registry/persons/${personId}/employments/${employments[0].id}/end`, xingqing, { endedOn: '2026-10-31', reason: '合同到期' });
    assert.equal(ended.json().employments[0].endedOn, '2026-10-31');
    await call('POST', `/api/registry/persons/${personId}/death`, xingqing, { diedOn: '2026-11-20', reason: '家属报告' });
    assert.equal((await call('POST', `/api/registry/persons/${personId}/cards`, xingqing, { cardNumber: 'C12345678', issuingBank: '中国银行', issuedOn: '2026-11-21' })).json().code, 'person_not_alive');
  });

  it('keeps every change in the dossier and the audit log, and another county out of all of it', async () => {
    assert.equal((await call('GET', `/api/registry/persons/${personId}/records`, xixia)).statusCode, 404);
    assert.equal((await call('GET', `/api/registry/persons/${personId}/dossier`, xixia)).statusCode, 404);
    assert.equal((await call('POST', `/api/registry/persons/${personId}/income`, xixia, { period: '2026-07', payerCreditCode: creditCode, amountFen: 1 })).statusCode, 404);
    const dossier = (await call('GET', `/api/registry/persons/${personId}/dossier?pageSize=100`, xingqing)).json();
    const kinds = new Set(dossier.items.map((e: { kind: string }) => e.kind));
    for (const k of ['registered', 'employment.started', 'employment.ended', 'card.issued', 'bank_account.added', 'income.recorded', 'enrolment.started', 'enrolment.suspended', 'enrolment.ended', 'died']) {
      assert.ok(kinds.has(k), k);
    }
    const audited = await t.minsheng.platform.database.rows<{ n: number }>(`select count(*)::int as n from audit.entries where subject_id = $1 and action like 'person.%'`, [personId]);
    assert.ok(audited[0]!.n >= dossier.total);
  });

  it('never answers with a full ID number or bank account number', () => {
    assert.ok(answers.length > 40);
    for (const r of answers) {
      for (const secret of [ID, ACCOUNT, NEXT_ACCOUNT]) assert.ok(!r.body.replace(/\s/g, '').includes(secret), `${r.body.slice(0, 200)} carries ${secret}`);
    }
  });
});
