import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, cookiesOf, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';

const TOWN = '640104001'; // 凤凰北街街道, 兴庆区
const XIXIA_TOWN = '640105001';

async function signUpCitizen(t: TestApp, seq: number): Promise<Cookies> {
  const idNumber = makeResidentId('640104', '1960-03-04', seq);
  const r = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber, name: `市民${seq}`, password: 'Citizen-2026' });
  assert.equal(r.statusCode, 201, r.body);
  return cookiesOf(r);
}

function fileAppeal(t: TestApp, cookies: Cookies, overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const payload = { kind: 'complaint', categoryCode: 'pension', title: '养老金未按时发放', body: '我的养老金本月没有到账，请尽快核实。', regionCode: TOWN, isPublic: true, anonymous: false, ...overrides };
  return t.minsheng.app.inject({
    method: 'POST',
    url: '/api/appeals',
    cookies: cookies as Record<string, string>,
    headers: { 'x-csrf-token': cookies.ms_csrf!, ...headers },
    payload,
  });
}

describe('appeals: intake, handling, rating', () => {
  let t: TestApp;
  let citizen: Cookies;
  let townWorker: Cookies;
  let xixiaWorker: Cookies;

  before(async () => {
    t = await createTestApp({ citizens: 5 });
    citizen = await signUpCitizen(t, 101);
    townWorker = await t.loginStaff('xqfh.caseworker');
    xixiaWorker = await t.loginStaff('xx.caseworker');
  });
  after(() => t.close());

  it('files an appeal, routes it to the town office and gives a tracking number anyone can look up', async () => {
    const r = await fileAppeal(t, citizen);
    assert.equal(r.statusCode, 201, r.body);
    const appeal = r.json();
    assert.match(appeal.trackingNo, /^WZ-\d{8}-\d{6}$/);
    assert.equal(appeal.status, 'submitted');
    assert.equal(appeal.departmentName, '凤凰北街街道社会保障服务所');
    assert.ok(new Date(appeal.replyDueAt) > new Date(appeal.ackDueAt));

    const pub = await t.request('GET', `/api/public/appeals/${appeal.trackingNo}`);
    assert.equal(pub.statusCode, 200);
    assert.equal(pub.json().status, 'submitted');
    assert.equal(pub.json().filer, '市****', 'only the family name is shown');
    assert.equal((await t.request('GET', '/api/public/appeals/WZ-20000101-000001')).statusCode, 404);
  });

  it('writes the appeal, its first timeline events and the audit entry together, and links a repeat of the same text as a duplicate', async () => {
    const text = '同一件事第二次反映：失业保险金本月没有发放。';
    const first = (await fileAppeal(t, citizen, { body: text })).json();
    const second = (await fileAppeal(t, citizen, { body: `  ${text}\n` })).json();
    const detail = await t.request('GET', `/api/appeals/${second.id}`, townWorker);
    assert.equal(detail.statusCode, 200, detail.body);
    assert.equal(detail.json().appeal.duplicateOf, first.id);
    assert.equal(detail.json().appeal.trackingNo, second.trackingNo);
    assert.deepEqual(
      detail.json().events.map((e: { type: string }) => e.type),
      ['filed'],
    );
    assert.equal(detail.json().events[0].departmentName, '凤凰北街街道社会保障服务所', 'the filing names the department it was routed to');
    assert.deepEqual(detail.json().events[0].details, { channel: 'portal', confidence: null });
    // The answer to a filing is built from what was written, not read back: it must be what a read shows.
    const reread = await t.request('GET', `/api/my/appeals/${second.id}`, citizen);
    assert.deepEqual(second, reread.json().appeal);
    const entries = await t.minsheng.platform.database.rows<{ action: string; actor_kind: string; subject_id: string; details: { trackingNo: string } }>(
      `select action, actor_kind, subject_id, details from audit.entries where target_id = $1 and action = 'appeal.filed'`,
      [second.id],
    );
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.action, 'appeal.filed');
    assert.equal(entries[0]!.actor_kind, 'citizen');
    assert.equal(entries[0]!.details.trackingNo, second.trackingNo);
    assert.ok(entries[0]!.subject_id, 'the filing shows in the citizen’s own data tracker');

    const concurrent = await Promise.all(Array.from({ length: 12 }, (_, i) => fileAppeal(t, citizen, { title: `并发${i}`, body: `并发提交的诉求 ${i}` })));
    assert.ok(concurrent.every((r) => r.statusCode === 201));
    const numbers = concurrent.map((r) => r.json().trackingNo);
    assert.equal(new Set(numbers).size, numbers.length, 'each filing has its own tracking number');
  });

  it('merges a near-duplicate into the appeal it repeats, once, and only within the handler’s region', async () => {
    const text = '医保卡余额不对，请帮忙核查。';
    const original = (await fileAppeal(t, citizen, { body: text, categoryCode: 'medical' })).json();
    const repeat = (await fileAppeal(t, citizen, { body: text, categoryCode: 'medical' })).json();

    const notDuplicate = await t.request('POST', `/api/appeals/${original.id}/merge`, townWorker);
    assert.equal(notDuplicate.statusCode, 422);
    assert.equal(notDuplicate.json().code, 'not_a_duplicate');
    assert.equal((await t.request('POST', `/api/appeals/${repeat.id}/merge`, xixiaWorker)).statusCode, 404, 'another county cannot see it');

    const merged = await t.request('POST', `/api/appeals/${repeat.id}/merge`, townWorker);
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(merged.json().status, 'closed');
    assert.match(merged.json().publicReply, new RegExp(original.trackingNo));
    const again = await t.request('POST', `/api/appeals/${repeat.id}/merge`, townWorker);
    assert.equal(again.statusCode, 409);

    const mine = (await t.request('GET', `/api/my/appeals/${repeat.id}`, citizen)).json();
    assert.ok(mine.events.some((e: { type: string }) => e.type === 'merged'), 'the filer sees the merge on the timeline');
    const originalEvents = (await t.request('GET', `/api/appeals/${original.id}`, townWorker)).json().events;
    assert.ok(originalEvents.some((e: { type: string; visibility: string }) => e.type === 'merged' && e.visibility === 'internal'));
    const notes = (await t.request('GET', '/api/my/notifications', citizen)).json();
    assert.ok(notes.items.some((n: { body: string }) => n.body.includes(original.trackingNo)), 'the filer is told where the answer will be');
  });

  it('returns the original answer for a retried POST with the same Idempotency-Key, and refuses the key for another body', async () => {
    const first = await fileAppeal(t, citizen, { title: '幂等测试' }, { 'idempotency-key': 'retry-1' });
    const again = await fileAppeal(t, citizen, { title: '幂等测试' }, { 'idempotency-key': 'retry-1' });
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().id, first.json().id);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const mine = (await t.request('GET', '/api/my/appeals?pageSize=100', citizen)).json().items.filter((a: { title: string }) => a.title === '幂等测试');
    assert.equal(mine.length, 1);
    const other = await fileAppeal(t, citizen, { title: '另一个请求' }, { 'idempotency-key': 'retry-1' });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().code, 'idempotency_key_reused');
  });

  it('classifies an appeal filed without a category and shows staff the confidence', async () => {
    const r = await fileAppeal(t, citizen, { categoryCode: undefined, title: '社保卡挂失', body: '社保卡丢了，想挂失补卡，需要带什么材料？' });
    const id = r.json().id;
    assert.equal(r.json().categoryCode, 'card');
    const staffView = await t.request('GET', `/api/appeals/${id}`, townWorker);
    assert.ok(staffView.json().appeal.categoryConfidence > 0.5);
  });

  it('refuses bad input with clear problems', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ title: '' }, 400, 'validation_failed'],
      [{ body: '   ' }, 400, 'validation_failed'],
      [{ body: '长'.repeat(5001) }, 400, 'validation_failed'],
      [{ categoryCode: 'no_such_category' }, 422, 'unknown_category'],
      [{ regionCode: '999999001' }, 422, 'unknown_region'],
      [{ regionCode: '6401' }, 400, 'validation_failed'],
      [{ kind: 'praise' }, 400, 'validation_failed'],
    ];
    for (const [override, status, code] of cases) {
      const r = await fileAppeal(t, citizen, override);
      assert.equal(r.statusCode, status, JSON.stringify(override));
      assert.equal(r.json().code, code, JSON.stringify(override));
    }
  });

  it('stores HTML as typed and masks identifiers on the public wall', async () => {
    const body = '<script>alert(1)</script> 我的身份证 640104196003041015，电话 13912345678';
    const r = await fileAppeal(t, citizen, { title: '<b>测试</b>', body });
    assert.equal(r.json().body, body.trim());
    const wall = await t.request('GET', `/api/public/appeals?q=${encodeURIComponent('测试')}`);
    const item = wall.json().items.find((a: { trackingNo: string }) => a.trackingNo === r.json().trackingNo);
    assert.equal(item.title, '<b>测试</b>');
    assert.match(item.body, /640104\*{8}1015/);
    assert.match(item.body, /139\*{4}5678/);
    assert.doesNotMatch(item.body, /640104196003041015/);
  });

  it('walks the workflow: acknowledge, reply, bad rating → redo, bad again → the county; no second rating', async () => {
    const id = (await fileAppeal(t, citizen, { title: '流程测试' })).json().id;
    // Cannot reply before acknowledging.
    assert.equal((await t.request('POST', `/api/appeals/${id}/reply`, townWorker, { body: '答复', resolved: true })).json().code, 'transition_not_allowed');
    assert.equal((await t.request('POST', `/api/appeals/${id}/acknowledge`, townWorker)).json().status, 'in_progress');
    assert.equal((await t.request('POST', `/api/appeals/${id}/notes`, townWorker, { body: '内部：已联系社保中心核实' })).statusCode, 204);
    const replied = await t.request('POST', `/api/appeals/${id}/reply`, townWorker, { body: '经核实，已补发。', resolved: true });
    assert.equal(replied.json().status, 'replied');

    // The citizen is told in the notification centre, and can mark it read.
    const inbox = (await t.request('GET', '/api/my/notifications', citizen)).json();
    const notice = inbox.items.find((n: { link: string }) => n.link === `/portal/appeals/${id}`);
    assert.ok(notice, 'a notification about the reply');
    assert.match(notice.title, /答复/);
    assert.ok(inbox.unread >= 1);
    assert.equal((await t.request('POST', `/api/my/notifications/${notice.id}/read`, citizen)).json().updated, 1);
    assert.equal((await t.request('POST', `/api/my/notifications/${notice.id}/read`, citizen)).json().updated, 0);
    assert.equal((await t.request('GET', '/api/my/notifications', townWorker)).statusCode, 403, 'staff have no citizen inbox');

    // The citizen sees the public timeline, not the internal note.
    const own = (await t.request('GET', `/api/my/appeals/${id}`, citizen)).json();
    assert.ok(own.events.some((e: { type: string }) => e.type === 'replied'));
    assert.ok(!own.events.some((e: { type: string }) => e.type === 'note'));

    const bad = await t.request('POST', `/api/my/appeals/${id}/rating`, citizen, { rating: 2, comment: '没有解决' });
    assert.equal(bad.json().status, 'in_progress');
    const detail = (await t.request('GET', `/api/appeals/${id}`, townWorker)).json().appeal;
    assert.equal(detail.redoCount, 1);
    assert.equal(detail.publicReply, null, 'the rejected reply is no longer shown as the answer');
    assert.ok(detail.callbackDueAt, 'a named citizen who rated badly must be called back');
    assert.equal((await t.request('POST', `/api/appeals/${id}/callback`, townWorker, { body: '已电话回访' })).statusCode, 200);

    await t.request('POST', `/api/appeals/${id}/reply`, townWorker, { body: '再次核实后补发。', resolved: true });
    const again = await t.request('POST', `/api/my/appeals/${id}/rating`, citizen, { rating: 1 });
    assert.equal(again.json().status, 'submitted');
    assert.equal(again.json().departmentName, '兴庆区人力资源和社会保障局', 'escalated one level up to the county');

    const county = await t.loginStaff('xq.caseworker');
    await t.request('POST', `/api/appeals/${id}/acknowledge`, county);
    await t.request('POST', `/api/appeals/${id}/reply`, county, { body: '区人社局督办后已解决。', resolved: true });
    assert.equal((await t.request('POST', `/api/my/appeals/${id}/rating`, citizen, { rating: 5 })).json().status, 'closed');
    const twice = await t.request('POST', `/api/my/appeals/${id}/rating`, citizen, { rating: 4 });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'already_rated');
    assert.equal((await t.request('POST', `/api/appeals/${id}/reply`, county, { body: 'x', resolved: true })).json().code, 'transition_not_allowed');
  });

  it('does not let a citizen rate someone else’s appeal', async () => {
    const id = (await fileAppeal(t, citizen, { title: '他人评价测试' })).json().id;
    const other = await signUpCitizen(t, 103);
    const r = await t.request('POST', `/api/my/appeals/${id}/rating`, other, { rating: 5 });
    assert.equal(r.statusCode, 404);
  });

  it('keeps another county’s caseworker away from the appeal by every route', async () => {
    const id = (await fileAppeal(t, citizen, { title: '跨区测试' })).json().id;
    const list = (await t.request('GET', '/api/appeals?pageSize=100', xixiaWorker)).json();
    assert.ok(!list.items.some((a: { id: string }) => a.id === id));
    for (const [method, path, body] of [
      ['GET', `/api/appeals/${id}`, undefined],
      ['POST', `/api/appeals/${id}/acknowledge`, undefined],
      ['POST', `/api/appeals/${id}/notes`, { body: 'x' }],
      ['POST', `/api/appeals/${id}/reply`, { body: 'x', resolved: true }],
      ['POST', `/api/appeals/${id}/return`, { reason: 'x' }],
      ['POST', `/api/appeals/${id}/callback`, { body: 'x' }],
    ] as const) {
      const r = await t.request(method, path, xixiaWorker, body);
      assert.equal(r.statusCode, 404, `${method} ${path}`);
    }
  });

  it('transfers with a reason and returns a mis-routed appeal to the city dispatcher', async () => {
    const id = (await fileAppeal(t, citizen, { title: '转办测试', regionCode: XIXIA_TOWN })).json().id;
    // Any bureau of the city is a transfer target, also for a caseworker.
    const departments = (await t.request('GET', '/api/appeals/departments', xixiaWorker)).json();
    assert.ok(departments.every((d: { regionCode: string }) => d.regionCode.startsWith('6401')));
    const xingqing = departments.find((d: { regionCode: string }) => d.regionCode === '640104');
    const moved = await t.request('POST', `/api/appeals/${id}/transfer`, xixiaWorker, { departmentId: xingqing.id, reason: '属兴庆区管辖' });
    assert.equal(moved.statusCode, 200);
    assert.equal(moved.json().departmentName, '兴庆区人力资源和社会保障局');
    assert.equal((await t.request('GET', `/api/appeals/${id}`, xixiaWorker)).statusCode, 404, 'gone from the sender');
    const county = await t.loginStaff('xq.head');
    const back = await t.request('POST', `/api/appeals/${id}/return`, county, { reason: '非本部门职责' });
    assert.equal(back.json().status, 'returned');
    assert.equal(back.json().departmentName, '银川市人力资源和社会保障局');
  });

  it('lets hotline staff file on behalf of a caller', async () => {
    const r = await t.request('POST', '/api/appeals/hotline', townWorker, {
      kind: 'consultation',
      title: '来电咨询灵活就业参保',
      body: '来电人询问灵活就业人员如何参加职工养老保险。',
      regionCode: TOWN,
      isPublic: false,
      anonymous: false,
      contactName: '王先生',
      contactPhone: '13800001111',
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().channel, 'hotline');
    assert.equal(r.json().categoryCode, 'flexible_workers');
    assert.equal(r.json().contactPhoneMasked, '138****1111');
    const detail = await t.request('GET', `/api/appeals/${r.json().id}`, townWorker);
    assert.deepEqual(r.json(), detail.json().appeal, 'the answer to the filing is what a read shows, the classifier’s confidence included');
    const [filed] = detail.json().events;
    assert.equal(filed.type, 'filed');
    assert.equal(filed.actorKind, 'staff', 'the timeline names the operator who entered the call');
    const entries = await t.minsheng.platform.database.rows<{ actor_kind: string; actor_id: string }>(
      `select actor_kind, actor_id from audit.entries where target_id = $1 and action = 'appeal.filed'`,
      [r.json().id],
    );
    assert.deepEqual(entries.map((e) => e.actor_kind), ['staff'], 'and so does the audit log');
    const pub = await t.request('GET', `/api/public/appeals/${r.json().trackingNo}`);
    assert.equal(pub.json().body, null, 'a private appeal shows only its status');
  });
});

