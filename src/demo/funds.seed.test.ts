import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-support/harness.ts';
import { seedDemoPersons } from './registry.seed.ts';
import { verifyDisclosures } from '@modules/funds';
import { seedDemoContributions, seedDemoCredit, seedDemoDisclosures, seedDemoPensions } from './funds.seed.ts';

describe('demo pensions', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ citizens: 40 });
    await seedDemoPersons(t.minsheng);
  });
  after(() => t.close());

  it('declares and pays the employed demo citizens’ last months, so the ledger has income and balances', async () => {
    const paid = await seedDemoContributions(t.minsheng);
    assert.ok(paid.declarations > 0 && paid.payments > 0, JSON.stringify(paid));
    const balance = await t.minsheng.modules.funds.ledger.trialBalance(t.minsheng.platform.database.db);
    assert.ok(balance.length >= 3, 'pension, medical, unemployment and work injury funds');
    for (const fund of balance) assert.equal(fund.debitsFen, fund.creditsFen, fund.fund);
  });

  it('grants the retired demo citizens a pension and pays three months, holding the one whose certification lapsed', async () => {
    const seeded = await seedDemoPensions(t.minsheng);
    assert.ok(seeded.pensioners >= 2, `retired demo citizens with an account: ${seeded.pensioners}`);
    assert.equal(seeded.runs, 3);
    const head = await t.loginStaff('yc.head');
    const runs = (await t.request('GET', '/api/funds/payroll/runs', head)).json();
    assert.equal(runs.total, 3);
    for (const run of runs.items) {
      assert.equal(run.status, 'paid');
      assert.equal(run.summary.sentCount, seeded.pensioners - 1, 'everyone but the lapsed certification is paid');
      assert.equal(run.summary.heldCount, 1);
    }
    const queue = (await t.request('GET', '/api/integrity/flags?status=open', await t.loginStaff('yc.supervisor'))).json();
    assert.deepEqual(Object.keys(queue.openByKind), ['certification_overdue']);
  });

  it('seals and publishes every ended month of the demo ledger, in order, so the transparency portal has data', async () => {
    const sealed = await seedDemoDisclosures(t.minsheng);
    assert.ok(sealed >= 3, `months sealed: ${sealed}`);
    const published = (await t.request('GET', '/api/public/funds/disclosures')).json();
    const list = Array.isArray(published) ? published : published.items;
    assert.equal(list.length, sealed);
    const report = await verifyDisclosures(t.minsheng.platform.database);
    assert.equal(report.ok, true, JSON.stringify(report));
  });

  it('rates the city’s employers under the published credit rules', async () => {
    await seedDemoCredit(t.minsheng);
    const ratings = (await t.request('GET', '/api/integrity/credit/ratings?partyKind=employer', await t.loginStaff('yc.head'))).json();
    assert.ok(ratings.total > 0, 'every demo employer that declared is rated');
    assert.ok(ratings.items.every((r: { ruleVersion: number }) => r.ruleVersion === 1));
  });
});
