import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../test-support/harness.ts';
import { seedDemoPersons } from './registry.seed.ts';

describe('demo registry', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ citizens: 12 });
  });
  after(() => t.close());

  it("registers every demo citizen with the records a file would have, findable by a Xingqing caseworker by ID number", async () => {
    assert.equal(await seedDemoPersons(t.minsheng), 12);
    const [citizen] = await t.minsheng.platform.database.rows<{ id_number_enc: string; region_code: string }>(
      `select id_number_enc, region_code from auth.citizens where region_code like '640104%' limit 1`,
    );
    assert.ok(citizen, 'the demo has citizens in Xingqing');
    const idNumber = t.minsheng.platform.crypto.decrypt(citizen.id_number_enc);
    const found = (await t.request('GET', `/api/registry/persons?q=${idNumber}`, await t.loginStaff('xq.caseworker'))).json();
    assert.equal(found.total, 1);
    assert.equal(found.items[0].householdRegion, citizen.region_code);
    const [counts] = await t.minsheng.platform.database.rows<{ cards: number; enrolled: number; employers: number }>(
      `select (select count(*)::int from registry.cards) as cards,
              (select count(distinct person_id)::int from registry.enrolments) as enrolled,
              (select count(*)::int from registry.employers) as employers`,
    );
    assert.equal(counts!.cards, counts!.enrolled, 'every adult has a card and is enrolled');
    assert.ok(counts!.cards >= 10 && counts!.employers > 0, JSON.stringify(counts));
  });
});
