import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { creditCodeCheckCharacter, isValidCreditCode } from './credit-code.ts';

/** Codes published by the organisations themselves (business licences, public registers). */
const published = [
  '91350100M000100Y43', // the worked example of GB 32100-2015
  '91440300708461136T',
  '91330100716105852F',
  '91110000802100433B',
  '911100007109250324',
  '91110108551385082Q',
  '12100000400000624D', // a public institution (事业单位), registration authority 1
];

describe('GB 32100-2015 unified social credit code', () => {
  it('accepts published codes, in either case and with surrounding spaces', () => {
    for (const code of published) {
      assert.ok(isValidCreditCode(code), code);
      assert.ok(isValidCreditCode(` ${code.toLowerCase()} `), code);
    }
  });

  it('refuses a wrong check character, every time', () => {
    for (const code of published) {
      for (const wrong of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
        if (wrong !== code[17]) assert.ok(!isValidCreditCode(code.slice(0, 17) + wrong), code.slice(0, 17) + wrong);
      }
    }
  });

  it('refuses letters the standard leaves out (I, O, S, V, Z), wrong lengths and non-digit region codes', () => {
    assert.ok(!isValidCreditCode('91350100M000100Y4'));
    assert.ok(!isValidCreditCode('91350100M000100Y433'));
    assert.ok(!isValidCreditCode('91350100M000100O43'));
    assert.ok(!isValidCreditCode('913501A0M000100Y43'));
    assert.ok(!isValidCreditCode(''));
    const withI = '91350100I00010' + '0Y4';
    assert.ok(!isValidCreditCode(withI + creditCodeCheckCharacter('91350100H000100Y4')));
  });

  it('catches any single changed character of the body', () => {
    const code = published[0]!;
    for (let i = 0; i < 17; i++) {
      const changed = code.slice(0, i) + (code[i] === '1' ? '2' : '1') + code.slice(i + 1);
      if (/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}/.test(changed)) assert.ok(!isValidCreditCode(changed), changed);
    }
  });
});
