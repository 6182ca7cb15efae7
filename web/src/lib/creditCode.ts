/**
 * GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters from a
 * 31-character alphabet (no I, O, S, V, Z); the last is a MOD 31 check character.
 * The same check as the server's, so a typing mistake is caught before submitting.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeProblem = 'format' | 'check_character';

export function normalizeCreditCode(value: string | undefined): string {
  return (value ?? '').replace(/\s/g, '').toUpperCase().slice(0, 18);
}

export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0);
  return ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

export function checkCreditCode(input: string): CreditCodeProblem | null {
  const code = normalizeCreditCode(input);
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return 'format';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check_character';
}

export function isValidCreditCode(input: string): boolean {
  return checkCreditCode(input) === null;
}
