import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { checkRecord, findDataset, parseBatchBody, type DatasetSpec } from './datasets.ts';
import { canonicalString, keyPairFromSeed, readPublicKey, sha256Hex, signFields, verifyFields, type SignedFields } from './signing.ts';

const regions = new Map([
  ['640104', { level: 3 }],
  ['640104001', { level: 4 }],
  ['6401', { level: 2 }],
]);
const context = { regionExists: (code: string) => regions.get(code), today: '2026-11-29' };
const spec = (ref: string): DatasetSpec => findDataset(ref)!;
const ID = makeResidentId('640104', '1950-03-01', 11);

describe('exchange signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const fields: SignedFields = { partnerCode: 'p', batchId: 'b-1', subject: 'public_security.death@1', purpose: 'death_registration', timestamp: '2026-11-29T01:00:00.000Z', bodySha256: sha256Hex('x') };

  it('signs one canonical string naming every signed field, in order', () => {
    assert.equal(canonicalString(fields), ['minsheng-exchange/v1', 'p', 'b-1', 'public_security.death@1', 'death_registration', '2026-11-29T01:00:00.000Z', sha256Hex('x')].join('\n'));
  });

  it('verifies with the right key and fails when any signed field or the key changes', () => {
    const signature = signFields(privateKey, fields);
    assert.ok(verifyFields(publicKey, fields, signature));
    for (const changed of [{ bodySha256: sha256Hex('y') }, { batchId: 'b-2' }, { subject: 'public_security.death@2' }, { purpose: 'fraud_prevention' }, { timestamp: '2026-11-29T01:00:01.000Z' }, { partnerCode: 'q' }]) {
      assert.equal(verifyFields(publicKey, { ...fields, ...changed }, signature), false, JSON.stringify(changed));
    }
    assert.equal(verifyFields(generateKeyPairSync('ed25519').publicKey, fields, signature), false);
    assert.equal(verifyFields(publicKey, fields, 'not a signature'), false);
  });

  it('derives the same demo key pair from the same seed, and reads only Ed25519 public keys', () => {
    const a = keyPairFromSeed(Buffer.alloc(32, 7));
    assert.equal(a.publicKeyPem, keyPairFromSeed(Buffer.alloc(32, 7)).publicKeyPem);
    assert.ok(readPublicKey(a.publicKeyPem)?.keyId.match(/^[0-9a-f]{16}$/));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    assert.equal(readPublicKey(rsa), undefined);
    assert.equal(readPublicKey('-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----'), undefined);
  });
});

describe('dataset records', () => {
  const death = spec('public_security.death@1');
  const check = (s: DatasetSpec, value: Record<string, unknown>, format: 'ndjson' | 'csv' = 'ndjson') => checkRecord(s, { line: 1, value }, format, context);

  it('accepts a good record and normalises the ID number', () => {
    const r = check(death, { id_number: ID.toLowerCase(), died_on: '2026-03-01', region: '640104' });
    assert.ok(r.ok);
    assert.equal(r.value.id_number, ID);
  });

  it('names what is wrong with a bad record', () => {
    const wrongCheck = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    const cases: [DatasetSpec, Record<string, unknown>, string][] = [
      [death, { id_number: wrongCheck, died_on: '2026-03-01' }, 'id_check_digit'],
      [death, { id_number: '12345', died_on: '2026-03-01' }, 'id_number_invalid'],
      [death, { id_number: ID, died_on: '2027-01-01' }, 'date_in_future'],
      [death, { id_number: ID, died_on: '1949-01-01' }, 'date_before_birth'],
      [death, { id_number: ID, died_on: '2026-03-01', region: '640199999' }, 'region_unknown'],
      [death, { id_number: ID, died_on: '2026-03-01', extra: 1 }, 'field_invalid'],
      [death, { id_number: ID }, 'field_invalid'],
      [spec('public_security.birth@1'), { id_number: ID, name: '甲', birth_date: '1950-03-02', household_region: '640104001' }, 'birth_date_mismatch'],
      [spec('public_security.birth@1'), { id_number: ID, name: '甲', birth_date: '1950-03-01', sex: 'female', household_region: '640104001' }, 'sex_mismatch'],
      [spec('public_security.birth@1'), { id_number: ID, name: '甲', birth_date: '1950-03-01', household_region: '6401' }, 'region_not_local'],
      [spec('tax.income@1'), { id_number: ID, period: '2026-10', payer_credit_code: '91640100MA76XQ0X1A', amount_fen: 1 }, 'credit_code_invalid'],
      [spec('tax.income@1'), { id_number: ID, period: '2026-10', payer_credit_code: '91640100MA76XQ0X1E', amount_fen: 1.5 }, 'field_invalid'],
      [spec('civil_affairs.marriage@1'), { id_number: ID, event: 'married', on: '2020-01-01', spouse_id_number: wrongCheck, region: '640104' }, 'id_check_digit'],
    ];
    for (const [s, value, code] of cases) {
      const r = check(s, value);
      assert.equal(r.ok, false, JSON.stringify(value));
      if (!r.ok) assert.equal(r.code, code, JSON.stringify(value));
    }
  });

  it('reads CSV with line numbers, empty cells as absent, and malformed rows as their own rejections', () => {
    const csv = `id_number,died_on,region\n${ID},2026-03-01,\n${ID},2026-03-01,640104,extra\n"${ID},2026-03-01\n`;
    const parsed = parseBatchBody(Buffer.from(csv), 'csv', death);
    assert.equal(parsed.problem, undefined);
    assert.deepEqual(parsed.records[0], { line: 2, value: { id_number: ID, died_on: '2026-03-01' } });
    assert.deepEqual(parsed.records.slice(1).map((r) => [r.line, r.problem?.code]), [[3, 'malformed_record'], [4, 'malformed_record']]);
    assert.equal(parseBatchBody(Buffer.from('id_number,born\n1,2\n'), 'csv', death).problem?.code, 'csv_header_invalid');
    assert.equal(parseBatchBody(Buffer.from('\n\n'), 'ndjson', death).problem?.code, 'batch_empty');
    assert.equal(parseBatchBody(Buffer.from([0xff, 0xfe, 0x41]), 'ndjson', death).problem?.code, 'body_not_utf8');
  });

  it('coerces CSV cells to the schema’s types but takes JSON Lines as sent', () => {
    const income = spec('tax.income@1');
    const row = { id_number: ID, period: '2026-10', payer_credit_code: '91640100MA76XQ0X1E', amount_fen: '650000' };
    const fromCsv = check(income, row, 'csv');
    assert.ok(fromCsv.ok && fromCsv.value.amount_fen === 650000);
    assert.equal(check(income, row, 'ndjson').ok, false);
  });

  it('reads JSON Lines, rejecting a line that is not one JSON object', () => {
    const parsed = parseBatchBody(Buffer.from(`{"id_number":"${ID}","died_on":"2026-03-01"}\n\n[1]\n{oops\n`), 'ndjson', death);
    assert.deepEqual(parsed.records.map((r) => [r.line, r.problem?.code ?? 'ok']), [[1, 'ok'], [3, 'malformed_record'], [4, 'malformed_record']]);
  });
});
