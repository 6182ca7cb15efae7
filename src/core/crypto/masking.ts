/**
 * Masking for display. Responses carry masked identifiers unless a permitted role states a
 * purpose to unmask, and that read is audited.
 */

/** 640104199001011234 → 640104********1234 (region kept, birth date hidden). */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 10) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 6) + '*'.repeat(idNumber.length - 10) + idNumber.slice(-4);
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** 6222021234567891234 → 6222 **** **** 1234 */
export function maskBankAccount(account: string): string {
  const digits = account.replace(/\s+/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
}

/** 张三丰 → 张** ; keeps the family name only. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}
