import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cookiesOf, createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';

const TOWN = '640104001';
const ID = makeResidentId('640104', '1962-11-03', 88);
const PASSWORD = 'Citizen-2026';

describe('the dossier, the data tracker and data rights, as the person sees them', () => {
  let t: TestApp;
  let caseworker: Cookies;
  let citizen: Cookies;
  let personId = '';

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    caseworker = await t.loginStaff('xq.caseworker');
    const signup = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber: ID, name: '杨秀兰', password: PASSWORD });
    assert.equal(signup.statusCode, 201, signup.body);
    citizen = cookiesOf(signup);
  });
  after(() => t.close());

  it('tells a citizen who is not in the registry yet where to go', async () => {
    const r = await t.request('GET', '/api/my/dossier', citizen);
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'not_in_registry');
    assert.match(r.json().message.zh, /经办机构/);
    assert.equal((await t.request('GET', '/api/my/data-access', citizen)).statusCode, 200, 'the tracker works without a registry record');
  });

  it('shows the citizen their record, its history and their card once a caseworker has registered them', async () => {
    personId = (await t.request('POST', '/api/registry/persons', caseworker, { idNumber: ID, name: '杨秀兰', householdRegion: TOWN })).json().id;
    await t.request('POST', `/api/registry/persons/${personId}/cards`, caseworker, { cardNumber: 'D00000001', issuingBank: '宁夏银行', issuedOn: '2024-04-01' });
    await t.request('PATCH', `/api/registry/persons/${personId}`, caseworker, { phone: '13709510000', reason: '本人电话更正' });
    const r = await t.request('GET', '/api/my/dossier', citizen);
    assert.equal(r.statusCode, 200, r.body);
    const d = r.json();
    assert.equal(d.person.id, personId);
    assert.equal(d.person.idNumberMasked, `640104********${ID.slice(-4)}`);
    assert.equal(d.records.cards[0].cardNumber, 'D00000001');
    assert.deepEqual(d.timeline.items.map((e: { kind: string }) => e.kind), ['corrected', 'card.issued', 'registered']);
    assert.ok(!r.body.includes(ID) && !r.body.includes('13709510000'));
    // The caseworker's name follows the default policy: family name only.
    assert.match(d.timeline.items[0].byName, /^.\*+$/);
  });

  it('lists each access by a caseworker: when, department, role, purpose and channel', async () => {
    await t.request('POST', `/api/registry/persons/${personId}/unmask`, caseworker, { purpose: 'identity_verification' });
    const r = await t.request('GET', '/api/my/data-access?pageSize=50', citizen);
    assert.equal(r.statusCode, 200, r.body);
    const page = r.json();
    assert.equal(page.staffNamePolicy, 'masked');
    const unmasked = page.items.find((e: { action: string }) => e.action === 'person.unmasked');
    assert.ok(unmasked, 'the unmasking is listed');
    assert.equal(unmasked.purpose, 'identity_verification');
    assert.equal(unmasked.channel, 'staff_screen');
    assert.equal(unmasked.actorKind, 'staff');
    assert.match(unmasked.department, /兴庆区/);
    assert.match(unmasked.actorRole, /caseworker/);
    assert.match(unmasked.actorName, /^.\*+$/);
    const actions = page.items.map((e: { action: string }) => e.action);
    for (const a of ['person.registered', 'person.card.issued', 'person.corrected']) assert.ok(actions.includes(a), a);
    assert.ok(!actions.includes('person.dossier_viewed') || page.items.every((e: { actorKind: string }) => e.actorKind !== 'citizen'), 'the person’s own reads are not listed');
    assert.deepEqual([...page.items].map((e: { id: number }) => e.id), [...page.items].map((e: { id: number }) => e.id).sort((a: number, b: number) => b - a), 'newest first');
    const summary = (await t.request('GET', '/api/my/data-access/summary?months=3', citizen)).json();
    const counted = summary.months.reduce((n: number, m: { count: number }) => n + m.count, 0);
    assert.equal(counted, page.total, 'the chart counts every access listed');
    assert.deepEqual([...new Set(summary.months.map((m: { channel: string }) => m.channel))], ['staff_screen']);
    assert.equal((await t.request('GET', '/api/my/data-access/summary?months=99', citizen)).statusCode, 400);
  });

  it('shows staff names as the deployment’s policy says', async () => {
    const full = await createTestApp({ citizens: 1, env: { MINSHENG_TRACKER_STAFF_NAMES: 'role' } });
    try {
      const worker = await full.loginStaff('xq.caseworker');
      const signup = await full.request('POST', '/api/auth/citizen/signup', {}, { idNumber: ID, name: '杨秀兰', password: PASSWORD });
      await full.request('POST', '/api/registry/persons', worker, { idNumber: ID, name: '杨秀兰', householdRegion: TOWN });
      const page = (await full.request('GET', '/api/my/data-access', cookiesOf(signup))).json();
      assert.ok(page.items.length > 0);
      for (const e of page.items.filter((x: { actorKind: string }) => x.actorKind === 'staff')) assert.equal(e.actorName, null);
    } finally {
      await full.close();
    }
  });

  it('lets the citizen download a copy of their data, and records that they did', async () => {
    const r = await t.request('GET', '/api/my/data-export', citizen);
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers['content-disposition']), /attachment; filename="minsheng-my-data-\d{4}-\d{2}-\d{2}\.json"/);
    const copy = r.json();
    assert.equal(copy.person.name, '杨秀兰');
    assert.equal(copy.cards.length, 1);
    assert.ok(copy.history.length >= 3);
    assert.ok(copy.dataAccess.length > 0);
    assert.equal(copy.dataAccessTotal, copy.dataAccess.length, 'the copy says how many accesses there are in all');
    assert.ok(!r.body.includes(ID));
    const [exported] = await t.minsheng.platform.database.rows<{ n: number }>(`select count(*)::int as n from audit.entries where subject_id = $1 and action = 'person.data_exported'`, [personId]);
    assert.equal(exported!.n, 1);
  });

  it('turns a correction request into a task for a caseworker of the region, due in 15 working days', async () => {
    const bad = await t.request('POST', '/api/my/corrections', citizen, { field: 'birthday', requested: 'x' });
    assert.equal(bad.statusCode, 400);
    const r = await t.request('POST', '/api/my/corrections', citizen, { field: 'name', requested: '姓名应为“杨秀兰”，户口本为准' });
    assert.equal(r.statusCode, 201, r.body);
    const request = r.json();
    assert.equal(request.status, 'open');
    assert.ok(new Date(request.dueAt).getTime() - Date.now() > 15 * 86_400_000, '15 working days are more than 15 days');
    const elsewhere = await t.loginStaff('xx.caseworker');
    assert.equal((await t.request('GET', '/api/registry/corrections', elsewhere)).json().total, 0, 'another county does not see it');
    assert.equal((await t.request('POST', `/api/registry/corrections/${request.id}/resolve`, elsewhere, { outcome: 'done', answer: 'x' })).statusCode, 404);
    const tasks = (await t.request('GET', '/api/registry/corrections?status=open', caseworker)).json();
    assert.equal(tasks.total, 1);
    assert.equal(tasks.items[0].personName, '杨秀兰');
    const done = await t.request('POST', `/api/registry/corrections/${request.id}/resolve`, caseworker, { outcome: 'refused', answer: '经核对户籍信息，姓名无误' });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal((await t.request('POST', `/api/registry/corrections/${request.id}/resolve`, caseworker, { outcome: 'done', answer: '再次' })).json().code, 'correction_closed');
    const mine = (await t.request('GET', '/api/my/corrections', citizen)).json();
    assert.equal(mine[0].status, 'refused');
    assert.equal(mine[0].answer, '经核对户籍信息，姓名无误');
    const timeline = (await t.request('GET', '/api/my/dossier', citizen)).json().timeline.items.map((e: { kind: string }) => e.kind);
    assert.deepEqual(timeline.slice(0, 2), ['correction_request.refused', 'correction_request.filed']);
  });

  it('keeps staff out of the citizen endpoints and citizens out of the staff ones', async () => {
    assert.equal((await t.request('GET', '/api/my/dossier', caseworker)).statusCode, 403);
    assert.equal((await t.request('GET', `/api/registry/persons/${personId}/dossier`, citizen)).statusCode, 403);
    assert.equal((await t.request('GET', '/api/registry/corrections', citizen)).statusCode, 403);
  });
});
