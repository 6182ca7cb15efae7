import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test-support/harness.ts';
import { loadConfig, ConfigError } from '../config/config.ts';
import { seedDemo } from '../../demo/seed.ts';

function assertProblem(r: { statusCode: number; headers: Record<string, unknown>; json(): Record<string, unknown> }, status: number, code: string) {
  assert.equal(r.statusCode, status);
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  const body = r.json() as { code: string; message: { zh: string; en: string }; requestId: string };
  assert.equal(body.code, code);
  assert.ok(body.message.zh.length > 0 && body.message.en.length > 0);
  assert.equal(body.requestId, r.headers['x-request-id']);
}

describe('HTTP plumbing and bad input', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ citizens: 5, env: { MINSHENG_BODY_LIMIT_BYTES: '4096' } });
  });
  after(() => t.close());

  it('reports health of the server and the database', async () => {
    const r = await t.request('GET', '/api/health');
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().status, 'ok');
    assert.equal(r.json().database.ok, true);
    assert.equal(r.json().database.kind, process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('publishes an OpenAPI 3.1 document covering the routes', async () => {
    const r = await t.request('GET', '/api/openapi.json');
    const doc = r.json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/api/health', '/api/auth/staff/login', '/api/citizens/{id}/unmask', '/api/audit/entries']) assert.ok(doc.paths[path], path);
    assert.ok(!doc.paths['/api/system/control/backup'], 'the control channel is not public API');
  });

  it('answers malformed JSON, wrong types, unknown fields and oversized bodies with problem+json', async () => {
    const malformed = await t.minsheng.app.inject({ method: 'POST', url: '/api/auth/staff/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    assertProblem(malformed, 400, 'invalid_json');
    const wrongType = await t.request('POST', '/api/auth/staff/login', {}, { username: 42, password: ['x'] });
    assertProblem(wrongType, 400, 'validation_failed');
    const unknown = await t.request('POST', '/api/auth/staff/login', {}, { username: 'a', password: 'b', admin: true });
    assertProblem(unknown, 400, 'validation_failed');
    assert.deepEqual(unknown.json().errors, [{ path: '/body/admin', message: 'unknown field "admin"' }]);
    const big = await t.request('POST', '/api/auth/staff/login', {}, { username: 'a', password: 'x'.repeat(10_000) });
    assertProblem(big, 413, 'payload_too_large');
    const text = await t.minsheng.app.inject({ method: 'POST', url: '/api/auth/staff/login', payload: 'hello', headers: { 'content-type': 'text/plain' } });
    assertProblem(text, 415, 'unsupported_media_type');
    const badUuid = await t.request('GET', '/api/citizens/not-a-uuid', await t.loginStaff('xq.caseworker'));
    assertProblem(badUuid, 400, 'validation_failed');
    const badQuery = await t.request('GET', '/api/citizens?pageSize=100000', await t.loginStaff('xq.caseworker'));
    assertProblem(badQuery, 400, 'validation_failed');
  });

  it('answers unknown API routes with a 404 problem', async () => {
    assertProblem(await t.request('GET', '/api/nothing-here'), 404, 'route_not_found');
  });

  it('refuses invalid ID numbers at login without touching any account', async () => {
    const r = await t.request('POST', '/api/auth/citizen/login', {}, { idNumber: '110105194912310021', password: 'x' });
    assertProblem(r, 422, 'invalid_id_number');
  });

  it('sends security headers', async () => {
    const r = await t.request('GET', '/api/health');
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
  });

  it('sets the session cookie httpOnly and SameSite=Strict', async () => {
    const r = await t.request('POST', '/api/auth/staff/login', {}, { username: 'xq.caseworker', password: 'Demo-2026-minsheng' });
    const session = r.cookies.find((c) => c.name === 'ms_session')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(r.cookies.find((c) => c.name === 'ms_csrf')!.httpOnly, undefined);
  });
});

describe('rate limits', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ citizens: 1, env: { MINSHENG_LOGIN_RATE_LIMIT: '3', MINSHENG_RATE_LIMIT: '3' } });
  });
  after(() => t.close());

  it('answers 429 with Retry-After once a client tries to log in too often', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push((await t.request('POST', '/api/auth/staff/login', {}, { username: `nobody${i}`, password: 'x' })).statusCode);
    }
    assert.deepEqual(codes, [401, 401, 401, 429]);
    const last = await t.request('POST', '/api/auth/staff/login', {}, { username: 'nobody', password: 'x' });
    assertProblem(last, 429, 'rate_limited');
    assert.ok(Number(last.headers['retry-after']) > 0);
  });

  it('counts API requests per client, not the web app’s pages and files', async () => {
    const files: number[] = [];
    for (let i = 0; i < 5; i++) files.push((await t.request('GET', `/assets/chunk-${i}.js`)).statusCode);
    assert.ok(!files.includes(429), `files: ${files.join(',')}`);
    const api: number[] = [];
    for (let i = 0; i < 4; i++) api.push((await t.request('GET', '/api/public/appeals/kpis')).statusCode);
    assert.deepEqual(api.slice(0, 3).map((c) => c < 400), [true, true, true]);
    assert.equal(api[3], 429);
    // Open311 clients are counted too (and answered in the spec's own error format).
    assert.equal((await t.request('GET', '/open311/v2/discovery.json')).statusCode, 429);
  });
});

describe('production mode', () => {
  it('refuses to start without its secrets', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (e: unknown) => e instanceof ConfigError && /MINSHENG_FIELD_KEY/.test(e.message));
  });
  it('refuses demo data', async () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', MINSHENG_DEMO_DATA: 'true' }), ConfigError);
    const fake = { config: { env: 'production' } } as unknown as Parameters<typeof seedDemo>[0];
    await assert.rejects(seedDemo(fake), /never created in production/);
  });
});
