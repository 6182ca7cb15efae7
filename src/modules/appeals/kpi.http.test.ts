import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestApp, cookiesOf, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';

describe('appeal KPIs', () => {
  let t: TestApp;
  let citizen: Cookies;
  let town: Cookies;

  const file = (title: string, regionCode = '640104001') =>
    t.request('POST', '/api/appeals', citizen, { kind: 'help', categoryCode: 'pension', title, body: `${title}：请帮助处理。`, regionCode, isPublic: true, anonymous: false });

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    const r = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber: makeResidentId('640104', '1955-06-01', 301), name: '李大爷', password: 'Citizen-2026' });
    citizen = cookiesOf(r);
    town = await t.loginStaff('xqfh.caseworker');
  });
  after(() => t.close());

  it('moves with filing, replies and ratings, per department and overall', async () => {
    const kpis = async () => (await t.request('GET', '/api/public/appeals/kpis?groupBy=department')).json();
    const before = await kpis();
    assert.equal(before.overall.filed, 0);
    assert.equal(before.overall.onTimeResolutionRate, null, 'no rate without anything to measure');

    const a = (await file('甲')).json().id;
    const b = (await file('乙')).json().id;
    await file('丙', '640105001');
    for (const id of [a, b]) await t.request('POST', `/api/appeals/${id}/acknowledge`, town);
    await t.request('POST', `/api/appeals/${a}/reply`, town, { body: '已解决', resolved: true });
    await t.request('POST', `/api/appeals/${b}/reply`, town, { body: '政策不支持', resolved: false });
    await t.request('POST', `/api/my/appeals/${a}/rating`, citizen, { rating: 5 });
    await t.request('POST', `/api/my/appeals/${b}/rating`, citizen, { rating: 1 });

    const now = await kpis();
    assert.equal(now.overall.filed, 3);
    assert.equal(now.overall.replied, 2);
    assert.equal(now.overall.onTimeResolutionRate, 1, 'answered before its deadline; the one sent back for redoing is not answered yet');
    assert.equal(now.overall.resolutionRate, 0.5);
    assert.equal(now.overall.satisfactionRate, 0.5);
    assert.equal(now.overall.redoRate, 0.5);
    assert.equal(now.overall.onTimeAckRate, 1);
    const fenghuang = now.groups.find((g: { name: string }) => g.name === '凤凰北街街道社会保障服务所');
    assert.equal(fenghuang.filed, 2);
    const xixia = now.groups.find((g: { name: string }) => g.name === '西夏区人力资源和社会保障局');
    assert.equal(xixia.filed, 1);

    const one = (await t.request('GET', `/api/public/appeals/kpis?groupBy=category&departmentId=${fenghuang.key}`)).json();
    assert.equal(one.overall.filed, 2, 'one department alone');

    const byMonth = (await t.request('GET', '/api/public/appeals/kpis?groupBy=month')).json();
    const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    assert.deepEqual(byMonth.groups.map((g: { key: string; filed: number }) => [g.key, g.filed]), [[thisMonth, 3]], 'months in China Standard Time');

    const byLevel = (await t.request('GET', '/api/public/appeals/kpis?groupBy=level')).json();
    assert.deepEqual(byLevel.groups.map((g: { key: string; filed: number }) => [g.key, g.filed]), [['county', 1], ['town', 2]]);
  });

  it('limits staff KPIs to their region and exports them as Excel', async () => {
    const xixia = await t.loginStaff('xx.head');
    const own = (await t.request('GET', '/api/appeals/kpis', xixia)).json();
    assert.equal(own.regionCode, '640105');
    assert.equal(own.overall.filed, 1);
    assert.equal((await t.request('GET', '/api/appeals/kpis?regionCode=640104', xixia)).statusCode, 404);

    const r = await t.request('GET', '/api/appeals/kpis.xlsx?groupBy=category', town);
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    assert.equal(sheet.getRow(2).getCell(4).value, '按时办结率');
    assert.equal(sheet.getRow(4).getCell(2).value, 2, 'the town office filed two');
  });

  it('refuses a bad period or grouping', async () => {
    assert.equal((await t.request('GET', '/api/public/appeals/kpis?from=2026-13-40')).statusCode, 400);
    assert.equal((await t.request('GET', '/api/public/appeals/kpis?groupBy=staff')).statusCode, 400);
    assert.equal((await t.request('GET', '/api/public/appeals/kpis?regionCode=999999')).statusCode, 404);
  });
});
