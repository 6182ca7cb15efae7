import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, cookiesOf, freshTotp, type TestApp } from '../../test-support/harness.ts';
import { DEMO_PASSWORD, demoTotpSecret } from '../../demo/seed.ts';
import { totpCode } from './totp.ts';
import { generate as otp } from 'otplib';

describe('staff login with a second factor', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('logs a caseworker in with password then TOTP, and shows who they are', async () => {
    const cookies = await t.loginStaff('xq.caseworker');
    const me = await t.request('GET', '/api/auth/me', cookies);
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().username, 'xq.caseworker');
    assert.deepEqual(me.json().roles, ['caseworker']);
    assert.equal(me.json().department.regionCode, '640104');
  });

  it('never logs anyone in with the password alone', async () => {
    const first = await t.request('POST', '/api/auth/staff/login', {}, { username: 'yc.supervisor', password: DEMO_PASSWORD });
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), { next: 'second_factor', methods: ['totp', 'recovery'] });
    const pending = cookiesOf(first);
    for (const url of ['/api/auth/me', '/api/citizens', '/api/console/overview', '/api/auth/sessions']) {
      const r = await t.request('GET', url, pending);
      assert.equal(r.statusCode, 401, url);
      assert.equal(r.json().code, 'second_factor_pending', url);
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    }
  });

  it('refuses a wrong, expired or replayed TOTP code', async () => {
    const secret = demoTotpSecret('xx.caseworker');
    const pending = cookiesOf(await t.request('POST', '/api/auth/staff/login', {}, { username: 'xx.caseworker', password: DEMO_PASSWORD }));
    const wrong = await t.request('POST', '/api/auth/second-factor/totp', pending, { code: '000000' === (await totpCode(secret)) ? '111111' : '000000' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().code, 'totp_invalid');
    const expired = await t.request('POST', '/api/auth/second-factor/totp', pending, { code: await otp({ secret, epoch: Math.floor(Date.now() / 1000) - 300 }) });
    assert.equal(expired.json().code, 'totp_invalid');

    const code = await freshTotp(secret);
    const ok = await t.request('POST', '/api/auth/second-factor/totp', pending, { code });
    assert.equal(ok.statusCode, 200);
    const again = cookiesOf(await t.request('POST', '/api/auth/staff/login', {}, { username: 'xx.caseworker', password: DEMO_PASSWORD }));
    const replay = await t.request('POST', '/api/auth/second-factor/totp', again, { code });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().code, 'totp_replayed');
  });

  it('locks an account after five wrong passwords, with a growing lockout', async () => {
    let last;
    for (let i = 0; i < 5; i++) {
      last = await t.request('POST', '/api/auth/staff/login', {}, { username: 'jf.caseworker', password: 'wrong-password-1' });
    }
    assert.equal(last!.statusCode, 423);
    assert.equal(last!.json().code, 'account_locked');
    assert.ok(last!.json().retryAfterSeconds > 0 && last!.json().retryAfterSeconds <= 60);
    assert.equal(last!.headers['retry-after'], String(last!.json().retryAfterSeconds));
    // Even the right password is refused while locked.
    const right = await t.request('POST', '/api/auth/staff/login', {}, { username: 'jf.caseworker', password: DEMO_PASSWORD });
    assert.equal(right.statusCode, 423);

    // The security administrator lifts it; the next lockout lasts twice as long.
    const sec = await t.loginStaff('yc.secadmin');
    const list = await t.request('GET', '/api/staff?q=jf.caseworker', sec);
    const target = list.json().items[0];
    assert.equal(target.locked, true);
    assert.equal((await t.request('POST', `/api/staff/${target.id}/unlock`, sec)).statusCode, 204);
    for (let i = 0; i < 5; i++) {
      last = await t.request('POST', '/api/auth/staff/login', {}, { username: 'jf.caseworker', password: 'wrong-password-2' });
    }
    assert.equal(last!.statusCode, 423);
    assert.ok(last!.json().retryAfterSeconds > 60 && last!.json().retryAfterSeconds <= 120);
  });

  it('answers the same for an unknown user as for a wrong password', async () => {
    const r = await t.request('POST', '/api/auth/staff/login', {}, { username: 'nobody-here', password: DEMO_PASSWORD });
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().code, 'invalid_credentials');
  });

  it('revokes sessions: one by its owner, all by the security administrator', async () => {
    const a = await t.loginStaff('xq.head');
    const b = await t.loginStaff('xq.head');
    const sessions = await t.request('GET', '/api/auth/sessions', a);
    assert.equal(sessions.json().length, 2);
    const other = sessions.json().find((s: { current: boolean }) => !s.current);
    assert.equal((await t.request('DELETE', `/api/auth/sessions/${other.id}`, a)).statusCode, 204);
    assert.equal((await t.request('GET', '/api/auth/me', b)).statusCode, 401);
    assert.equal((await t.request('GET', '/api/auth/me', a)).statusCode, 200);

    const sec = await t.loginStaff('yc.secadmin');
    const id = (await t.request('GET', '/api/auth/me', a)).json().id;
    const revoked = await t.request('POST', `/api/staff/${id}/revoke-sessions`, sec);
    assert.equal(revoked.statusCode, 200);
    assert.equal(revoked.json().revoked, 1);
    const gone = await t.request('GET', '/api/auth/me', a);
    assert.equal(gone.statusCode, 401);
    assert.equal(gone.json().code, 'session_invalid');
  });

  it('logs out', async () => {
    const c = await t.loginStaff('xx.head');
    assert.equal((await t.request('POST', '/api/auth/logout', c)).statusCode, 204);
    assert.equal((await t.request('GET', '/api/auth/me', c)).statusCode, 401);
  });

  it('rejects forged session cookies and writes without the CSRF token', async () => {
    const forged = await t.request('GET', '/api/auth/me', { ms_session: 'forged-token-value' });
    assert.equal(forged.statusCode, 401);
    assert.equal(forged.json().code, 'session_invalid');
    const c = await t.loginStaff('xx.supervisor');
    const noCsrf = await t.request('POST', '/api/auth/recovery-codes', { ms_session: c.ms_session });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().code, 'csrf_failed');
    const wrongCsrf = await t.request('POST', '/api/auth/recovery-codes', { ...c, ms_csrf: 'x'.repeat(43) });
    assert.equal(wrongCsrf.json().code, 'csrf_failed');
    const ok = await t.request('POST', '/api/auth/recovery-codes', c);
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().recoveryCodes.length, 10);
  });

  it('makes a new staff member enrol TOTP before the first session is active, then accepts a recovery code', async () => {
    const admin = await t.loginStaff('yc.sysadmin');
    const departments = (await t.request('GET', '/api/departments', admin)).json();
    const town = departments.find((d: { regionCode: string }) => d.regionCode === '640104001');
    const created = await t.request('POST', '/api/staff', admin, {
      username: 'new.caseworker',
      displayName: '新同事',
      departmentId: town.id,
      roles: ['caseworker'],
      password: 'Welcome-2026-x',
    });
    assert.equal(created.statusCode, 201);

    const first = await t.request('POST', '/api/auth/staff/login', {}, { username: 'new.caseworker', password: 'Welcome-2026-x' });
    assert.deepEqual(first.json(), { next: 'enrol' });
    const enrolling = cookiesOf(first);
    assert.equal((await t.request('GET', '/api/citizens', enrolling)).statusCode, 401);
    const start = await t.request('POST', '/api/auth/enrol/totp/start', enrolling);
    assert.equal(start.statusCode, 200);
    assert.match(start.json().otpauthUrl, /^otpauth:\/\/totp\//);
    const confirm = await t.request('POST', '/api/auth/enrol/totp/confirm', enrolling, { code: await freshTotp(start.json().secret) });
    assert.equal(confirm.statusCode, 200);
    const recovery: string[] = confirm.json().recoveryCodes;
    assert.equal(recovery.length, 10);
    const active = cookiesOf(confirm, enrolling);
    assert.equal((await t.request('GET', '/api/auth/me', active)).json().secondFactors.totp, true);

    const again = cookiesOf(await t.request('POST', '/api/auth/staff/login', {}, { username: 'new.caseworker', password: 'Welcome-2026-x' }));
    const viaRecovery = await t.request('POST', '/api/auth/second-factor/recovery', again, { code: recovery[0] });
    assert.equal(viaRecovery.statusCode, 200);
    const reuse = cookiesOf(await t.request('POST', '/api/auth/staff/login', {}, { username: 'new.caseworker', password: 'Welcome-2026-x' }));
    const second = await t.request('POST', '/api/auth/second-factor/recovery', reuse, { code: recovery[0] });
    assert.equal(second.json().code, 'recovery_code_invalid');
  });

  it('refuses an account with two administrator roles', async () => {
    const admin = await t.loginStaff('yc.sysadmin');
    const departments = (await t.request('GET', '/api/departments', admin)).json();
    const r = await t.request('POST', '/api/staff', admin, {
      username: 'too.powerful',
      displayName: 'x',
      departmentId: departments[0].id,
      roles: ['sysadmin', 'auditadmin'],
      password: 'Welcome-2026-x',
    });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'admin_roles_not_separable');
  });
});

