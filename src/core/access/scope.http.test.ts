import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';

interface CitizenItem {
  id: string;
  regionCode: string;
  idNumberMasked: string;
}

describe('region scope: a county caseworker cannot reach another county', () => {
  let t: TestApp;
  let xingqing: Cookies;
  let cityAdmin: Cookies;
  let xixiaCitizen: CitizenItem;
  let xingqingCitizen: CitizenItem;

  before(async () => {
    t = await createTestApp({ citizens: 120 });
    xingqing = await t.loginStaff('xq.caseworker');
    const city = await t.loginStaff('yc.supervisor');
    const all: CitizenItem[] = (await t.request('GET', '/api/citizens?pageSize=200', city)).json().items;
    xixiaCitizen = all.find((c) => c.regionCode.startsWith('640105'))!;
    xingqingCitizen = all.find((c) => c.regionCode.startsWith('640104'))!;
    assert.ok(xixiaCitizen && xingqingCitizen, 'demo data has citizens in both counties');
    cityAdmin = await t.loginStaff('yc.auditadmin');
  });
  after(() => t.close());

  it('lists only citizens of the caseworker’s own county and its towns', async () => {
    const r = await t.request('GET', '/api/citizens?pageSize=200', xingqing);
    assert.equal(r.statusCode, 200);
    const items: CitizenItem[] = r.json().items;
    assert.ok(items.length > 0);
    assert.ok(items.every((c) => c.regionCode.startsWith('640104')));
  });

  it('counts only the own region on the console overview', async () => {
    const overview = (await t.request('GET', '/api/console/overview', xingqing)).json();
    const listed = (await t.request('GET', '/api/citizens?pageSize=1', xingqing)).json();
    assert.equal(overview.regionCode, '640104');
    assert.equal(overview.citizensInScope, listed.total);
    const city = (await t.request('GET', '/api/console/overview', cityAdmin)).json();
    assert.ok(city.citizensInScope > overview.citizensInScope);
    assert.ok(overview.auditEntriesToday >= 1 && overview.auditEntriesToday < city.auditEntriesToday);
  });

  it('answers 404 for the other county by every route', async () => {
    const attempts = [
      t.request('GET', `/api/citizens/${xixiaCitizen.id}`, xingqing),
      t.request('POST', `/api/citizens/${xixiaCitizen.id}/unmask`, xingqing, { purpose: 'case_handling' }),
      t.request('GET', '/api/citizens?regionCode=640105', xingqing),
      t.request('GET', '/api/citizens?regionCode=6401', xingqing),
    ];
    for (const r of await Promise.all(attempts)) {
      assert.equal(r.statusCode, 404);
      assert.equal(r.json().code, 'not_found');
    }
    const search = await t.request('GET', `/api/citizens?q=${encodeURIComponent('王')}&pageSize=200`, xingqing);
    assert.ok((search.json().items as CitizenItem[]).every((c) => c.regionCode.startsWith('640104')));
  });

  it('lets the caseworker unmask a citizen of the own county for a stated purpose, and audits it', async () => {
    const r = await t.request('POST', `/api/citizens/${xingqingCitizen.id}/unmask`, xingqing, { purpose: 'identity_verification' });
    assert.equal(r.statusCode, 200);
    assert.match(r.json().idNumber, /^\d{17}[\dX]$/);
    assert.equal(r.json().idNumber.slice(-4), xingqingCitizen.idNumberMasked.slice(-4));

    const log = await t.request('GET', `/api/audit/entries?subject=${xingqingCitizen.id}&action=citizen.unmasked`, cityAdmin);
    assert.equal(log.statusCode, 200);
    assert.equal(log.json().total, 1);
    assert.equal(log.json().items[0].purpose, 'identity_verification');
  });

  it('refuses unmasking without a purpose, and a supervisor’s unmask by role', async () => {
    const none = await t.request('POST', `/api/citizens/${xingqingCitizen.id}/unmask`, xingqing, {});
    assert.equal(none.statusCode, 400);
    const supervisor = await t.loginStaff('xq.supervisor');
    const r = await t.request('POST', `/api/citizens/${xingqingCitizen.id}/unmask`, supervisor, { purpose: 'case_handling' });
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().code, 'forbidden');
  });

  it('audits every denial', async () => {
    const denied = await t.request('GET', '/api/audit/entries?action=citizen:unmask&pageSize=50', cityAdmin);
    const outcomes = (denied.json().items as { outcome: string; actorRegion: string }[]).map((e) => e.outcome);
    assert.ok(outcomes.length >= 2);
    assert.ok(outcomes.every((o) => o === 'denied'));
  });

  it('keeps the audit log from everyone but the audit administrator', async () => {
    for (const user of ['xq.caseworker', 'yc.sysadmin']) {
      const c = user === 'xq.caseworker' ? xingqing : await t.loginStaff(user);
      const r = await t.request('GET', '/api/audit/entries', c);
      assert.equal(r.statusCode, 403, user);
    }
  });

  it('lets a city supervisor see every county of the city', async () => {
    const city = await t.loginStaff('yc.supervisor');
    const r = await t.request('GET', `/api/citizens/${xixiaCitizen.id}`, city);
    assert.equal(r.statusCode, 200);
    assert.match(r.json().idNumberMasked, /^\d{6}\*{8}[\dX]{4}$/);
  });
});