describe('appeals: supervision survives a restart', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ citizens: 1 });
  });
  after(() => t.close());

  it('reminds, notices and escalates exactly once each, also after the server restarts', async () => {
    const citizen = await signUpCitizen(t, 201);
    const filed = (await fileAppeal(t, citizen, { title: '督办测试' })).json();
    const due = new Date(filed.replyDueAt);
    const day = 24 * 3600_000;

    // The server stops; another starts on the same database.
    await t.minsheng.close();
    const { createMinsheng } = await import('../../app.ts');
    const { testConfig } = await import('../../test-support/harness.ts');
    const second = await createMinsheng(testConfig(t.secretsEnv), { database: t.testDb.database, serveWeb: false, schedulers: false });
    t.minsheng = second;
    const supervise = (now: Date) => second.modules.appeals.service.supervise(now);

    assert.deepEqual(await supervise(new Date(due.getTime() - 1000)), { reminders: 0, notices: 0, escalations: 0, closed: 0 });
    // Missed while down: well past the next working morning, it still fires, once.
    const later = new Date(due.getTime() + 4 * day);
    assert.equal((await supervise(later)).reminders, 1);
    assert.equal((await supervise(later)).reminders, 0);
    const [r1, r2] = await Promise.all([supervise(new Date(later.getTime() + 14 * day)), supervise(new Date(later.getTime() + 14 * day))]);
    assert.equal(r1.notices + r2.notices, 1, 'two runs at once fire the notice once');
    const esc = await supervise(new Date(later.getTime() + 15 * day));
    assert.equal(esc.escalations, 1);
    assert.equal((await supervise(new Date(later.getTime() + 16 * day))).escalations, 0);

    const county = await t.loginStaff('xq.caseworker');
    const detail = (await t.request('GET', `/api/appeals/${filed.id}`, county)).json();
    assert.equal(detail.appeal.escalationLevel, 1);
    assert.equal(detail.appeal.departmentName, '兴庆区人力资源和社会保障局');
    const types = detail.events.map((e: { type: string }) => e.type);
    assert.deepEqual(types.filter((x: string) => ['reminder', 'notice', 'escalated'].includes(x)), ['reminder', 'notice', 'escalated']);
  });
});

