import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { createAudit, type Audit } from './audit.service.ts';
import { merkleRoot } from './merkle.ts';
import { createHash } from 'node:crypto';
import { createTestDatabase, testSecrets, type TestDatabase } from '../../test-support/harness.ts';
import type { Database } from '../db/client.ts';

const run = promisify(execFile);

async function tamper(database: Database, statement: string) {
  // Someone with owner rights on the database: switch the append-only trigger off, change, on.
  await database.rows('alter table audit.entries disable trigger entries_append_only');
  await database.rows(statement);
  await database.rows('alter table audit.entries enable trigger entries_append_only');
}

describe('tamper-evident audit log', () => {
  let testDb: TestDatabase & { reopen?: () => Promise<Database> };
  let audit: Audit;
  const secrets = testSecrets();

  before(async () => {
    testDb = await createTestDatabase({ onDisk: true });
    await testDb.database.migrate();
    audit = createAudit({ database: testDb.database, signingKeyPem: secrets.MINSHENG_AUDIT_SIGNING_KEY });
    for (let i = 0; i < 25; i++) {
      await audit.record({
        actor: { kind: 'staff', id: `s${i % 3}`, name: '张三', role: 'caseworker', region: '640104' },
        action: i % 2 ? 'citizen.viewed' : 'citizen.unmasked',
        targetKind: 'citizen',
        targetId: `c${i}`,
        subjectId: `c${i}`,
        purpose: 'case_handling',
        channel: 'staff_screen',
        requestId: `r${i}`,
        details: { b: i, a: { z: 1, y: [1, 2] } },
      });
      if (i === 9 || i === 19) await audit.seal();
    }
  });
  after(() => testDb.drop());

  it('links entries into the chain after they commit, and verifies it with its signed checkpoints', async () => {
    const before = await audit.verifyAll();
    assert.deepEqual(before, { ok: true, entries: 20, checkpoints: 2, unsealedEntries: 0, unchainedEntries: 5 });
    assert.equal(await audit.chain(), 5);
    const report = await audit.verifyAll();
    assert.deepEqual(report, { ok: true, entries: 25, checkpoints: 2, unsealedEntries: 5, unchainedEntries: 0 });
  });

  it('allows filling in the chain fields once, and no other change', async () => {
    const { id } = await audit.record({ actor: { kind: 'system' }, action: 'probe', channel: 'system' });
    await assert.rejects(testDb.database.rows(`update audit.entries set action = 'changed' where id = $1`, [id]), /append-only/);
    await assert.rejects(
      testDb.database.rows(`update audit.entries set seq = 999, prev_hash = 'x', hash = 'y', action = 'changed' where id = $1`, [id]),
      /append-only/,
    );
    assert.equal(await audit.chain(), 1);
    await assert.rejects(testDb.database.rows(`update audit.entries set hash = 'y' where id = $1`, [id]), /append-only/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    await assert.rejects(testDb.database.rows(`update audit.entries set purpose = 'x' where seq = 1`), /append-only/);
    await assert.rejects(testDb.database.rows(`delete from audit.entries where seq = 1`), /append-only/);
    await assert.rejects(testDb.database.rows(`truncate audit.entries`), /append-only/);
    await assert.rejects(testDb.database.rows(`delete from audit.checkpoints`), /append-only/);
  });

  it('computes RFC 6962 Merkle roots', () => {
    const h = (b: Buffer) => createHash('sha256').update(b).digest();
    const leaf = (s: string) => h(Buffer.concat([Buffer.from([0]), Buffer.from(s)]));
    const node = (l: Buffer, r: Buffer) => h(Buffer.concat([Buffer.from([1]), l, r]));
    const [a, b, c] = ['a', 'b', 'c'].map((s) => Buffer.from(s));
    assert.deepEqual(merkleRoot([a!]), leaf('a'));
    assert.deepEqual(merkleRoot([a!, b!, c!]), node(node(leaf('a'), leaf('b')), leaf('c')));
    assert.deepEqual(merkleRoot([]), h(Buffer.alloc(0)));
  });

  it('seals new entries into a further checkpoint', async () => {
    assert.equal(await audit.seal(), 6);
    assert.equal(await audit.seal(), 0);
    const report = await audit.verifyAll();
    assert.equal(report.ok, true);
    assert.equal(report.checkpoints, 3);
    assert.equal(report.unsealedEntries, 0);
    assert.equal(report.unchainedEntries, 0);
  });

  it('keeps appends in the caller’s transaction: a rolled-back change leaves no entry', async () => {
    await assert.rejects(
      testDb.database.transaction(async (tx) => {
        await audit.append(tx, { actor: { kind: 'system' }, action: 'doomed', channel: 'system' });
        await tx.execute(sql`select 1/0`);
      }),
    );
    const rows = await testDb.database.rows<{ n: number }>(`select count(*)::int as n from audit.entries where action = 'doomed'`);
    assert.equal(rows[0]?.n, 0);
  });

  it('names the entry whose stored content changed by one byte, and audit:verify exits non-zero', async () => {
    // 'case_handling' → 'case_handlinh': one byte of entry 14.
    await tamper(testDb.database, `update audit.entries set purpose = 'case_handlinh' where seq = 14`);
    const report = await audit.verifyAll();
    assert.equal(report.ok, false);
    assert.equal(report.firstBadSeq, 14);

    // The same through the command an operator runs.
    const reopen = (testDb as { reopen?: () => Promise<Database> }).reopen;
    if (reopen) await testDb.database.close();
    const env = { ...process.env, ...testDb.env, ...secrets, NODE_ENV: 'test' };
    const result = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit:verify'], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    if (reopen) await reopen();
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /first bad entry: seq 14/);
  });

  it('notices an entry removed from the end of a sealed batch', async () => {
    const fresh = await createTestDatabase();
    try {
      await fresh.database.migrate();
      const a = createAudit({ database: fresh.database, signingKeyPem: secrets.MINSHENG_AUDIT_SIGNING_KEY });
      for (let i = 0; i < 4; i++) await a.record({ actor: { kind: 'system' }, action: 'x', channel: 'system' });
      await a.seal();
      await fresh.database.rows('alter table audit.entries disable trigger entries_append_only');
      await fresh.database.rows('delete from audit.entries where seq = 4');
      const report = await a.verifyAll();
      assert.equal(report.ok, false);
      assert.match(report.problem ?? '', /removed/);
    } finally {
      await fresh.drop();
    }
  });

  it('rejects a checkpoint signed by another key', async () => {
    const fresh = await createTestDatabase();
    try {
      await fresh.database.migrate();
      const a = createAudit({ database: fresh.database, signingKeyPem: secrets.MINSHENG_AUDIT_SIGNING_KEY });
      await a.record({ actor: { kind: 'system' }, action: 'x', channel: 'system' });
      await a.seal();
      const other = createAudit({ database: fresh.database, signingKeyPem: testSecrets().MINSHENG_AUDIT_SIGNING_KEY });
      const report = await other.verifyAll();
      assert.equal(report.ok, false);
      assert.equal(report.badCheckpointId, 1);
    } finally {
      await fresh.drop();
    }
  });

});
