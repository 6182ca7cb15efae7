import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkCharacter, makeResidentId, parseResidentId } from './resident-id.ts';
import { isValidCreditCode } from './credit-code.ts';

describe('GB 11643 resident ID numbers', () => {
  it('accepts the standard example numbers and derives birth date and sex', () => {
    // GB 11643-1999 Annex A examples.
    const a = parseResidentId('11010519491231002X');
    assert.deepEqual(a, { ok: true, value: { number: '11010519491231002X', addressCode: '110105', birthDate: '1949-12-31', sex: 'female' } });
    const b = parseResidentId('440524188001010014');
    assert.equal(b.ok, true);
    assert.equal(b.ok && b.value.sex, 'male');
    assert.equal(b.ok && b.value.birthDate, '1880-01-01');
  });

  it('accepts a lower-case x and surrounding spaces, normalising them', () => {
    const r = parseResidentId(' 11010519491231002x ');
    assert.equal(r.ok && r.value.number, '11010519491231002X');
  });

  it('rejects a wrong check digit', () => {
    assert.deepEqual(parseResidentId('110105194912310021'), { ok: false, problem: 'check_digit' });
    assert.deepEqual(parseResidentId('440524188001010015'), { ok: false, problem: 'check_digit' });
  });

  it('rejects impossible or future birth dates', () => {
    const feb30 = makeResidentIdUnchecked('640104', '19900230', '123');
    assert.deepEqual(parseResidentId(feb30), { ok: false, problem: 'birth_date' });
    const future = makeResidentIdUnchecked('640104', '20991231', '123');
    assert.deepEqual(parseResidentId(future, new Date('2026-11-29')), { ok: false, problem: 'birth_date' });
  });

  it('rejects wrong lengths and characters', () => {
    for (const bad of ['', '12345', '11010519491231002', '11010519491231002XX', '1101051949123100AX', '640104 19900101 1234']) {
      assert.deepEqual(parseResidentId(bad), { ok: false, problem: 'format' }, bad);
    }
  });

  it('builds valid numbers for demo data', () => {
    const id = makeResidentId('640104', '1990-05-17', 123);
    const r = parseResidentId(id);
    assert.equal(r.ok, true);
    assert.equal(r.ok && r.value.sex, 'male');
    assert.equal(r.ok && r.value.birthDate, '1990-05-17');
  });
});

/** A number with a correct check character but whatever date is given, to test date checks. */
function makeResidentIdUnchecked(address: string, date: string, seq: string) {
  const first17 = address + date + seq;
  return first17 + checkCharacter(first17);
}

describe('GB 32100 unified social credit codes', () => {
  it('accepts valid codes', () => {
    assert.equal(isValidCreditCode('91350100M000100Y43'), true);
    assert.equal(isValidCreditCode('91110000600037341L'), true);
  });
  it('rejects a wrong check character, forbidden letters and wrong lengths', () => {
    assert.equal(isValidCreditCode('91350100M000100Y44'), false);
    assert.equal(isValidCreditCode('91350100M000100I43'), false);
    assert.equal(isValidCreditCode('91350100M000100Y4'), false);
  });
});
