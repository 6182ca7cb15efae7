import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { createTestApp, cookiesOf, type Cookies, type TestApp } from '../../test-support/harness.ts';

describe('questions about money', () => {
  let t: TestApp;
  let citizen: Cookies;
  before(async () => {
    t = await createTestApp({ citizens: 1 });
    const r = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber: makeResidentId('640104', '1958-07-01', 311), name: '马建平', password: 'Citizen-2026' });
    assert.equal(r.statusCode, 201, r.body);
    citizen = cookiesOf(r);
  });
  after(() => t.close());

  it('files a question about a published figure as an appeal the city’s fund department answers', async () => {
    const r = await t.request('POST', '/api/my/fund-questions', citizen, {
      about: 'disclosure',
      period: '2026-10',
      fund: 'employee_pension',
      figure: '基金支出 1,234,567.89 元（银川市）',
      question: '十月的基金支出比九月多了很多，是什么原因？',
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.match(r.json().trackingNo, /^WZ-\d{8}-\d{6}$/);
    const mine = (await t.request('GET', '/api/my/appeals', citizen)).json().items;
    assert.equal(mine.length, 1);
    assert.equal(mine[0].categoryCode, 'fund_disclosure');
    assert.equal(mine[0].title, '对 2026-10 职工基本养老保险基金公开数据的疑问');
    assert.equal(mine[0].departmentName, '银川市人力资源和社会保障局', 'routed to the city, where the funds are managed');
  });

  it('refuses a question without a login or with bad input, with a clear code', async () => {
    assert.equal((await t.request('POST', '/api/my/fund-questions', {}, { about: 'statement', period: '2026-10', figure: 'x', question: '为什么少了一个月？' })).statusCode, 401);
    const bad = await t.request('POST', '/api/my/fund-questions', citizen, { about: 'statement', period: '2026-13', figure: 'x', question: '为什么少了一个月？' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'validation_failed');
  });
});
