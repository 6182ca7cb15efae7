import { hash, verify } from '@node-rs/argon2';

// argon2id (the library's default algorithm) with OWASP's 2023 minimums: 19 MiB, 2 passes.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular, verified when the account does not exist so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword('minsheng-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

/** At least 10 characters, with a letter and a digit (GB/T 22239 asks for complexity). */
export function isStrongEnough(password: string): boolean {
  return password.length >= 10 && password.length <= 256 && /\p{L}/u.test(password) && /\d/.test(password);
}
