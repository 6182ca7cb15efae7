import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Response as InjectResponse } from 'light-my-request';
import { createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';

const TOWN = '640104001'; // 凤凰北街街道, 兴庆区
const ID = makeResidentId('640104', '1956-08-15', 37); // a man (odd sequence), born 1956-08-15
const PHONE = '13995112233';

describe('person registry', () => {
  let t: TestApp;
  let xingqing: Cookies;
  let xixia: Cookies;
  let supervisor: Cookies;
  /** Every answer any registry call gave, except the unmask one: none may carry a full identifier. */
  const answers: InjectResponse[] = [];
  const call = async (method: string, url: string, who: Cookies, payload?: unknown) => {
    const r = await t.request(method, url, who, payload);
    if (!url.endsWith('/unmask')) answers.push(r);
    return r;
  };
  let personId = '';

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    xingqing = await t.loginStaff('xq.caseworker');
    xixia = await t.loginStaff('xx.caseworker');
    supervisor = await t.loginStaff('xx.supervisor');
  });
  after(() => t.close());

  it('registers a person with sex and birth date taken from the ID number, masked in the answer', async () => {
    const r = await call('POST', '/api/registry/persons', xingqing, { idNumber: ID.toLowerCase(), name: ' 马福海 ', householdRegion: TOWN, phone: '139-9511-2233', sex: 'male', birthDate: '1956-08-15' });
    assert.equal(r.statusCode, 201, r.body);
    const p = r.json();
    personId = p.id;
    assert.equal(p.name, '马福海');
    assert.equal(p.sex, 'male');
    assert.equal(p.birthDate, '1956-08-15');
    assert.equal(p.idNumberMasked, `${ID.slice(0, 6)}********${ID.slice(14)}`);
    assert.equal(p.phoneMasked, '139****2233');
    assert.equal(p.householdRegionName, '宁夏回族自治区 银川市 兴庆区 凤凰北街街道');
    assert.equal(p.status, 'alive');
  });

  it('refuses bad input with a clear problem and writes nothing', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ idNumber: ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1'), name: '甲', householdRegion: TOWN }, 422, 'invalid_id_number'],
      [{ idNumber: makeResidentId('640104', '1960-02-30', 11).slice(0, 17) + 'X', name: '甲', householdRegion: TOWN }, 422, 'invalid_id_number'],
      [{ idNumber: makeResidentId('640104', '1960-01-01', 12), name: '甲', householdRegion: TOWN, birthDate: '1961-01-01' }, 422, 'id_mismatch'],
      [{ idNumber: makeResidentId('640104', '1960-01-01', 12), name: '甲', householdRegion: TOWN, sex: 'male' }, 422, 'id_mismatch'],
      [{ idNumber: makeResidentId('640104', '1960-01-01', 12), name: '甲', householdRegion: '640199999' }, 422, 'unknown_region'],
      [{ idNumber: makeResidentId('640104', '1960-01-01', 12), name: '甲', householdRegion: '6401' }, 422, 'region_not_local'],
      [{ idNumber: makeResidentId('640104', '1960-01-01', 12), name: '   ', householdRegion: TOWN }, 422, 'name_required'],
      [{ idNumber: makeResidentId('640104', '1960-01-01', 12), name: '甲', householdRegion: TOWN, phone: '12345' }, 422, 'invalid_phone'],
      [{ idNumber: makeResidentId('640104', '1960-01-01', 12), name: '甲', householdRegion: TOWN, role: 'x' }, 400, 'validation_failed'],
      [{ idNumber: ID, name: '重复', householdRegion: TOWN }, 409, 'person_exists'],
    ];
    for (const [body, status, code] of cases) {
      const r = await call('POST', '/api/registry/persons', xingqing, body);
      assert.equal(r.statusCode, status, `${JSON.stringify(body)}: ${r.body}`);
      assert.equal(r.json().code, code);
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    }
    const all = (await call('GET', '/api/registry/persons', xingqing)).json();
    assert.equal(all.total, 1, 'nothing half-written');
  });

  it('finds a person by full ID number through the keyed index, or by name', async () => {
    const byId = (await call('GET', `/api/registry/persons?q=${ID}`, xingqing)).json();
    assert.deepEqual(byId.items.map((p: { id: string }) => p.id), [personId]);
    const byName = (await call('GET', `/api/registry/persons?q=${encodeURIComponent('福海')}`, xingqing)).json();
    assert.equal(byName.total, 1);
    const none = (await call('GET', `/api/registry/persons?q=${makeResidentId('640104', '1956-08-15', 39)}`, xingqing)).json();
    assert.equal(none.total, 0);
  });

  it('keeps another county out, and lets a supervisor read but not register', async () => {
    assert.equal((await call('GET', `/api/registry/persons/${personId}`, xixia)).statusCode, 404);
    const missing = await call('GET', '/api/registry/persons/00000000-0000-4000-8000-000000000000', xingqing);
    assert.equal(missing.statusCode, 404, 'a person who does not exist is not found, not a server error');
    const [denial] = await t.minsheng.platform.database.rows<{ details: { targetRegion: string } }>(
      `select details from audit.entries where target_id = '00000000-0000-4000-8000-000000000000' and outcome = 'denied'`,
    );
    assert.equal(denial?.details.targetRegion, 'none');
    assert.equal((await call('PATCH', `/api/registry/persons/${personId}`, xixia, { name: '改名', reason: '测试' })).statusCode, 404);
    assert.equal((await t.request('POST', `/api/registry/persons/${personId}/unmask`, xixia, { purpose: 'case_handling' })).statusCode, 404);
    assert.equal((await call('GET', `/api/registry/persons?q=${ID}`, xixia)).json().total, 0);
    assert.equal((await call('GET', '/api/registry/persons?regionCode=640104', xixia)).statusCode, 404);
    const elsewhere = await call('POST', '/api/registry/persons', xixia, { idNumber: makeResidentId('640104', '1970-05-05', 21), name: '乙', householdRegion: TOWN });
    assert.equal(elsewhere.statusCode, 404, 'cannot register someone into another county');
    const supervised = await call('POST', '/api/registry/persons', supervisor, { idNumber: makeResidentId('640105', '1970-05-05', 21), name: '乙', householdRegion: '640105001' });
    assert.equal(supervised.statusCode, 403);
  });

  it('corrects a person with a reason, keeps the history masked, and refuses a move out of the caller’s region', async () => {
    const r = await call('PATCH', `/api/registry/persons/${personId}`, xingqing, { name: '马福海', phone: '13800001111', reason: '本人来电更正手机号' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().phoneMasked, '138****1111');
    assert.equal((await call('PATCH', `/api/registry/persons/${personId}`, xingqing, { name: '马福海', reason: '无变化' })).json().code, 'nothing_to_correct');
    assert.equal((await call('PATCH', `/api/registry/persons/${personId}`, xingqing, { householdRegion: '640105001', reason: '迁往西夏区' })).statusCode, 404);
    const detail = (await call('GET', `/api/registry/persons/${personId}`, xingqing)).json();
    assert.deepEqual(
      detail.history.map((h: { kind: string }) => h.kind),
      ['corrected', 'registered'],
    );
    assert.deepEqual(detail.history[0].changes, { phone: ['139****2233', '138****1111'] });
    assert.equal(detail.history[0].reason, '本人来电更正手机号');
  });

  it('records a death once, within the person’s lifetime', async () => {
    assert.equal((await call('POST', `/api/registry/persons/${personId}/death`, xingqing, { diedOn: '1950-01-01', reason: '家属报告' })).json().code, 'death_date_invalid');
    const r = await call('POST', `/api/registry/persons/${personId}/death`, xingqing, { diedOn: '2026-03-01', reason: '家属持死亡证明办理' });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().status, 'deceased');
    assert.equal(r.json().diedOn, '2026-03-01');
    assert.equal((await call('POST', `/api/registry/persons/${personId}/death`, xingqing, { diedOn: '2026-03-01', reason: '重复' })).statusCode, 409);
  });

  it('shows the full ID number only for a stated purpose, and audits the read with the person as subject', async () => {
    const noNote = await t.request('POST', `/api/registry/persons/${personId}/unmask`, xingqing, { purpose: 'other' });
    assert.equal(noNote.statusCode, 422);
    const r = await t.request('POST', `/api/registry/persons/${personId}/unmask`, xingqing, { purpose: 'benefit_review', note: '核对待遇资格' });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { idNumber: ID, phone: '13800001111' });
    const entries = await t.minsheng.platform.database.rows<{ action: string; purpose: string | null }>(
      `select action, purpose from audit.entries where subject_id = $1 order by id`,
      [personId],
    );
    const actions = entries.map((e) => e.action);
    for (const a of ['person.registered', 'person.listed', 'person.viewed', 'person.corrected', 'person.died_recorded', 'person.unmasked']) assert.ok(actions.includes(a), a);
    assert.equal(entries.find((e) => e.action === 'person.unmasked')?.purpose, 'benefit_review: 核对待遇资格');
  });

  it('never answers with a full ID number or phone, whatever the call', () => {
    assert.ok(answers.length > 20);
    for (const r of answers) {
      for (const secret of [ID, ID.toLowerCase(), PHONE, '13800001111']) assert.ok(!r.body.includes(secret), `${r.body.slice(0, 200)} carries ${secret}`);
    }
  });
});
