import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Response as InjectResponse } from 'light-my-request';
import { loadConfig, type Config } from '@core/config/config.ts';
import { openDatabase, type Database } from '@core/db/client.ts';
import { totpCode, TOTP_PERIOD_SECONDS } from '@core/auth/totp.ts';
import { createMinsheng, type Minsheng } from '../app.ts';
import { DEMO_PASSWORD, demoTotpSecret, seedDemo, type DemoSummary } from '../demo/seed.ts';

/**
 * Tests run on a real PostgreSQL: an in-memory PGlite by default, or a fresh database on the
 * server named by DATABASE_URL (CI runs the suite both ways).
 */
export interface TestDatabase {
  database: Database;
  /** What a CLI process needs to open the same database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * Drops a test database. Plain DROP DATABASE first: PostgreSQL itself stops an autovacuum worker
 * busy on it, whereas WITH (FORCE) refuses to terminate a worker that is not the caller's (42501).
 * FORCE only when a session of ours is still connected (55006).
 */
async function dropTestDatabase(client: pg.Client, name: string) {
  try {
    await client.query(`drop database if exists ${name}`);
  } catch (error) {
    if ((error as { code?: string }).code !== '55006') throw error;
    await client.query(`drop database if exists ${name} with (force)`);
  }
}

export async function createTestDatabase(options: { onDisk?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `minsheng_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString() });
    return {
      database,
      env: { DATABASE_URL: url.toString() },
      async drop() {
        await database.close().catch(() => undefined);
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        try {
          await dropTestDatabase(client, name);
        } finally {
          await client.end();
        }
      },
    };
  }
  const dir = options.onDisk ? mkdtempSync(path.join(os.tmpdir(), 'minsheng-test-')) : undefined;
  let database = await openDatabase({ pgliteDir: dir });
  return {
    get database() {
      return database;
    },
    env: dir ? { MINSHENG_DATA_DIR: dir } : {},
    async drop() {
      await database.close().catch(() => undefined);
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    // Allows a test to close the database, let a CLI process use it, and open it again.
    async reopen() {
      await database.close().catch(() => undefined);
      database = await openDatabase({ pgliteDir: dir });
      return database;
    },
  } as TestDatabase & { reopen(): Promise<Database> };
}

/** Secrets made for this test run only; the same ones go to any CLI process the test starts. */
export function testSecrets() {
  const fieldKey = randomBytes(32).toString('base64');
  const indexKey = randomBytes(32).toString('base64');
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    MINSHENG_FIELD_KEY: fieldKey,
    MINSHENG_INDEX_KEY: indexKey,
    MINSHENG_AUDIT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export function testConfig(secretsEnv: Record<string, string> = testSecrets(), env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    MINSHENG_DATA_DIR: os.tmpdir(),
    MINSHENG_ORIGIN: 'http://localhost:3000',
    // Every test request comes from one address; the limit itself has its own test.
    MINSHENG_LOGIN_RATE_LIMIT: '10000',
    ...secretsEnv,
    ...env,
  });
}

export interface Cookies {
  ms_session?: string;
  ms_csrf?: string;
  [name: string]: string | undefined;
}

export interface TestApp {
  minsheng: Minsheng;
  testDb: TestDatabase;
  demo: DemoSummary;
  secretsEnv: Record<string, string>;
  /** Logs a demo staff member in with password and TOTP; returns the session cookies. */
  loginStaff(username: string): Promise<Cookies>;
  /** Sends a request with cookies and the CSRF header taken from them. */
  request(method: string, url: string, cookies?: Cookies, payload?: unknown): Promise<InjectResponse>;
  close(): Promise<void>;
}

export function cookiesOf(response: { cookies: { name: string; value: string }[] }, previous: Cookies = {}): Cookies {
  const next = { ...previous };
  for (const c of response.cookies) next[c.name] = c.value;
  return next;
}

const usedSteps = new Map<string, number>();

/** A TOTP code this user has not used yet (codes are single-use; the next step is accepted too). */
export async function freshTotp(secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const step = Math.floor(now / TOTP_PERIOD_SECONDS);
  const last = usedSteps.get(secret) ?? -1;
  const use = Math.max(step, last + 1);
  if (use > step + 1) throw new Error('test logged the same user in more than twice in one TOTP period');
  usedSteps.set(secret, use);
  return totpCode(secret, use * TOTP_PERIOD_SECONDS);
}

export async function createTestApp(options: { citizens?: number; onDisk?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const testDb = await createTestDatabase({ onDisk: options.onDisk });
  const secretsEnv = testSecrets();
  const minsheng = await createMinsheng(testConfig(secretsEnv, options.env), { database: testDb.database, serveWeb: false });
  const demo = await seedDemo(minsheng.platform, { citizens: options.citizens ?? 60 });
  if (!demo) throw new Error('demo seed did not run on a fresh database');
  async function request(method: string, url: string, cookies: Cookies = {}, payload?: unknown) {
    const headers: Record<string, string> = {};
    if (cookies.ms_csrf) headers['x-csrf-token'] = cookies.ms_csrf;
    const jar = Object.fromEntries(Object.entries(cookies).filter(([, v]) => v !== undefined)) as Record<string, string>;
    // The current app: a test may restart the server on the same database.
    return testApp.minsheng.app.inject({ method: method as 'GET', url, cookies: jar, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  }

  async function loginStaff(username: string): Promise<Cookies> {
    const first = await request('POST', '/api/auth/staff/login', {}, { username, password: DEMO_PASSWORD });
    if (first.statusCode !== 200) throw new Error(`password step failed for ${username}: ${first.body}`);
    const pending = cookiesOf(first);
    const second = await request('POST', '/api/auth/second-factor/totp', pending, { code: await freshTotp(demoTotpSecret(username)) });
    if (second.statusCode !== 200) throw new Error(`TOTP step failed for ${username}: ${second.body}`);
    return cookiesOf(second);
  }

  const testApp: TestApp = {
    minsheng,
    testDb,
    demo,
    secretsEnv,
    loginStaff,
    request,
    async close() {
      await testApp.minsheng.close();
      await testDb.drop();
    },
  };
  return testApp;
}