describe('citizen sign-up and login', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ citizens: 5 });
  });
  after(() => t.close());

  it('signs a citizen up by ID number, derives birth date and sex, and masks the number', async () => {
    const r = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber: '64010419900517123X'.slice(0, 17) + 'X', name: '王小明', password: 'Citizen-2026' });
    // The check digit above is made up: refused with a clear reason.
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'invalid_id_number');

    const { makeResidentId } = await import('../identity/resident-id.ts');
    const idNumber = makeResidentId('640104', '1990-05-17', 124);
    const ok = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber, name: '王小红', password: 'Citizen-2026', phone: '13912345678' });
    assert.equal(ok.statusCode, 201);
    const me = ok.json().me;
    assert.equal(me.birthDate, '1990-05-17');
    assert.equal(me.sex, 'female');
    assert.equal(me.idNumberMasked, `640104********${idNumber.slice(-4)}`);
    assert.equal(me.phoneMasked, '139****5678');
    assert.ok(!JSON.stringify(ok.json()).includes(idNumber));

    const dup = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber, name: '王小红', password: 'Citizen-2026' });
    assert.equal(dup.statusCode, 409);

    const login = await t.request('POST', '/api/auth/citizen/login', {}, { idNumber, password: 'Citizen-2026' });
    assert.equal(login.statusCode, 200);
    assert.equal(login.json().next, 'done');
    const portal = cookiesOf(login);
    assert.equal((await t.request('GET', '/api/auth/me', portal)).json().kind, 'citizen');
    // A citizen session cannot use staff endpoints.
    assert.equal((await t.request('GET', '/api/citizens', portal)).statusCode, 403);
  });

  it('lets a citizen turn on TOTP, after which the password alone no longer logs them in', async () => {
    const { makeResidentId } = await import('../identity/resident-id.ts');
    const idNumber = makeResidentId('640105', '1975-03-08', 31);
    const signup = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber, name: '赵敏', password: 'Citizen-2026' });
    const portal = cookiesOf(signup);
    const start = await t.request('POST', '/api/auth/enrol/totp/start', portal);
    const confirm = await t.request('POST', '/api/auth/enrol/totp/confirm', portal, { code: await freshTotp(start.json().secret) });
    assert.equal(confirm.statusCode, 200);
    assert.equal(confirm.json().recoveryCodes.length, 10);
    await t.request('POST', '/api/auth/logout', portal);

    const login = await t.request('POST', '/api/auth/citizen/login', {}, { idNumber, password: 'Citizen-2026' });
    assert.deepEqual(login.json(), { next: 'second_factor', methods: ['totp', 'recovery'] });
    const pending = cookiesOf(login);
    assert.equal((await t.request('GET', '/api/auth/me', pending)).statusCode, 401);
    const done = await t.request('POST', '/api/auth/second-factor/totp', pending, { code: await freshTotp(start.json().secret) });
    assert.equal(done.statusCode, 200);
    assert.equal(done.json().me.secondFactors.totp, true);
  });

  it('asks for a weak password to be stronger', async () => {
    const { makeResidentId } = await import('../identity/resident-id.ts');
    const r = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber: makeResidentId('640105', '1980-01-01', 11), name: '李四', password: 'short' });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().code, 'weak_password');
    assert.equal(r.json().message.zh, '密码至少 10 位，并包含字母和数字');
  });
});