describe('appeals: extensions (延期)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ citizens: 1 });
  });
  after(() => t.close());

  it('extends the deadline only before it passes, with a supervisor’s approval, and counts it', async () => {
    const citizen = await signUpCitizen(t, 401);
    const filed = (await fileAppeal(t, citizen, { title: '延期测试' })).json();
    const worker = await t.loginStaff('xqfh.caseworker');
    const supervisor = await t.loginStaff('xqfh.supervisor');
    const asked = await t.request('POST', `/api/appeals/${filed.id}/extension`, worker, { days: 5, reason: '需要调取外省缴费记录' });
    assert.equal(asked.statusCode, 200, asked.body);
    assert.equal(asked.json().extensionRequestedDays, 5);
    assert.equal((await t.request('POST', `/api/appeals/${filed.id}/extension`, worker, { days: 3, reason: '再申请' })).json().code, 'extension_pending');
    // A caseworker cannot approve their own request.
    assert.equal((await t.request('POST', `/api/appeals/${filed.id}/extension/decision`, worker, { approve: true })).statusCode, 403);
    const approved = await t.request('POST', `/api/appeals/${filed.id}/extension/decision`, supervisor, { approve: true });
    assert.equal(approved.statusCode, 200);
    assert.equal(approved.json().extensionCount, 1);
    assert.equal(approved.json().extensionRequestedDays, null);
    const before = new Date(filed.replyDueAt);
    const after = new Date(approved.json().replyDueAt);
    assert.ok(after > before);
    assert.ok((after.getTime() - before.getTime()) / 86400_000 >= 5, 'five working days are at least five calendar days');
    assert.equal((await t.request('POST', `/api/appeals/${filed.id}/extension/decision`, supervisor, { approve: false })).json().code, 'no_extension_pending');
  });

  it('refuses an extension once the deadline has passed', async () => {
    const citizen = await signUpCitizen(t, 402);
    const filed = (await fileAppeal(t, citizen, { title: '超期延期测试' })).json();
    // The deadline passes while nothing happens: moved into the past as a supervisor clock would see it.
    await t.testDb.database.rows(`update appeals.appeals set reply_due_at = now() - interval '1 hour' where id = $1`, [filed.id]);
    const worker = await t.loginStaff('xqfh.head');
    const r = await t.request('POST', `/api/appeals/${filed.id}/extension`, worker, { days: 5, reason: '太忙' });
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().code, 'deadline_passed');
  });
});

