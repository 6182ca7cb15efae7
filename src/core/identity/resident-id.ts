/**
 * GB 11643-1999 citizen identification number: 6-digit address code, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type ResidentIdProblem = 'format' | 'birth_date' | 'check_digit';

export interface ResidentId {
  /** Normalised: 18 characters, upper-case X. */
  number: string;
  addressCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
}

export type ResidentIdResult = { ok: true; value: ResidentId } | { ok: false; problem: ResidentIdProblem };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export function parseResidentId(input: string, today: Date = new Date()): ResidentIdResult {
  const number = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, problem: 'format' };
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const valid =
    year >= 1850 &&
    birth.getUTCFullYear() === year &&
    birth.getUTCMonth() === month - 1 &&
    birth.getUTCDate() === day &&
    birth.getTime() <= today.getTime();
  if (!valid) return { ok: false, problem: 'birth_date' };
  if (checkCharacter(number.slice(0, 17)) !== number[17]) return { ok: false, problem: 'check_digit' };
  return {
    ok: true,
    value: {
      number,
      addressCode: number.slice(0, 6),
      birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
      sex: Number(number[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/** Builds a valid number from its parts; for demo data and tests. */
export function makeResidentId(addressCode: string, birthDate: string, sequence: number): string {
  const first17 = addressCode + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  if (!/^\d{17}$/.test(first17)) throw new Error(`cannot build an ID number from ${addressCode}, ${birthDate}, ${sequence}`);
  return first17 + checkCharacter(first17);
}
