import { generate, generateSecret, generateURI, verify } from 'otplib';

export const TOTP_PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, label: string, issuer: string): string {
  return generateURI({ issuer, label, secret });
}

export function totpCode(secret: string, epochSeconds?: number): Promise<string> {
  return generate({ secret, ...(epochSeconds === undefined ? {} : { epoch: epochSeconds }) });
}

/**
 * Checks a code with one period of clock drift either way. Returns the matched time step so
 * the caller can refuse a replay of the same or an earlier step.
 */
export async function checkTotp(secret: string, code: string): Promise<{ valid: false } | { valid: true; timeStep: number }> {
  if (!/^\d{6}$/.test(code)) return { valid: false };
  const result = await verify({ secret, token: code, epochTolerance: TOTP_PERIOD_SECONDS });
  return result.valid ? { valid: true, timeStep: (result as { timeStep: number }).timeStep } : { valid: false };
}
