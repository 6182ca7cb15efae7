import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createAudit } from '../audit/audit.service.ts';
import { writeControlFile } from '../http/control.routes.ts';
import { createTestApp, createTestDatabase, type TestApp } from '../../test-support/harness.ts';
import { backupTables, backupToFile, restoreFromFile, RestoreError } from './backup.ts';
import type { Database } from './client.ts';
import * as schema from '../../schema.ts';
import { seedDemoAppeals } from '../../demo/appeals.seed.ts';

const run = promisify(execFile);

/** The KPI sums the triggers keep: left out of backups, rebuilt by a restore. */
async function kpiSums(database: Database): Promise<string[]> {
  return (await database.rows<{ j: string }>(`select row_to_json(k)::text as j from appeals.kpi_daily k where filed <> 0`)).map((r) => r.j).sort();
}

/** Every row of every table, as PostgreSQL renders it, in a stable order. */
async function contents(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of backupTables(schema)) {
    const rows = await database.rows<{ j: string }>(`select row_to_json(t)::text as j from ${table} t`);
    out[table] = rows.map((r) => r.j).sort();
  }
  return out;
}

describe('backup and restore', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await createTestApp({ citizens: 50, onDisk: true });
    // Some activity, so sessions, audit entries, checkpoints and settled appeals are in the snapshot.
    await t.loginStaff('xq.caseworker');
    await seedDemoAppeals(t.minsheng, 24);
    await t.minsheng.platform.audit.seal();
    dir = mkdtempSync(path.join(os.tmpdir(), 'minsheng-backup-'));
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a demo database and the restored audit log verifies', async () => {
    const file = path.join(dir, 'demo.backup.gz');
    const rows = await backupToFile(t.minsheng.platform.database, file, schema);
    assert.ok(rows > 1000, `backup has ${rows} rows`);

    const target = await createTestDatabase();
    try {
      const restored = await restoreFromFile(target.database, file, { schema });
      assert.equal(restored, rows);
      assert.deepEqual(await contents(target.database), await contents(t.minsheng.platform.database));
      const sums = await kpiSums(t.minsheng.platform.database);
      assert.ok(sums.length > 0, 'some demo appeals are settled');
      assert.deepEqual(await kpiSums(target.database), sums);
      const audit = createAudit({ database: target.database, signingKeyPem: t.secretsEnv.MINSHENG_AUDIT_SIGNING_KEY! });
      const report = await audit.verifyAll();
      assert.equal(report.ok, true);
      assert.ok(report.checkpoints >= 1);
      // Sequences continue after the restored rows: new checkpoints can be added.
      await audit.record({ actor: { kind: 'system' }, action: 'after.restore', channel: 'system' });
      assert.equal(await audit.seal(), 1);
      assert.equal((await audit.verifyAll()).ok, true);

      await assert.rejects(restoreFromFile(target.database, file, { schema }), (e: unknown) => e instanceof RestoreError && /not empty/.test(e.message));
      const again = await restoreFromFile(target.database, file, { force: true, schema });
      assert.equal(again, rows);
      assert.deepEqual(await contents(target.database), await contents(t.minsheng.platform.database));
      assert.deepEqual(await kpiSums(target.database), sums);
    } finally {
      await target.drop();
    }
  });

  it('refuses a file that is not a backup', async () => {
    const file = path.join(dir, 'not-a-backup.gz');
    const { writeFileSync } = await import('node:fs');
    const { gzipSync } = await import('node:zlib');
    writeFileSync(file, gzipSync('hello\n'));
    const target = await createTestDatabase();
    try {
      await assert.rejects(restoreFromFile(target.database, file, { schema }), RestoreError);
    } finally {
      await target.drop();
    }
  });

  it('takes a backup with the CLI while the server holds the database', async () => {
    await t.minsheng.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.minsheng.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const dataDir = t.testDb.env.MINSHENG_DATA_DIR;
    if (dataDir) writeControlFile(dataDir, { port, token: t.minsheng.controlToken });
    const file = path.join(dir, 'cli.backup.gz');
    const env = { ...process.env, ...t.testDb.env, ...t.secretsEnv, NODE_ENV: 'test' };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'backup', file], { env });
    assert.match(stdout, /backup written/);
    const target = await createTestDatabase();
    try {
      assert.ok((await restoreFromFile(target.database, file, { schema })) > 1000);
    } finally {
      await target.drop();
    }
  });
});
