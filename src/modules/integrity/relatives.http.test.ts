import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { createTestApp, cookiesOf, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { addPensioner, type TestPensioner } from '../../test-support/pensioners.ts';
import { DEMO_PASSWORD } from '../../demo/seed.ts';

describe('relatives who certify for a pensioner (亲情服务): registered at the counter, listed, removed', () => {
  let t: TestApp;
  let caseworker: Cookies; // 兴庆区: pension:manage
  let supervisor: Cookies; // reads pensions, does not manage them
  let elsewhere: Cookies; // 西夏区 caseworker
  let daughter: Cookies; // the demo citizen
  let pensioner: TestPensioner;
  const call = (method: string, url: string, who: Cookies, payload?: unknown) => t.request(method, url, who, payload);

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    caseworker = await t.loginStaff('xq.caseworker');
    supervisor = await t.loginStaff('xq.supervisor');
    elsewhere = await t.loginStaff('xx.caseworker');
    const citizen = t.demo.citizens[0]!;
    const login = await call('POST', '/api/auth/citizen/login', {}, { idNumber: citizen.idNumber, password: DEMO_PASSWORD });
    assert.equal(login.statusCode, 200, login.body);
    daughter = cookiesOf(login);
    pensioner = await addPensioner(t, caseworker, { name: '马桂兰', birthDate: '1950-03-08', account: '6222020000000000128' });
  });
  after(() => t.close());

  const relatives = `/api/integrity/persons/PID/relatives`;
  const url = () => relatives.replace('PID', pensioner.personId);

  it('registers a citizen account as a relative once, and refuses unknown ID numbers', async () => {
    const citizen = t.demo.citizens[0]!;
    const added = await call('POST', url(), caseworker, { relativeIdNumber: citizen.idNumber, relation: '女儿' });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal((await call('POST', url(), caseworker, { relativeIdNumber: citizen.idNumber, relation: '女儿' })).json().code, 'relative_exists');
    const noAccount = await call('POST', url(), caseworker, { relativeIdNumber: makeResidentId('640104', '1980-01-01', 777), relation: '儿子' });
    assert.deepEqual([noAccount.statusCode, noAccount.json().code], [404, 'citizen_not_found']);
    assert.equal((await call('POST', url(), caseworker, { relativeIdNumber: '640104198001017770', relation: '儿子' })).statusCode, 404, 'a wrong check digit finds nobody');
    assert.equal((await call('POST', url(), elsewhere, { relativeIdNumber: citizen.idNumber, relation: '女儿' })).statusCode, 404, 'another county’s pensioner is not there for them');
  });

  it('lists the relatives with masked ID numbers, for those who manage the pension in its region', async () => {
    const list = await call('GET', url(), caseworker);
    assert.equal(list.statusCode, 200, list.body);
    const [relative] = list.json().items;
    assert.deepEqual([list.json().items.length, relative.name, relative.relation], [1, t.demo.citizens[0]!.name, '女儿']);
    assert.match(relative.idNumberMasked, /^\d{6}\*{8}\d{3}[\dX]$/);
    assert.equal((await call('GET', url(), supervisor)).statusCode, 403);
    assert.equal((await call('GET', url(), elsewhere)).statusCode, 404);
  });

  it('lets the relative certify until the registration is removed, then refuses', async () => {
    const mine = await call('GET', '/api/my/certification', daughter);
    assert.deepEqual(mine.json().relatives.map((r: { pensionerId: string; relation: string }) => [r.pensionerId, r.relation]), [[pensioner.personId, '女儿']]);
    const certified = await call('POST', `/api/my/certification/relatives/${pensioner.personId}`, daughter);
    assert.equal(certified.statusCode, 200, certified.body);
    assert.equal(certified.json().method, 'relative');

    const id = (await call('GET', url(), caseworker)).json().items[0].id as string;
    const removed = await call('DELETE', `${url()}/${id}`, caseworker);
    assert.equal(removed.statusCode, 204, removed.body);
    assert.equal((await call('DELETE', `${url()}/${id}`, caseworker)).json().code, 'relative_not_found');
    assert.deepEqual((await call('GET', url(), caseworker)).json().items, []);
    assert.deepEqual((await call('GET', '/api/my/certification', daughter)).json().relatives, []);
    const refused = await call('POST', `/api/my/certification/relatives/${pensioner.personId}`, daughter);
    assert.deepEqual([refused.statusCode, refused.json().code], [403, 'not_your_relative']);
    const audited = await t.minsheng.platform.database.rows<{ action: string }>(`select action from audit.entries where target_id = $1 and action like 'integrity.relative_%'`, [pensioner.personId]);
    assert.deepEqual(audited.map((a) => a.action).sort(), ['integrity.relative_added', 'integrity.relative_removed']);
  });
});
