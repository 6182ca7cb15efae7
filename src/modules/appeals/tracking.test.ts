import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import { createTrackingNumbers, TRACKING_BLOCK } from './tracking.ts';

describe('tracking numbers', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await db.database.migrate();
  });
  after(() => db.drop());

  const at = new Date('2026-11-29T02:00:00Z'); // 10:00 in Beijing

  it('numbers one server’s filings in order, per China Standard Time day', async () => {
    const take = createTrackingNumbers(db.database);
    const numbers = [];
    for (let i = 0; i < TRACKING_BLOCK + 3; i++) numbers.push(await take(at));
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => `WZ-20261129-${String(i + 1).padStart(6, '0')}`),
    );
    // 23:30 UTC on the 29th is already the 30th in Beijing: a new day starts at 1.
    assert.equal(await take(new Date('2026-11-29T23:30:00Z')), 'WZ-20261130-000001');
  });

  it('never gives the same number twice, across concurrent filings and several servers', async () => {
    const servers = [createTrackingNumbers(db.database), createTrackingNumbers(db.database), createTrackingNumbers(db.database)];
    const day = new Date('2026-12-01T02:00:00Z');
    const taken = await Promise.all(Array.from({ length: 90 }, (_, i) => servers[i % servers.length]!(day)));
    assert.equal(new Set(taken).size, taken.length);
    for (const n of taken) assert.match(n, /^WZ-20261201-\d{6}$/);
  });

  it('leaves a gap, not a duplicate, when a server restarts mid-block', async () => {
    const day = new Date('2026-12-02T02:00:00Z');
    const first = createTrackingNumbers(db.database);
    assert.equal(await first(day), 'WZ-20261202-000001');
    const restarted = createTrackingNumbers(db.database);
    assert.equal(await restarted(day), `WZ-20261202-${String(TRACKING_BLOCK + 1).padStart(6, '0')}`);
  });
});
