import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { Response as InjectResponse } from 'light-my-request';
import { cookiesOf, createTestApp, type Cookies, type TestApp } from './test-support/harness.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { creditCodeCheckCharacter } from '@core/identity/credit-code.ts';
import { batchHeaders } from '@modules/exchange';

/**
 * Every endpoint of the registry, the exchange and the citizen's own data, called once with
 * real data behind it: none may answer with a full ID number, phone or bank account number,
 * except the unmask endpoints, which answer the requested fields and nothing else. The list of
 * endpoints comes from the OpenAPI document, so a new endpoint without a call here fails.
 */
const TOWN = '640104001';
const ID = makeResidentId('640104', '1958-04-21', 73);
const NEWBORN = makeResidentId('640104', '2026-10-02', 74);
const PHONE = '13895001234';
const ACCOUNT = '6228480402564890018';
const PAYER_BODY = '91640104MA77PQ001';
const PAYER = PAYER_BODY + creditCodeCheckCharacter(PAYER_BODY);
const covered = /^\/api\/(registry|exchange|my\/(dossier|data-access|data-export|corrections))/;

describe('no registry, exchange or my-data endpoint gives away a full identifier', () => {
  let t: TestApp;
  let caseworker: Cookies;
  let sysadmin: Cookies;
  let citizen: Cookies;
  const ids: Record<string, string> = {};
  let partnerKeys = generateKeyPairSync('ed25519');
  const pemOf = (keys: typeof partnerKeys) => keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const publicKeyPem = () => pemOf(partnerKeys);
  let credential = '';

  const json = async (r: Promise<InjectResponse>, status: number) => {
    const answer = await r;
    assert.equal(answer.statusCode, status, answer.body);
    return answer.json();
  };
  const partnerCall = (method: 'GET' | 'POST', url: string, signed: { batchId: string; dataset: string; purpose: string; body: string; query?: string }, contentType = 'application/x-ndjson') =>
    t.minsheng.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${credential}`,
        'content-type': contentType,
        ...batchHeaders({ privateKey: partnerKeys.privateKey, partnerCode: 'test-gongan', ...signed }),
        ...(signed.query ? { 'x-exchange-query': signed.query } : {}),
      },
      ...(method === 'POST' ? { payload: signed.body } : {}),
    });

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    caseworker = await t.loginStaff('xq.caseworker');
    sysadmin = await t.loginStaff('yc.sysadmin');
    citizen = cookiesOf(await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber: ID, name: '白玉兰', password: 'Citizen-2026', phone: PHONE }));
    ids.person = (await json(t.request('POST', '/api/registry/persons', caseworker, { idNumber: ID, name: '白玉兰', householdRegion: TOWN, phone: PHONE }), 201)).id;
    ids.employer = (await json(t.request('POST', '/api/registry/employers', caseworker, { creditCode: PAYER, name: '兴庆区玉兰家政服务有限公司', industry: 'O', region: TOWN }), 201)).id;
    const p = `/api/registry/persons/${ids.person}`;
    ids.employment = (await json(t.request('POST', `${p}/employments`, caseworker, { employerId: ids.employer, startedOn: '2015-03-01' }), 201)).employments[0].id;
    ids.card = (await json(t.request('POST', `${p}/cards`, caseworker, { cardNumber: 'E10000001', issuingBank: '中国农业银行', issuedOn: '2018-06-01' }), 201)).cards[0].id;
    ids.account = (await json(t.request('POST', `${p}/bank-accounts`, caseworker, { bankName: '中国农业银行', accountNumber: ACCOUNT }), 201)).bankAccounts[0].id;
    ids.enrolment = (await json(t.request('POST', `${p}/enrolments`, caseworker, { scheme: 'employee_pension', region: TOWN, startedOn: '2015-03-01', employerId: ids.employer }), 201)).enrolments[0].id;
    ids.correction = (await json(t.request('POST', '/api/my/corrections', citizen, { field: 'phone', requested: '手机号已更换' }), 201)).id;
    const partner = await json(
      t.request('POST', '/api/exchange/partners', sysadmin, {
        code: 'test-gongan',
        name: '测试公安局',
        department: 'public_security',
        jurisdiction: '6401',
        publicKeyPem: publicKeyPem(),
        datasets: ['public_security.birth@1', 'public_security.death@1'],
        queryKinds: ['person_alive', 'person_enrolled'],
        purposes: ['birth_registration', 'death_registration', 'benefit_eligibility'],
        adapter: 'simulated',
      }),
      201,
    );
    ids.partner = partner.partner.id;
    credential = partner.credential;
  });
  after(() => t.close());

  const birth = JSON.stringify({ id_number: NEWBORN, name: '白小禾', birth_date: '2026-10-02', household_region: TOWN }) + '\n';
  const enrolledQuery = JSON.stringify({ id_number: ID });
  const p = () => `/api/registry/persons/${ids.person}`;
  /** One call per operation, keyed as the OpenAPI document names it. */
  const calls: Record<string, () => Promise<InjectResponse>> = {
    'GET /api/registry/persons': () => t.request('GET', `/api/registry/persons?q=${ID}`, caseworker),
    'POST /api/registry/persons': async () => {
      const r = await t.request('POST', '/api/registry/persons', caseworker, { idNumber: makeResidentId('640104', '1990-01-01', 75), name: '马小军', householdRegion: TOWN, phone: '13995110000' });
      ids.second = r.json().id;
      return r;
    },
    'GET /api/registry/persons/{id}': () => t.request('GET', p(), caseworker),
    'PATCH /api/registry/persons/{id}': () => t.request('PATCH', p(), caseworker, { phone: PHONE.replace('1234', '4321'), reason: '本人申请' }),
    'POST /api/registry/persons/{id}/unmask': () => t.request('POST', `${p()}/unmask`, caseworker, { purpose: 'identity_verification' }),
    'GET /api/registry/persons/{id}/records': () => t.request('GET', `${p()}/records`, caseworker),
    'GET /api/registry/persons/{id}/dossier': () => t.request('GET', `${p()}/dossier`, caseworker),
    'POST /api/registry/persons/{id}/employments/{recordId}/end': () => t.request('POST', `${p()}/employments/${ids.employment}/end`, caseworker, { endedOn: '2026-10-31', reason: '退休' }),
    'POST /api/registry/persons/{id}/employments': () => t.request('POST', `${p()}/employments`, caseworker, { employerId: ids.employer, startedOn: '2026-11-02' }),
    'POST /api/registry/persons/{id}/cards': () => t.request('POST', `/api/registry/persons/${ids.second}/cards`, caseworker, { cardNumber: 'E10000002', issuingBank: '中国银行', issuedOn: '2026-01-01' }),
    'POST /api/registry/persons/{id}/cards/{recordId}/status': () => t.request('POST', `${p()}/cards/${ids.card}/status`, caseworker, { status: 'reported_lost', reason: '遗失' }),
    'POST /api/registry/persons/{id}/cards/{recordId}/replace': () => t.request('POST', `${p()}/cards/${ids.card}/replace`, caseworker, { cardNumber: 'E10000003', issuingBank: '中国农业银行', issuedOn: '2026-11-01', reason: '补卡' }),
    'POST /api/registry/persons/{id}/bank-accounts/{recordId}/close': () => t.request('POST', `${p()}/bank-accounts/${ids.account}/close`, caseworker, { reason: '已撤销' }),
    'POST /api/registry/persons/{id}/bank-accounts': () => t.request('POST', `${p()}/bank-accounts`, caseworker, { bankName: '宁夏银行', accountNumber: ACCOUNT.replace('0018', '0026') }),
    'POST /api/registry/persons/{id}/bank-accounts/{recordId}/unmask': () => t.request('POST', `${p()}/bank-accounts/${ids.account}/unmask`, caseworker, { purpose: 'benefit_review' }),
    'POST /api/registry/persons/{id}/income': () => t.request('POST', `${p()}/income`, caseworker, { period: '2026-09', payerCreditCode: PAYER, amountFen: 450_000 }),
    'POST /api/registry/persons/{id}/enrolments': () => t.request('POST', `${p()}/enrolments`, caseworker, { scheme: 'employee_medical', region: TOWN, startedOn: '2015-03-01', employerId: ids.employer }),
    'POST /api/registry/persons/{id}/enrolments/{recordId}/status': () => t.request('POST', `${p()}/enrolments/${ids.enrolment}/status`, caseworker, { status: 'suspended', on: '2026-11-01', reason: '停保' }),
    'POST /api/registry/persons/{id}/death': () => t.request('POST', `${p()}/death`, caseworker, { diedOn: '2026-11-20', reason: '家属报告' }),
    'GET /api/registry/employers': () => t.request('GET', `/api/registry/employers?q=${PAYER}`, caseworker),
    'POST /api/registry/employers': () => t.request('POST', '/api/registry/employers', caseworker, { creditCode: '91350100M000100Y43', name: '测试单位', industry: 'C', region: TOWN }),
    'GET /api/registry/employers/{id}': () => t.request('GET', `/api/registry/employers/${ids.employer}`, caseworker),
    'PATCH /api/registry/employers/{id}': () => t.request('PATCH', `/api/registry/employers/${ids.employer}`, caseworker, { industry: 'F', reason: '经营范围变更' }),
    'GET /api/registry/corrections': () => t.request('GET', '/api/registry/corrections', caseworker),
    'POST /api/registry/corrections/{id}/resolve': () => t.request('POST', `/api/registry/corrections/${ids.correction}/resolve`, caseworker, { outcome: 'done', answer: '已更正' }),
    'GET /api/my/dossier': () => t.request('GET', '/api/my/dossier', citizen),
    'GET /api/my/data-access': () => t.request('GET', '/api/my/data-access', citizen),
    'GET /api/my/data-access/summary': () => t.request('GET', '/api/my/data-access/summary', citizen),
    'GET /api/my/data-export': () => t.request('GET', '/api/my/data-export', citizen),
    'GET /api/my/corrections': () => t.request('GET', '/api/my/corrections', citizen),
    'POST /api/my/corrections': () => t.request('POST', '/api/my/corrections', citizen, { field: 'bank_account', requested: '代发账户有误' }),
    'GET /api/exchange/datasets': () => t.request('GET', '/api/exchange/datasets'),
    'GET /api/exchange/partners': () => t.request('GET', '/api/exchange/partners', sysadmin),
    'POST /api/exchange/partners': () =>
      t.request('POST', '/api/exchange/partners', sysadmin, {
        code: 'test-yinhang',
        name: '测试银行',
        department: 'bank',
        jurisdiction: '6401',
        publicKeyPem: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        datasets: ['bank.account_verification@1'],
        queryKinds: ['account_holder'],
        purposes: ['account_verification'],
        adapter: 'simulated',
      }),
    'PATCH /api/exchange/partners/{id}': () =>
      t.request('PATCH', `/api/exchange/partners/${ids.partner}`, sysadmin, {
        datasets: ['public_security.birth@1', 'public_security.death@1'],
        queryKinds: ['person_alive', 'person_enrolled'],
        purposes: ['birth_registration', 'death_registration', 'benefit_eligibility'],
      }),
    'POST /api/exchange/partners/{id}/suspend': () => t.request('POST', `/api/exchange/partners/${ids.partner}/suspend`, sysadmin, { reason: '密钥核查' }),
    'POST /api/exchange/partners/{id}/reactivate': () => t.request('POST', `/api/exchange/partners/${ids.partner}/reactivate`, sysadmin, { reason: '核查完毕' }),
    'POST /api/exchange/partners/{id}/key': async () => {
      const next = generateKeyPairSync('ed25519');
      const r = await t.request('POST', `/api/exchange/partners/${ids.partner}/key`, sysadmin, { publicKeyPem: pemOf(next), overlapHours: 0 });
      if (r.statusCode === 200) partnerKeys = next;
      return r;
    },
    'POST /api/exchange/partners/{id}/credential': async () => {
      const r = await t.request('POST', `/api/exchange/partners/${ids.partner}/credential`, sysadmin, {});
      if (r.statusCode === 200 || r.statusCode === 201) credential = r.json().credential;
      return r;
    },
    'POST /api/exchange/batches': () => partnerCall('POST', '/api/exchange/batches', { batchId: 'birth-1', dataset: 'public_security.birth@1', purpose: 'birth_registration', body: birth }),
    'GET /api/exchange/batches/{batchId}': () => partnerCall('GET', '/api/exchange/batches/birth-1', { batchId: 'birth-1', dataset: 'public_security.birth@1', purpose: 'birth_registration', body: '' }),
    'POST /api/exchange/queries': () =>
      partnerCall('POST', '/api/exchange/queries', { batchId: 'q-1', dataset: 'query:person_enrolled', purpose: 'benefit_eligibility', body: enrolledQuery, query: 'person_enrolled' }, 'application/json'),
    'POST /api/exchange/partner-queries': () => t.request('POST', '/api/exchange/partner-queries', caseworker, { partnerId: ids.partner, personId: ids.person, kind: 'person_alive', purpose: 'benefit_eligibility' }),
    'GET /api/exchange/messages': () => t.request('GET', '/api/exchange/messages?pageSize=200', sysadmin),
    'GET /api/exchange/messages/summary': () => t.request('GET', '/api/exchange/messages/summary', sysadmin),
    'GET /api/exchange/messages/{id}': async () => {
      const list = (await t.request('GET', '/api/exchange/messages?kind=batch', sysadmin)).json();
      return t.request('GET', `/api/exchange/messages/${list.items[0].id}`, sysadmin);
    },
  };
  const unmasking: Record<string, string[]> = {
    'POST /api/registry/persons/{id}/unmask': ['idNumber', 'phone'],
    'POST /api/registry/persons/{id}/bank-accounts/{recordId}/unmask': ['accountNumber'],
  };

  it('has a call for every such endpoint the API documents, and none for endpoints it does not', async () => {
    const spec = (await t.request('GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(spec.paths)
      .filter(([path]) => covered.test(path))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    assert.deepEqual(documented.filter((op) => !calls[op]), [], 'endpoints without a call in this test');
    assert.deepEqual(Object.keys(calls).filter((op) => !documented.includes(op)), [], 'calls for endpoints the API does not document');
  });

  it('answers every call without a full ID number, phone or bank account number, and without a server error', async () => {
    const secrets = [ID, ID.toLowerCase(), NEWBORN, PHONE, ACCOUNT, ACCOUNT.replace('0018', '0026')];
    for (const [op, call] of Object.entries(calls)) {
      const r = await call();
      assert.ok(r.statusCode < 400, `${op}: ${r.statusCode} ${r.body.slice(0, 300)}`);
      const fields = unmasking[op];
      if (fields) {
        assert.deepEqual(Object.keys(r.json()).sort(), [...fields].sort(), `${op} answers the requested fields only`);
        continue;
      }
      const flat = r.body.replace(/[\s-]/g, '');
      for (const secret of secrets) assert.ok(!flat.includes(secret), `${op} answered with ${secret}: ${r.body.slice(0, 300)}`);
    }
  });
});
