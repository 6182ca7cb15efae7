import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from '../test-support/harness.ts';
import { seedDemoPersons } from './registry.seed.ts';
import { demoPartnerCredential, demoPartners, seedDemoExchange } from './exchange.seed.ts';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('demo exchange partners', () => {
  let t: TestApp;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'minsheng-demo-exchange-'));
    t = await createTestApp({ citizens: 3, env: { MINSHENG_DATA_DIR: dataDir } });
    await seedDemoPersons(t.minsheng);
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers every demo partner, and the sample batch signed by `minsheng exchange:sign` with the demo key is applied', async () => {
    const seeded = await seedDemoExchange(t.minsheng);
    assert.equal(seeded.partners, demoPartners.length);
    const sample = path.join(seeded.keyDir, 'sample-tax-income.csv');
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'exchange:sign',
      path.join(seeded.keyDir, 'yc-shuiwu.key.pem'),
      sample,
      '--partner',
      'yc-shuiwu',
      '--dataset',
      'tax.income@1',
      '--purpose',
      'income_verification',
      '--batch-id',
      'demo-2026-10',
    ], { cwd: repoRoot });
    const headers = Object.fromEntries([...stdout.matchAll(/-H '(x-exchange-[a-z-]+): ([^']+)'/g)].map((m) => [m[1]!, m[2]!]));
    assert.equal(Object.keys(headers).length, 5, stdout);
    const r = await t.minsheng.app.inject({
      method: 'POST',
      url: '/api/exchange/batches',
      headers: { ...headers, authorization: `Bearer ${demoPartnerCredential('yc-shuiwu')}`, 'content-type': 'text/csv' },
      payload: readFileSync(sample),
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().accepted, 3);
  });
});