describe('appeals: routing rules and time limits as data', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ citizens: 1 });
  });
  after(() => t.close());

  it('lets the system administrator send 西夏区 pension appeals to the county and shorten the limit; others may not', async () => {
    const admin = await t.loginStaff('yc.sysadmin');
    const config = (await t.request('GET', '/api/appeals/config', admin)).json();
    const rules = config.routingRules.map(({ categoryCode, regionPrefix, level, note }: Record<string, unknown>) => ({ categoryCode, regionPrefix, level, note }));
    const put = await t.request('PUT', '/api/appeals/config/routing-rules', admin, [...rules, { categoryCode: 'pension', regionPrefix: '640105', level: 'county', note: '西夏区养老由区局直办' }]);
    assert.equal(put.statusCode, 200, put.body);
    const limits = config.timeLimits.map(({ categoryCode, kind, ackWorkingHours, replyWorkingDays }: Record<string, unknown>) => ({ categoryCode, kind, ackWorkingHours, replyWorkingDays }));
    const withPension = [...limits, { categoryCode: 'pension', kind: null, ackWorkingHours: 2, replyWorkingDays: 3 }];
    assert.equal((await t.request('PUT', '/api/appeals/config/time-limits', admin, withPension)).statusCode, 200);

    const citizen = await signUpCitizen(t, 501);
    const filed = (await fileAppeal(t, citizen, { regionCode: XIXIA_TOWN })).json();
    assert.equal(filed.departmentName, '西夏区人力资源和社会保障局');
    const days = (new Date(filed.replyDueAt).getTime() - new Date(filed.createdAt).getTime()) / 86400_000;
    assert.ok(days < 8, 'three working days, not fifteen');

    // Bad edits are refused whole.
    assert.equal((await t.request('PUT', '/api/appeals/config/routing-rules', admin, [{ categoryCode: 'pension', regionPrefix: '', level: 'town' }])).json().code, 'default_rule_required');
    assert.equal((await t.request('PUT', '/api/appeals/config/routing-rules', admin, [...rules, { categoryCode: 'nope', regionPrefix: '', level: 'town' }])).json().code, 'unknown_category');
    assert.equal((await t.request('PUT', '/api/appeals/config/time-limits', admin, [{ categoryCode: 'pension', kind: null, ackWorkingHours: 1, replyWorkingDays: 1 }])).json().code, 'default_limit_required');
    assert.equal((await t.request('PUT', '/api/appeals/config/routing-rules', admin, [{ categoryCode: null, regionPrefix: '', level: 'street' }])).statusCode, 400);
    const worker = await t.loginStaff('xx.caseworker');
    assert.equal((await t.request('PUT', '/api/appeals/config/routing-rules', worker, rules)).statusCode, 403);
    assert.equal((await t.request('GET', '/api/appeals/config', worker)).statusCode, 403);
  });
});
