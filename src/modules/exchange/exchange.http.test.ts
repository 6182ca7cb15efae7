import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Response as InjectResponse } from 'light-my-request';
import { createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { makeResidentId, parseResidentId } from '@core/identity/resident-id.ts';
import { maskIdNumber } from '@core/crypto/masking.ts';
import { batchHeaders } from './signing.ts';
import { DEMO_PASSWORD } from '../../demo/seed.ts';

const TOWN = '640104001'; // 凤凰北街街道, 兴庆区
const PAYER = '91640100MA76XQ0X1E';
const ACCOUNT = '6222021234567891234';
const OTHER_ACCOUNT = '6222029876543210987';

interface TestPartner {
  id: string;
  code: string;
  credential: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

const newKeys = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('data exchange', () => {
  let t: TestApp;
  let sysadmin: Cookies;
  let auditadmin: Cookies;
  let caseworker: Cookies;
  let otherCounty: Cookies;
  let police: TestPartner;
  let tax: TestPartner;
  let bank: TestPartner;
  let civil: TestPartner;
  /** Every answer of a registry or exchange endpoint, but the purpose-stated unmask. */
  const answers: InjectResponse[] = [];
  /** Full identifiers used in this test: none may appear in any answer. */
  const secrets = new Set<string>([ACCOUNT, OTHER_ACCOUNT]);
  const people: Record<string, { id: string; idNumber: string }> = {};
  let batchCounter = 0;

  const call = async (method: string, url: string, who: Cookies, payload?: unknown) => {
    const r = await t.request(method, url, who, payload);
    if (!url.endsWith('/unmask')) answers.push(r);
    return r;
  };
  const rows = <T>(query: string, params: unknown[] = []) => t.minsheng.platform.database.rows<T>(query, params);

  async function register(key: string, birthDate: string, sequence: number, name: string) {
    const idNumber = makeResidentId('640104', birthDate, sequence);
    secrets.add(idNumber);
    const r = await call('POST', '/api/registry/persons', caseworker, { idNumber, name, householdRegion: TOWN });
    assert.equal(r.statusCode, 201, r.body);
    people[key] = { id: r.json().id, idNumber };
    return people[key]!;
  }

  async function registerPartner(body: Record<string, unknown>): Promise<TestPartner> {
    const keys = newKeys();
    const r = await call('POST', '/api/exchange/partners', sysadmin, { jurisdiction: '6401', queryKinds: [], ...body, publicKeyPem: keys.publicKeyPem });
    assert.equal(r.statusCode, 201, r.body);
    return { id: r.json().partner.id, code: r.json().partner.code, credential: r.json().credential, ...keys };
  }

  interface SendOptions {
    batchId?: string;
    contentType?: string;
    timestamp?: string;
    key?: KeyObject;
    /** Signs these bytes but sends `body`: a body changed on the way. */
    signedBody?: string;
    credential?: string | null;
    drop?: string;
  }
  async function send(p: TestPartner, dataset: string, purpose: string, body: string, o: SendOptions = {}) {
    const batchId = o.batchId ?? `t-${++batchCounter}`;
    const headers: Record<string, string> = {
      'content-type': o.contentType ?? 'application/x-ndjson',
      ...batchHeaders({ privateKey: o.key ?? p.privateKey, partnerCode: p.code, batchId, dataset, purpose, body: o.signedBody ?? body, ...(o.timestamp ? { timestamp: o.timestamp } : {}) }),
    };
    if (o.credential !== null) headers.authorization = `Bearer ${o.credential ?? p.credential}`;
    if (o.drop) delete headers[o.drop];
    const r = await t.minsheng.app.inject({ method: 'POST', url: '/api/exchange/batches', headers, payload: body });
    answers.push(r);
    return r;
  }
  const personRow = async (id: string) => (await rows<{ status: string; died_on: string | null; death_source: string | null }>(`select status, died_on::text, death_source from registry.persons where id = $1`, [id]))[0]!;
  const historyKinds = async (id: string) => (await rows<{ kind: string }>(`select kind from registry.person_history where person_id = $1 order by id`, [id])).map((h) => h.kind);

  before(async () => {
    t = await createTestApp({ citizens: 2 });
    sysadmin = await t.loginStaff('yc.sysadmin');
    auditadmin = await t.loginStaff('yc.auditadmin');
    caseworker = await t.loginStaff('xq.caseworker');
    otherCounty = await t.loginStaff('xx.caseworker');
    await register('old', '1950-03-01', 11, '马福海');
    await register('twice', '1948-07-12', 13, '李桂兰');
    await register('atom1', '1961-05-05', 15, '王建国');
    await register('atom2', '1962-06-06', 16, '张秀英');
    await register('earner', '1980-01-20', 17, '杨丽');
    await register('saver', '1975-09-09', 19, '刘强');
    await register('wed', '1990-02-14', 21, '赵军');
    // The bank account the bank's verification refers to (bank accounts are the registry's; written here as the counter would).
    const { crypto } = t.minsheng.platform;
    await rows(`insert into registry.bank_accounts (person_id, bank_name, account_number_enc, account_number_hash) values ($1, '中国工商银行', $2, $3)`, [
      people.saver!.id,
      crypto.encrypt(ACCOUNT),
      crypto.lookupHash('bank_account', ACCOUNT),
    ]);
    police = await registerPartner({
      code: 't-gongan',
      name: '测试市公安局',
      department: 'public_security',
      datasets: ['public_security.death@1', 'public_security.birth@1', 'public_security.incarceration@1'],
      queryKinds: ['person_alive', 'person_enrolled'],
      purposes: ['death_registration', 'birth_registration', 'benefit_eligibility'],
      adapter: 'simulated',
    });
    tax = await registerPartner({ code: 't-shuiwu', name: '测试市税务局', department: 'tax', datasets: ['tax.income@1'], purposes: ['income_verification'] });
    bank = await registerPartner({
      code: 't-bank',
      name: '测试银行',
      department: 'bank',
      datasets: ['bank.account_verification@1'],
      queryKinds: ['account_holder'],
      purposes: ['account_verification'],
      adapter: 'simulated',
    });
    civil = await registerPartner({ code: 't-minzheng', name: '测试市民政局', department: 'civil_affairs', datasets: ['civil_affairs.marriage@1', 'civil_affairs.subsistence_allowance@1'], purposes: ['benefit_eligibility'] });
  });
  after(() => t.close());

  describe('partners', () => {
    it('are registered by the system administrator only, with settings that make sense for the department', async () => {
      const keys = newKeys();
      const base = { code: 't-x', name: 'X', department: 'tax', jurisdiction: '6401', publicKeyPem: keys.publicKeyPem, datasets: ['tax.income@1'], queryKinds: [], purposes: ['income_verification'] };
      assert.equal((await call('POST', '/api/exchange/partners', caseworker, base)).statusCode, 403);
      assert.equal((await call('POST', '/api/exchange/partners', sysadmin, { ...base, datasets: ['public_security.death@1'] })).json().code, 'partner_settings_invalid');
      assert.equal((await call('POST', '/api/exchange/partners', sysadmin, { ...base, publicKeyPem: 'nonsense' })).json().code, 'public_key_invalid');
      assert.equal((await call('POST', '/api/exchange/partners', sysadmin, { ...base, code: police.code })).json().code, 'partner_code_taken');
      assert.equal((await call('POST', '/api/exchange/partners', sysadmin, { ...base, jurisdiction: '6402' })).statusCode, 404, 'outside the administrator’s region');
      const list = await call('GET', '/api/exchange/partners', caseworker);
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().map((p: { code: string }) => p.code).sort(), ['t-bank', 't-gongan', 't-minzheng', 't-shuiwu']);
      assert.ok(!list.body.includes(police.credential), 'the credential is shown once only');
    });

    it('lets the administrator name the adapter a partner is asked through, which asking needs', async () => {
      const grants = { datasets: ['civil_affairs.marriage@1', 'civil_affairs.subsistence_allowance@1'], purposes: ['benefit_eligibility'] };
      const url = `/api/exchange/partners/${civil.id}`;
      assert.equal((await call('PATCH', url, sysadmin, { ...grants, queryKinds: ['person_alive'] })).json().code, 'partner_settings_invalid', 'no adapter yet');
      assert.equal((await call('PATCH', url, sysadmin, { ...grants, queryKinds: ['person_alive'], adapter: 'carrier-pigeon' })).json().code, 'partner_settings_invalid');
      const granted = await call('PATCH', url, sysadmin, { ...grants, queryKinds: ['person_alive'], adapter: 'simulated' });
      assert.equal(granted.statusCode, 200, granted.body);
      assert.equal(granted.json().adapter, 'simulated');
      assert.equal((await call('PATCH', url, sysadmin, { ...grants, queryKinds: ['person_alive'] })).json().adapter, 'simulated', 'left out, the adapter stays');
      const withdrawn = await call('PATCH', url, sysadmin, { ...grants, queryKinds: [], adapter: null });
      assert.equal(withdrawn.json().adapter, null);
      const catalogue = await t.minsheng.app.inject({ method: 'GET', url: '/api/exchange/datasets' });
      assert.ok(catalogue.json().adapters.includes('simulated'));
    });

    it('publishes the dataset catalogue', async () => {
      const r = await t.minsheng.app.inject({ method: 'GET', url: '/api/exchange/datasets' });
      const refs = r.json().datasets.map((d: { dataset: string }) => d.dataset);
      for (const ref of ['public_security.death@1', 'public_security.birth@1', 'public_security.incarceration@1', 'civil_affairs.marriage@1', 'civil_affairs.subsistence_allowance@1', 'health.hospital_death@1', 'tax.income@1', 'education.student_status@1', 'bank.account_verification@1']) {
        assert.ok(refs.includes(ref), ref);
      }
    });
  });

  describe('signatures', () => {
    const death = () => jsonl([{ id_number: people.old!.idNumber, died_on: '2026-03-01' }]);

    it('refuses a missing or wrong credential, a missing, tampered, foreign or stale signature; logs each refusal; applies nothing', async () => {
      const cases: [SendOptions, number, string][] = [
        [{ credential: null }, 401, 'credential_missing'],
        [{ credential: 'msx_nobody' }, 401, 'credential_invalid'],
        [{ drop: 'x-exchange-signature' }, 401, 'signature_missing'],
        [{ signedBody: jsonl([{ id_number: people.old!.idNumber, died_on: '2026-01-01' }]) }, 401, 'signature_invalid'],
        [{ key: newKeys().privateKey }, 401, 'signature_invalid'],
        [{ timestamp: new Date(Date.now() - 16 * 60_000).toISOString() }, 401, 'signature_expired'],
        [{ timestamp: new Date(Date.now() + 16 * 60_000).toISOString() }, 401, 'signature_expired'],
        [{ drop: 'x-exchange-batch-id' }, 400, 'header_missing'],
      ];
      for (const [options, status, code] of cases) {
        const r = await send(police, 'public_security.death@1', 'death_registration', death(), options);
        assert.equal(r.statusCode, status, `${code}: ${r.body}`);
        assert.equal(r.json().code, code);
        assert.match(String(r.headers['content-type']), /application\/problem\+json/);
      }
      assert.equal((await personRow(people.old!.id)).status, 'alive');
      const refused = await rows<{ problem_code: string; verification: string }>(`select problem_code, verification from exchange.messages where status = 'refused' order by received_at`);
      assert.deepEqual(
        refused.map((m) => `${m.problem_code}/${m.verification}`),
        ['signature_missing/missing', 'signature_invalid/invalid', 'signature_invalid/invalid', 'signature_expired/expired', 'signature_expired/expired', 'header_missing/not_signed'],
      );
    });

    it('applies a batch signed with the partner’s key', async () => {
      const r = await send(police, 'public_security.death@1', 'death_registration', death(), { batchId: 'death-2026-03' });
      assert.equal(r.statusCode, 201, r.body);
      const result = r.json();
      assert.equal(result.status, 'applied');
      assert.deepEqual(result.records, [{ line: 1, idNumberMasked: maskIdNumber(people.old!.idNumber), status: 'accepted', effect: 'applied' }]);
      assert.deepEqual(await personRow(people.old!.id), { status: 'deceased', died_on: '2026-03-01', death_source: 't-gongan' });
      assert.deepEqual(await historyKinds(people.old!.id), ['registered', 'died']);
      const [entry] = await rows<{ actor_kind: string; actor_name: string; actor_role: string; channel: string }>(
        `select actor_kind, actor_name, actor_role, channel from audit.entries where subject_id = $1 and action = 'person.died_recorded'`,
        [people.old!.id],
      );
      assert.deepEqual(entry, { actor_kind: 'partner', actor_name: '测试市公安局', actor_role: 'public_security', channel: 'batch' });
      const polled = await t.minsheng.app.inject({ method: 'GET', url: '/api/exchange/batches/death-2026-03', headers: { authorization: `Bearer ${police.credential}` } });
      answers.push(polled);
      assert.deepEqual(polled.json(), result);
      const foreign = await t.minsheng.app.inject({ method: 'GET', url: '/api/exchange/batches/death-2026-03', headers: { authorization: `Bearer ${tax.credential}` } });
      assert.equal(foreign.statusCode, 404, 'a partner sees its own batches only');
    });

    it('accepts the previous key during a rotation’s overlap, and only the new one after an immediate rotation', async () => {
      const first = newKeys();
      const rotated = await call('POST', `/api/exchange/partners/${civil.id}/key`, sysadmin, { publicKeyPem: first.publicKeyPem, overlapHours: 1 });
      assert.equal(rotated.statusCode, 200, rotated.body);
      assert.ok(rotated.json().previousKeyExpiresAt);
      const body = jsonl([{ id_number: people.wed!.idNumber, event: 'granted', on: '2025-01-01', monthly_amount_fen: 73000, region: '640104' }]);
      assert.equal((await send(civil, 'civil_affairs.subsistence_allowance@1', 'benefit_eligibility', body)).statusCode, 201, 'old key within the overlap');
      const oldKey = civil.privateKey;
      civil.privateKey = first.privateKey;
      assert.equal((await send(civil, 'civil_affairs.subsistence_allowance@1', 'benefit_eligibility', body)).statusCode, 201, 'new key');
      const second = newKeys();
      assert.equal((await call('POST', `/api/exchange/partners/${civil.id}/key`, sysadmin, { publicKeyPem: second.publicKeyPem, overlapHours: 0 })).statusCode, 200);
      assert.equal((await send(civil, 'civil_affairs.subsistence_allowance@1', 'benefit_eligibility', body)).json().code, 'signature_invalid');
      assert.equal((await send(civil, 'civil_affairs.subsistence_allowance@1', 'benefit_eligibility', body, { key: oldKey })).json().code, 'signature_invalid');
      civil.privateKey = second.privateKey;
      assert.equal((await send(civil, 'civil_affairs.subsistence_allowance@1', 'benefit_eligibility', body)).statusCode, 201);
    });
  });

  describe('idempotency', () => {
    it('answers the same batch twice with the first answer and applies it once', async () => {
      const body = jsonl([{ id_number: people.twice!.idNumber, died_on: '2026-04-02', certificate_no: 'D-1' }]);
      const first = await send(police, 'public_security.death@1', 'death_registration', body, { batchId: 'death-twice' });
      assert.equal(first.statusCode, 201, first.body);
      const second = await send(police, 'public_security.death@1', 'death_registration', body, { batchId: 'death-twice' });
      assert.equal(second.statusCode, 201);
      assert.equal(second.headers['exchange-replayed'], 'true');
      assert.deepEqual(second.json(), first.json());
      assert.deepEqual(await historyKinds(people.twice!.id), ['registered', 'died']);
      const audited = await rows(`select 1 from audit.entries where subject_id = $1 and action = 'person.died_recorded'`, [people.twice!.id]);
      assert.equal(audited.length, 1);
      const logged = await rows<{ status: string }>(`select status from exchange.messages where batch_id = 'death-twice' order by received_at`);
      assert.deepEqual(logged.map((m) => m.status), ['applied', 'duplicate']);
    });

    it('refuses the same batch id with other content', async () => {
      const changed = jsonl([{ id_number: people.twice!.idNumber, died_on: '2026-04-03' }]);
      const r = await send(police, 'public_security.death@1', 'death_registration', changed, { batchId: 'death-twice' });
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'batch_replayed_with_changes');
      assert.equal((await personRow(people.twice!.id)).died_on, '2026-04-02');
    });

    it('takes a second report of the same death from another source as unchanged, and a different date as a conflict', async () => {
      const same = await send(police, 'public_security.death@1', 'death_registration', jsonl([{ id_number: people.twice!.idNumber, died_on: '2026-04-02' }]));
      assert.equal(same.json().records[0].effect, 'unchanged');
      const other = await send(police, 'public_security.death@1', 'death_registration', jsonl([{ id_number: people.twice!.idNumber, died_on: '2026-04-09' }]));
      assert.equal(other.statusCode, 422);
      assert.equal(other.json().batch.records[0].code, 'death_date_conflict');
    });
  });

  describe('atomicity', () => {
    it('rejects a batch with one bad record whole, with a result for every record', async () => {
      const bad = people.atom2!.idNumber.slice(0, 17) + (people.atom2!.idNumber[17] === '1' ? '2' : '1');
      const body = jsonl([
        { id_number: people.atom1!.idNumber, died_on: '2026-05-01' },
        { id_number: bad, died_on: '2026-05-01' },
        { id_number: makeResidentId('640104', '1970-01-01', 99), died_on: '2026-05-01' },
      ]);
      const r = await send(police, 'public_security.death@1', 'death_registration', body);
      assert.equal(r.statusCode, 422, r.body);
      assert.equal(r.json().code, 'batch_rejected');
      const { batch } = r.json();
      assert.equal(batch.status, 'rejected');
      assert.deepEqual(
        batch.records.map((x: { line: number; status: string; code?: string }) => [x.line, x.status, x.code ?? null]),
        [
          [1, 'valid', null],
          [2, 'rejected', 'id_check_digit'],
          [3, 'rejected', 'person_unknown'],
        ],
      );
      assert.equal(batch.records[1].message.zh, '身份证号码校验位错误');
      assert.equal((await personRow(people.atom1!.id)).status, 'alive', 'nothing applied');
    });

    it('rolls back everything when the database fails halfway, and the same batch id applies on retry', async () => {
      const records = t.minsheng.modules.exchange.records;
      const original = records.recordIncome;
      const body = jsonl([
        { id_number: people.atom1!.idNumber, period: '2026-09', payer_credit_code: PAYER, amount_fen: 650000 },
        { id_number: people.atom2!.idNumber, period: '2026-09', payer_credit_code: PAYER, amount_fen: 720000 },
      ]);
      records.recordIncome = async (tx, change, items) => {
        await original(tx, change, items.slice(0, 1));
        throw new Error('disk full (injected)');
      };
      try {
        const r = await send(tax, 'tax.income@1', 'income_verification', body, { batchId: 'income-2026-09' });
        assert.equal(r.statusCode, 500);
        assert.equal(r.json().code, 'internal');
        assert.ok(!r.body.includes('disk full'), 'no internals in the answer');
      } finally {
        records.recordIncome = original;
      }
      assert.equal((await rows(`select 1 from registry.income_records where person_id in ($1, $2)`, [people.atom1!.id, people.atom2!.id])).length, 0);
      assert.equal((await rows(`select 1 from audit.entries where subject_id = $1 and action like 'person.income%'`, [people.atom1!.id])).length, 0);
      assert.equal((await rows(`select 1 from registry.person_history where person_id = $1 and kind like 'income%'`, [people.atom1!.id])).length, 0);
      assert.deepEqual((await rows<{ status: string }>(`select status from exchange.messages where batch_id = 'income-2026-09'`)).map((m) => m.status), ['failed']);
      const retry = await send(tax, 'tax.income@1', 'income_verification', body, { batchId: 'income-2026-09' });
      assert.equal(retry.statusCode, 201, retry.body);
      assert.equal((await rows(`select 1 from registry.income_records where person_id in ($1, $2)`, [people.atom1!.id, people.atom2!.id])).length, 2);
    });
  });

  describe('what partners may send', () => {
    const death = () => jsonl([{ id_number: people.atom1!.idNumber, died_on: '2026-05-01' }]);

    it('refuses a dataset or purpose the partner was not granted, and an unknown dataset or version', async () => {
      const notAllowed = await send(tax, 'public_security.death@1', 'income_verification', death());
      assert.equal(notAllowed.statusCode, 403);
      assert.equal(notAllowed.json().code, 'dataset_not_allowed');
      const purpose = await send(police, 'public_security.death@1', 'income_verification', death());
      assert.equal(purpose.statusCode, 403);
      assert.equal(purpose.json().code, 'purpose_not_allowed');
      const made = await send(police, 'public_security.death@1', 'gossip', death());
      assert.equal(made.json().code, 'purpose_not_allowed');
      for (const dataset of ['public_security.death@9', 'public_security.parking@1', 'nonsense']) {
        const r = await send(police, dataset, 'death_registration', death());
        assert.equal(r.statusCode, 422, dataset);
        assert.equal(r.json().code, 'dataset_unknown');
      }
      assert.equal((await personRow(people.atom1!.id)).status, 'alive');
    });

    it('refuses a suspended partner until it is reactivated', async () => {
      assert.equal((await call('POST', `/api/exchange/partners/${tax.id}/suspend`, auditadmin, { reason: '测试' })).statusCode, 403);
      assert.equal((await call('POST', `/api/exchange/partners/${tax.id}/suspend`, sysadmin, { reason: '密钥疑似泄露' })).json().status, 'suspended');
      const body = jsonl([{ id_number: people.earner!.idNumber, period: '2026-08', payer_credit_code: PAYER, amount_fen: 1 }]);
      const refused = await send(tax, 'tax.income@1', 'income_verification', body);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'partner_suspended');
      assert.equal((await call('POST', `/api/exchange/partners/${tax.id}/reactivate`, sysadmin, { reason: '已更换密钥' })).json().status, 'active');
    });

    it('rejects malformed CSV rows, bad check digits, birth dates that contradict the ID and unknown regions, line by line', async () => {
      const csv = [
        'id_number,period,payer_credit_code,amount_fen',
        `${people.earner!.idNumber},2026-10,${PAYER},650000`,
        `${people.earner!.idNumber},2026-10,${PAYER},650000,surplus`,
        `${people.earner!.idNumber.slice(0, 17)}0,2026-10,${PAYER},1`,
        `${people.earner!.idNumber},2026-13,${PAYER},1`,
        `"${people.earner!.idNumber},2026-11,${PAYER},1`,
      ].join('\n');
      const r = await send(tax, 'tax.income@1', 'income_verification', csv, { contentType: 'text/csv; charset=utf-8' });
      assert.equal(r.statusCode, 422, r.body);
      const codes = r.json().batch.records.map((x: { line: number; code?: string; status: string }) => [x.line, x.code ?? x.status]);
      const checkOk = parseResidentId(`${people.earner!.idNumber.slice(0, 17)}0`).ok;
      assert.deepEqual(codes, [
        [2, 'valid'],
        [3, 'malformed_record'],
        [4, checkOk ? 'valid' : 'id_check_digit'],
        [5, 'field_invalid'],
        [6, 'malformed_record'],
      ]);
      const header = await send(tax, 'tax.income@1', 'income_verification', 'id_number,salary\n1,2\n', { contentType: 'text/csv' });
      assert.equal(header.json().batch.problemCode, 'csv_header_invalid');

      const newborn = makeResidentId('640104', '2026-10-01', 2);
      const births = jsonl([
        { id_number: newborn, name: '马小宝', birth_date: '2026-10-02', household_region: TOWN },
        { id_number: makeResidentId('640104', '2026-10-03', 4), name: '马小贝', birth_date: '2026-10-03', household_region: '640104999' },
        { id_number: makeResidentId('640104', '2026-10-05', 6), name: '马小乐', birth_date: '2026-10-05', household_region: '640205001' },
      ]);
      const b = await send(police, 'public_security.birth@1', 'birth_registration', births);
      assert.deepEqual(
        b.json().batch.records.map((x: { code?: string }) => x.code),
        ['birth_date_mismatch', 'region_unknown', 'region_out_of_jurisdiction'],
      );
      assert.equal((await rows(`select 1 from registry.persons where birth_date >= '2026-10-01'`)).length, 0);
    });

    it('refuses a body that is too large before reading it', async () => {
      const r = await send(tax, 'tax.income@1', 'income_verification', 'x'.repeat(5 * 1024 * 1024));
      assert.equal(r.statusCode, 413);
      assert.equal(r.json().code, 'payload_too_large');
    });
  });

  describe('what applied batches do in the registry', () => {
    it('keeps tax income once per person, month and payer: the same values change nothing, a new amount corrects', async () => {
      const csv = (amount: number) => `id_number,period,payer_credit_code,amount_fen\n${people.earner!.idNumber},2026-10,${PAYER},${amount}\n`;
      const first = await send(tax, 'tax.income@1', 'income_verification', csv(650000), { contentType: 'text/csv' });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().records[0].effect, 'applied');
      assert.equal((await send(tax, 'tax.income@1', 'income_verification', csv(650000), { contentType: 'text/csv' })).json().records[0].effect, 'unchanged');
      assert.equal((await send(tax, 'tax.income@1', 'income_verification', csv(660000), { contentType: 'text/csv' })).json().records[0].effect, 'applied');
      const income = await rows<{ amount_fen: string; source: string }>(`select amount_fen::text, source from registry.income_records where person_id = $1`, [people.earner!.id]);
      assert.deepEqual(income, [{ amount_fen: '660000', source: 't-shuiwu' }]);
      assert.deepEqual(await historyKinds(people.earner!.id), ['registered', 'income.recorded', 'income.corrected']);
    });

    it('registers births, keeps partner facts in the dossier with other people’s ID numbers masked, and records bank verifications', async () => {
      const newborn = makeResidentId('640104', '2026-10-01', 2);
      secrets.add(newborn);
      const born = await send(police, 'public_security.birth@1', 'birth_registration', jsonl([{ id_number: newborn, name: '马小宝', birth_date: '2026-10-01', household_region: TOWN }]));
      assert.equal(born.statusCode, 201, born.body);
      const [baby] = await rows<{ id: string; sex: string }>(`select id, sex from registry.persons where birth_date = '2026-10-01'`);
      assert.equal(baby?.sex, 'female');

      const spouse = makeResidentId('640105', '1991-04-04', 22);
      secrets.add(spouse);
      const wed = await send(civil, 'civil_affairs.marriage@1', 'benefit_eligibility', jsonl([{ id_number: people.wed!.idNumber, event: 'married', on: '2024-05-20', spouse_id_number: spouse, region: '640104' }]));
      assert.equal(wed.statusCode, 201, wed.body);
      const [entry] = await rows<{ kind: string; changes: Record<string, unknown>; by_kind: string; by_name: string }>(
        `select kind, changes, by_kind, by_name from registry.person_history where person_id = $1 and kind = 'partner.civil_affairs.marriage'`,
        [people.wed!.id],
      );
      assert.deepEqual(entry, {
        kind: 'partner.civil_affairs.marriage',
        changes: { event: [null, 'married'], on: [null, '2024-05-20'], spouse_id_number: [null, maskIdNumber(spouse)], region: [null, '640104'] },
        by_kind: 'partner',
        by_name: '测试市民政局',
      });

      const verify = (account: string) => jsonl([{ id_number: people.saver!.idNumber, account_number: account, result: 'match' }]);
      const unknown = await send(bank, 'bank.account_verification@1', 'account_verification', verify(OTHER_ACCOUNT));
      assert.equal(unknown.json().batch.records[0].code, 'account_unknown');
      const ok = await send(bank, 'bank.account_verification@1', 'account_verification', verify(ACCOUNT));
      assert.equal(ok.statusCode, 201, ok.body);
      const [account] = await rows<{ verified_by: string; verified: boolean }>(`select verified_by, verified_at is not null as verified from registry.bank_accounts where person_id = $1`, [people.saver!.id]);
      assert.deepEqual(account, { verified_by: 't-bank', verified: true });
      const audited = await rows<{ subject_id: string; channel: string; actor_kind: string }>(`select subject_id, channel, actor_kind from audit.entries where action = 'person.bank_account.verified'`);
      assert.deepEqual(audited, [{ subject_id: people.saver!.id, channel: 'batch', actor_kind: 'partner' }]);
    });
  });

  describe('queries', () => {
    it('asks a partner whether a person is alive, logs the query and the answer, and audits both sides with the person as subject', async () => {
      const ask = (who: Cookies, body: Record<string, unknown>) => call('POST', '/api/exchange/partner-queries', who, body);
      const r = await ask(caseworker, { partnerId: police.id, personId: people.wed!.id, kind: 'person_alive', purpose: 'benefit_eligibility' });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json().answer, { found: true, alive: true, since: '1990-02-14' });
      assert.equal(r.json().idNumberMasked, maskIdNumber(people.wed!.idNumber));

      t.minsheng.modules.exchange.service.simulated.recordDeath(people.wed!.idNumber, '2026-11-01');
      assert.deepEqual((await ask(caseworker, { partnerId: police.id, personId: people.wed!.id, kind: 'person_alive', purpose: 'benefit_eligibility' })).json().answer, { found: true, alive: false, since: '2026-11-01' });

      const entries = await rows<{ action: string; actor_kind: string; actor_name: string; actor_role: string; channel: string; purpose: string }>(
        `select action, actor_kind, actor_name, actor_role, channel, purpose from audit.entries where subject_id = $1 and action like 'exchange.%' order by id limit 2`,
        [people.wed!.id],
      );
      assert.deepEqual(entries, [
        { action: 'exchange.partner_asked', actor_kind: 'staff', actor_name: entries[0]!.actor_name, actor_role: 'caseworker', channel: 'partner_api', purpose: 'benefit_eligibility' },
        { action: 'exchange.partner_answered', actor_kind: 'partner', actor_name: '测试市公安局', actor_role: 'public_security', channel: 'partner_api', purpose: 'benefit_eligibility' },
      ]);
      const logged = await rows<{ direction: string; kind: string; status: string }>(`select direction, kind, status from exchange.messages where query_kind = 'person_alive' order by received_at, direction desc`);
      assert.deepEqual(logged.slice(0, 2), [
        { direction: 'out', kind: 'query', status: 'answered' },
        { direction: 'in', kind: 'answer', status: 'answered' },
      ]);

      assert.equal((await ask(otherCounty, { partnerId: police.id, personId: people.wed!.id, kind: 'person_alive', purpose: 'benefit_eligibility' })).statusCode, 404, 'person outside the caller’s region');
      assert.equal((await ask(auditadmin, { partnerId: police.id, personId: people.wed!.id, kind: 'person_alive', purpose: 'benefit_eligibility' })).statusCode, 403);
      assert.equal((await ask(caseworker, { partnerId: police.id, personId: people.wed!.id, kind: 'person_alive', purpose: 'income_verification' })).json().code, 'purpose_not_allowed');
      assert.equal((await ask(caseworker, { partnerId: police.id, personId: people.wed!.id, kind: 'account_holder', purpose: 'benefit_eligibility' })).json().code, 'query_not_allowed');
      const holder = await ask(caseworker, { partnerId: bank.id, personId: people.saver!.id, kind: 'account_holder', purpose: 'account_verification' });
      assert.deepEqual(holder.json().answer, { found: true, holder: true });
      assert.equal(holder.json().accountNumberMasked, '6222 **** **** 1234');
      const [account] = await rows<{ id: string }>(`select id from registry.bank_accounts where person_id = $1`, [people.saver!.id]);
      const byId = await ask(caseworker, { partnerId: bank.id, personId: people.saver!.id, kind: 'account_holder', purpose: 'account_verification', accountId: account!.id });
      assert.equal(byId.json().accountNumberMasked, '6222 **** **** 1234', 'an account chosen by its id, without unmasking it');
      const notTheirs = await ask(caseworker, { partnerId: bank.id, personId: people.wed!.id, kind: 'account_holder', purpose: 'account_verification', accountId: account!.id });
      assert.equal(notTheirs.json().code, 'bank_account_missing', 'another person’s account is not theirs to ask about');

      t.minsheng.modules.exchange.service.simulated.setUnavailable(true);
      try {
        const down = await ask(caseworker, { partnerId: police.id, personId: people.saver!.id, kind: 'person_alive', purpose: 'benefit_eligibility' });
        assert.equal(down.statusCode, 502);
        assert.equal(down.json().code, 'partner_unavailable');
      } finally {
        t.minsheng.modules.exchange.service.simulated.setUnavailable(false);
      }
      assert.equal((await rows(`select 1 from exchange.messages where status = 'failed' and query_kind = 'person_alive'`)).length, 1);
    });

    it('answers a partner’s signed question about pension enrolment yes or no, masked, audited as the partner’s access', async () => {
      const body = JSON.stringify({ id_number: people.saver!.idNumber });
      const signed = batchHeaders({ privateKey: police.privateKey, partnerCode: police.code, batchId: 'q-1', dataset: 'query:person_enrolled', purpose: 'benefit_eligibility', body });
      const { 'x-exchange-dataset': _dataset, ...headers } = signed;
      const r = await t.minsheng.app.inject({
        method: 'POST',
        url: '/api/exchange/queries',
        headers: { ...headers, 'x-exchange-query': 'person_enrolled', authorization: `Bearer ${police.credential}`, 'content-type': 'application/json' },
        payload: body,
      });
      answers.push(r);
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { queryId: 'q-1', kind: 'person_enrolled', idNumberMasked: maskIdNumber(people.saver!.idNumber), found: true, enrolled: false });
      const [entry] = await rows<{ actor_kind: string; actor_name: string; actor_role: string; channel: string; subject_id: string }>(
        `select actor_kind, actor_name, actor_role, channel, subject_id from audit.entries where action = 'exchange.partner_queried'`,
      );
      assert.deepEqual(entry, { actor_kind: 'partner', actor_name: '测试市公安局', actor_role: 'public_security', channel: 'partner_api', subject_id: people.saver!.id });
      const bankAsks = await t.minsheng.app.inject({
        method: 'POST',
        url: '/api/exchange/queries',
        headers: {
          ...batchHeaders({ privateKey: bank.privateKey, partnerCode: bank.code, batchId: 'q-2', dataset: 'query:person_enrolled', purpose: 'account_verification', body }),
          'x-exchange-query': 'person_enrolled',
          authorization: `Bearer ${bank.credential}`,
          'content-type': 'application/json',
        },
        payload: body,
      });
      answers.push(bankAsks);
      assert.equal(bankAsks.json().code, 'query_not_allowed');
    });
  });

  describe('the data tracker', () => {
    it('shows the citizen that a partner looked them up, by the partner’s name and department', async () => {
      const citizen = t.demo.citizens[0]!;
      secrets.add(citizen.idNumber);
      const cityCaseworker = await t.loginStaff('yc.caseworker');
      const [account] = await rows<{ region_code: string }>(`select region_code from auth.citizens where id_number_hash = $1`, [t.minsheng.platform.crypto.lookupHash('id_number', citizen.idNumber)]);
      const registered = await call('POST', '/api/registry/persons', cityCaseworker, { idNumber: citizen.idNumber, name: citizen.name, householdRegion: account!.region_code });
      assert.equal(registered.statusCode, 201, registered.body);
      const body = JSON.stringify({ id_number: citizen.idNumber });
      const asked = await t.minsheng.app.inject({
        method: 'POST',
        url: '/api/exchange/queries',
        headers: {
          ...batchHeaders({ privateKey: police.privateKey, partnerCode: police.code, batchId: 'q-tracker', dataset: 'query:person_enrolled', purpose: 'benefit_eligibility', body }),
          'x-exchange-query': 'person_enrolled',
          authorization: `Bearer ${police.credential}`,
          'content-type': 'application/json',
        },
        payload: body,
      });
      answers.push(asked);
      assert.equal(asked.json().found, true, asked.body);
      const login = await t.request('POST', '/api/auth/citizen/login', {}, { idNumber: citizen.idNumber, password: DEMO_PASSWORD });
      assert.equal(login.statusCode, 200, login.body);
      const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
      const tracker = await t.request('GET', '/api/my/data-access', cookies);
      assert.equal(tracker.statusCode, 200, tracker.body);
      const seen = tracker.json().items.find((e: { action: string }) => e.action === 'exchange.partner_queried');
      assert.ok(seen, tracker.body.slice(0, 500));
      assert.equal(seen.actorKind, 'partner');
      assert.equal(seen.actorName, '测试市公安局');
      assert.equal(seen.actorRole, 'public_security');
      assert.equal(seen.channel, 'partner_api');
      assert.equal(seen.purpose, 'benefit_eligibility');
    });
  });

  describe('the message log', () => {
    it('is shown to the system and audit administrators, filtered and paged, with per-record results', async () => {
      assert.equal((await call('GET', '/api/exchange/messages', caseworker)).statusCode, 403);
      const all = await call('GET', '/api/exchange/messages?pageSize=5', auditadmin);
      assert.equal(all.statusCode, 200, all.body);
      assert.equal(all.json().items.length, 5);
      assert.ok(all.json().total > 20);
      const rejected = await call('GET', `/api/exchange/messages?partner=t-gongan&status=rejected&dataset=public_security.death@1`, sysadmin);
      assert.ok(rejected.json().items.length >= 2);
      for (const m of rejected.json().items) {
        assert.equal(m.partnerCode, 't-gongan');
        assert.equal(m.status, 'rejected');
        assert.match(m.bodySha256, /^[0-9a-f]{64}$/);
        assert.equal(m.verification, 'valid');
      }
      const detail = await call('GET', `/api/exchange/messages/${rejected.json().items[0].id}`, auditadmin);
      assert.equal(detail.statusCode, 200);
      assert.ok(detail.json().records.length > 0);
      assert.equal(detail.json().bodyIntact, true);
      const query = (await call('GET', '/api/exchange/messages?kind=answer&direction=in', auditadmin)).json().items[0];
      const answer = await call('GET', `/api/exchange/messages/${query.id}`, auditadmin);
      assert.equal(answer.json().content.found, true);
      assert.equal((await call('GET', `/api/exchange/messages/${query.id}`, otherCounty)).statusCode, 403);
      assert.equal((await call('GET', `/api/exchange/messages?from=yesterday`, auditadmin)).statusCode, 400);
    });

    it('counts messages per day and status under the same filters as the list', async () => {
      const total = (filter: string) => call('GET', `/api/exchange/messages?pageSize=1${filter}`, sysadmin).then((r) => r.json().total as number);
      const summed = (filter: string) =>
        call('GET', `/api/exchange/messages/summary?${filter.slice(1)}`, sysadmin).then((r) => (r.json().days as { count: number }[]).reduce((n, d) => n + d.count, 0));
      for (const filter of ['', '&partner=t-gongan', '&status=rejected', '&kind=batch&direction=in']) assert.equal(await summed(filter), await total(filter), filter || 'no filter');
      const days = (await call('GET', '/api/exchange/messages/summary?status=applied', sysadmin)).json().days as { day: string; status: string }[];
      assert.ok(days.length > 0 && days.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day) && d.status === 'applied'));
      assert.equal((await call('GET', '/api/exchange/messages/summary', caseworker)).statusCode, 403);
    });
  });

  describe('privacy', () => {
    /** Every registry and exchange route, called once more with what a test has at hand. */
    it('calls every registry and exchange endpoint', async () => {
      const spec = t.minsheng.app.swagger() as { paths: Record<string, Record<string, unknown>> };
      const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
        path.startsWith('/api/registry/') || path.startsWith('/api/exchange/') ? Object.keys(methods).map((m) => [m.toUpperCase(), path] as const) : [],
      );
      assert.ok(routes.length >= 15, `${routes.length} routes`);
      const ids: Record<string, string> = { id: people.saver!.id, personId: people.saver!.id, batchId: 'death-2026-03' };
      for (const [method, path] of routes) {
        if (path.endsWith('/unmask')) continue;
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? people.saver!.id);
        for (const who of [caseworker, sysadmin]) {
          const r = await call(method, url, who, method === 'GET' || method === 'DELETE' ? undefined : {});
          assert.ok(r.statusCode < 500, `${method} ${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
        }
      }
      for (const id of [people.saver!.id, people.wed!.id, people.earner!.id]) assert.equal((await call('GET', `/api/registry/persons/${id}`, caseworker)).statusCode, 200);
    });

    it('never answers with a full ID number or bank account number', () => {
      assert.ok(answers.length > 80, `${answers.length} answers`);
      const looksLikeId = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
      for (const r of answers) {
        for (const secret of secrets) assert.ok(!r.body.includes(secret) && !r.body.includes(secret.toLowerCase()), `${r.body.slice(0, 300)} carries ${secret}`);
        for (const match of r.body.match(looksLikeId) ?? []) assert.ok(!parseResidentId(match).ok, `${r.body.slice(0, 300)} carries an ID number ${match}`);
      }
    });
  });
});
