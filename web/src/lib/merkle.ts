/**
 * Checks that run in a citizen's browser on the sealed monthly fund disclosures, so that nobody
 * has to trust the server that sends the proofs: that a contribution entry is in a month's tree
 * (RFC 9162 §2.1.3.2) and that a later month's tree extends an earlier one (§2.1.4.2).
 *
 * verifyInclusion and verifyConsistency repeat src/core/crypto/merkle.ts step for step (the
 * server tests run both on the same proofs): change one, change the other. Hashes may be given
 * as bytes or as 64-digit hex, as they come in JSON.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** A 32-byte hash, as bytes or as 64 hex digits. */
export type HashInput = Uint8Array | string;

const HASH_SIZE = 32;

/** MTH({}) = SHA-256() (RFC 9162 §2.1.1). */
const EMPTY_ROOT = sha256(new Uint8Array(0));

/** HASH(0x00 || leaf) of RFC 9162 §2.1.1, as hex: what the citizen compares with their entry. */
export function leafHashHex(bytes: Uint8Array): string {
  const buf = new Uint8Array(1 + bytes.length);
  buf[0] = 0x00;
  buf.set(bytes, 1);
  return bytesToHex(sha256(buf));
}

/**
 * RFC 9162 §2.1.3.2, step for step. Returns false, never throws, on any bad input (sizes that
 * are not non-negative safe integers, hashes that are not 32 bytes or 64 hex digits).
 * Shifts are Math.floor(x / 2), not `>>`, so sizes above 2^31 still work.
 */
export function verifyInclusion(leafHash: HashInput, index: number, size: number, proof: readonly HashInput[], root: HashInput): boolean {
  const leaf = toHash(leafHash);
  const rootHash = toHash(root);
  if (!isSize(index) || !isSize(size) || !leaf || !rootHash || !Array.isArray(proof)) return false;
  // 1. leaf_index >= tree_size fails.
  if (index >= size) return false;
  // 2.-3.
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  // 4.
  for (const item of proof) {
    const p = toHash(item);
    if (!p) return false;
    // 4a.
    if (sn === 0) return false;
    // 4b.
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    // 4c.
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5.
  return sn === 0 && equalBytes(r, rootHash);
}

/**
 * RFC 9162 §2.1.4.2, step for step, for 0 < oldSize < newSize. Outside that range, where the
 * RFC gives no algorithm: equal sizes need an empty proof and equal roots; oldSize 0 needs an
 * empty proof and the empty-tree root as oldRoot (every tree extends the empty one).
 * Returns false, never throws, on any bad input.
 */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: HashInput, newRoot: HashInput, proof: readonly HashInput[]): boolean {
  const first = toHash(oldRoot);
  const second = toHash(newRoot);
  if (!isSize(oldSize) || !isSize(newSize) || !first || !second || !Array.isArray(proof)) return false;
  const hashes = proof.map(toHash);
  if (!hashes.every((h): h is Uint8Array => h !== null)) return false;
  if (oldSize > newSize) return false;
  if (oldSize === newSize) return hashes.length === 0 && equalBytes(first, second);
  if (oldSize === 0) return hashes.length === 0 && equalBytes(first, EMPTY_ROOT);
  // 1.
  if (hashes.length === 0) return false;
  // 2. A power-of-two old tree is a node of the new one, and SUBPROOF leaves it out.
  const path: readonly Uint8Array[] = isPowerOfTwo(oldSize) ? [first, ...hashes] : hashes;
  // 3.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // 4.
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5.
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  // 6.
  for (const c of path.slice(1)) {
    // 6a.
    if (sn === 0) return false;
    // 6b.
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    // 6c.
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 7.
  return equalBytes(fr, first) && equalBytes(sr, second) && sn === 0;
}

/** One canonical ledger entry line: nine fields separated by "|", ending in one "\n". */
const ENTRY_LINE = /^[^|\n]*(\|[^|\n]*){8}\n$/;

/**
 * That a ledger entry is in a sealed month (src/modules/funds/disclosure.service.ts, same
 * checks): the month's leaves are blocks of `blockSize` consecutive entry lines, so the block
 * must have the size its position implies, every line must be one well-formed line, the entry's
 * own line must be one of them, and the block's leaf hash must reach `entriesRoot` along `path`.
 * `entryCount` and `entriesRoot` come from the public disclosure, not from the proof.
 */
export function verifyEntryInclusion(p: {
  line: string;
  blockLines: readonly string[];
  blockIndex: number;
  entryCount: number;
  blockSize: number;
  path: readonly HashInput[];
  entriesRoot: HashInput;
}): boolean {
  if (!isSize(p.entryCount) || p.entryCount < 1 || !isSize(p.blockSize) || p.blockSize < 1) return false;
  const blockCount = Math.ceil(p.entryCount / p.blockSize);
  if (!isSize(p.blockIndex) || p.blockIndex >= blockCount) return false;
  if (!Array.isArray(p.blockLines) || p.blockLines.length !== Math.min(p.blockSize, p.entryCount - p.blockIndex * p.blockSize)) return false;
  if (!p.blockLines.every((l) => typeof l === 'string' && ENTRY_LINE.test(l)) || !p.blockLines.includes(p.line)) return false;
  const leaf = new TextEncoder().encode(p.blockLines.join(''));
  return verifyInclusion(leafHashHex(leaf), p.blockIndex, blockCount, p.path, p.entriesRoot);
}

/**
 * The canonical JSON of a disclosure's head, the bytes of its leaf in the log of disclosures:
 * keys sorted, as the server writes it. Compute it from the published fields rather than trust
 * a head string sent with a proof.
 */
export function disclosureHead(d: { period: string; sequence: number; entryCount: number; entriesRoot: string; totalsHash: string }): string {
  return `{"entriesRoot":${JSON.stringify(d.entriesRoot)},"entryCount":${JSON.stringify(d.entryCount)},"period":${JSON.stringify(d.period)},"sequence":${JSON.stringify(d.sequence)},"totalsHash":${JSON.stringify(d.totalsHash)}}`;
}

/** HASH(0x01 || left || right) of RFC 9162 §2.1.1. */
function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + 2 * HASH_SIZE);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + HASH_SIZE);
  return sha256(buf);
}

function toHash(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value.length === HASH_SIZE ? value : null;
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{64}$/.test(value)) return null;
  return hexToBytes(value);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
