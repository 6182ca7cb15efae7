/**
 * Merkle tree of RFC 9162 (Certificate Transparency v2) §2.1, for sealing the monthly fund
 * disclosures: one signed tree head per month over every ledger entry so far, inclusion proofs
 * for a citizen's own entry and consistency proofs between two months.
 *
 * The leaf hashes of a tree are one contiguous Buffer of n × 32 bytes and every level above them
 * is one Buffer too, so a million entries stay a handful of allocations instead of a million
 * Buffer objects. `src/core/audit/merkle.ts` (the audit log's merkleRoot) computes the same root;
 * this module adds proofs and the speed the monthly seal needs.
 *
 * The browser-side verifiers in `web/src/lib/merkle.ts` mirror verifyInclusion and
 * verifyConsistency step for step: change one, change the other.
 */
import * as nodeCrypto from 'node:crypto';
import { Worker } from 'node:worker_threads';

export const HASH_SIZE = 32;

/** The levels of a tree, leaf hashes first, then each level up to the single root node. */
export type MerkleLevels = readonly Buffer[];

/**
 * crypto.hash (Node ≥ 20.12) skips building a Hash object and costs about half of
 * createHash().update().digest() per call, which is what a tree of small inputs pays for.
 * A namespace import, because a named import would fail to link on Node 20.10/20.11
 * (package.json allows ≥ 20.10).
 */
const hasOneShot = typeof nodeCrypto.hash === 'function';

const sha256: (data: Uint8Array) => Buffer = hasOneShot
  ? (data) => nodeCrypto.hash('sha256', data, 'buffer')
  : (data) => nodeCrypto.createHash('sha256').update(data).digest();

/**
 * SHA-256 of `data` written into out[offset, offset + 32). The digest travels as a latin1 string
 * ('binary' is Node's name for latin1 on the hash side: one char per byte, lossless) rather than
 * a Buffer, because on Node 20 each digest Buffer costs a fresh ArrayBuffer: this halved the time
 * per tree node when measured (about 0.35 µs per call instead of 0.8 µs).
 */
const sha256Into: (data: Uint8Array, out: Buffer, offset: number) => void = hasOneShot
  ? (data, out, offset) => {
      out.write(nodeCrypto.hash('sha256', data, 'binary'), offset, HASH_SIZE, 'latin1');
    }
  : (data, out, offset) => {
      out.write(nodeCrypto.createHash('sha256').update(data).digest('binary'), offset, HASH_SIZE, 'latin1');
    };

/** MTH({}) = SHA-256() (RFC 9162 §2.1.1). */
const EMPTY_ROOT = sha256(new Uint8Array(0));

// Scratch buffers that already carry the domain-separation prefix (RFC 9162 §2.1.1: 0x00 for
// leaves, 0x01 for nodes), so one one-shot hash call covers prefix and payload without
// allocating a concatenation. Safe as module state: every use is synchronous.
const nodeScratch = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeScratch[0] = 0x01;
const LEAF_SCRATCH_MAX = 4096;
const leafScratch = Buffer.alloc(1 + LEAF_SCRATCH_MAX);
leafScratch[0] = 0x00;
// One view per leaf length, made once: a fresh subarray per leaf would cost an object each.
const leafViews: (Buffer | undefined)[] = [];
const LEAF_PREFIX = Buffer.from([0x00]);

/** HASH(0x00 || leaf) of RFC 9162 §2.1.1. */
export function leafHash(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HASH_SIZE);
  leafHashInto(bytes, out, 0);
  return out;
}

function leafHashInto(bytes: Uint8Array, out: Buffer, offset: number): void {
  const len = bytes.length;
  if (len > LEAF_SCRATCH_MAX) {
    nodeCrypto.createHash('sha256').update(LEAF_PREFIX).update(bytes).digest().copy(out, offset);
    return;
  }
  let view = leafViews[len];
  if (!view) view = leafViews[len] = leafScratch.subarray(0, len + 1);
  leafScratch.set(bytes, 1);
  sha256Into(view, out, offset);
}

/** HASH(0x01 || left || right) of RFC 9162 §2.1.1. */
function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 1 + HASH_SIZE);
  return sha256(nodeScratch);
}

/**
 * Leaf hashes of all leaves, as one Buffer of n × 32 bytes. `count`, when given, is the number
 * of leaves the iterable yields (it sizes the Buffer up front); a different number is an error,
 * because sealing fewer or more entries than the caller counted must not pass silently.
 */
export function hashLeaves(leaves: Iterable<Uint8Array>, count?: number): Buffer {
  if (count !== undefined) assertSize(count, 'count');
  const expected = count ?? (Array.isArray(leaves) ? (leaves as readonly Uint8Array[]).length : undefined);
  let out = Buffer.allocUnsafe((expected ?? 1024) * HASH_SIZE);
  let n = 0;
  for (const leaf of leaves) {
    if ((n + 1) * HASH_SIZE > out.length) {
      if (count !== undefined) throw new RangeError(`hashLeaves: more than count=${count} leaves`);
      const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, HASH_SIZE * 1024));
      out.copy(bigger, 0, 0, n * HASH_SIZE);
      out = bigger;
    }
    leafHashInto(leaf, out, n * HASH_SIZE);
    n++;
  }
  if (count !== undefined && n !== count) throw new RangeError(`hashLeaves: ${n} leaves, count=${count}`);
  return n * HASH_SIZE === out.length ? out : out.subarray(0, n * HASH_SIZE);
}

/**
 * One level up: nodes 2i and 2i+1 of `src` become node i of `dst`, and an odd last node moves up
 * unchanged. That left-to-right pairing yields exactly RFC 9162's split at the largest power of
 * two below n (§2.1.1): node i of level h is MTH of leaves [i·2^h, min((i+1)·2^h, n)), because
 * every left half in the RFC recursion is a full, aligned 2^h subtree. `dst` may be `src`
 * (node i is written only after nodes 2i, 2i+1 were read), which treeRoot uses to stay in place.
 */
function reduceLevel(src: Buffer, count: number, dst: Buffer): void {
  reduceRange(src, count, dst, 0, Math.ceil(count / 2));
}

/** reduceLevel for the nodes [from, to) of the level above only (sealLeaves splits a level). */
function reduceRange(src: Buffer, count: number, dst: Buffer, from: number, to: number): void {
  const pairs = Math.floor(count / 2);
  const end = Math.min(to, pairs);
  for (let i = from; i < end; i++) {
    src.copy(nodeScratch, 1, i * 2 * HASH_SIZE, (i + 1) * 2 * HASH_SIZE);
    sha256Into(nodeScratch, dst, i * HASH_SIZE);
  }
  if (count % 2 === 1 && to > pairs) src.copy(dst, pairs * HASH_SIZE, (count - 1) * HASH_SIZE, count * HASH_SIZE);
}

/** All levels of the tree over the first `size` leaves: levels[0] is a view of the leaf hashes. */
export function buildLevels(leafHashes: Buffer, size = leafCount(leafHashes)): Buffer[] {
  assertSize(size, 'size', leafCount(leafHashes));
  const levels: Buffer[] = [leafHashes.subarray(0, size * HASH_SIZE)];
  let total = 0;
  for (let c = size; c > 1; c = Math.ceil(c / 2)) total += Math.ceil(c / 2);
  // One allocation for every level above the leaves.
  const store = Buffer.allocUnsafe(total * HASH_SIZE);
  let offset = 0;
  for (let count = size; count > 1; count = Math.ceil(count / 2)) {
    const next = store.subarray(offset, offset + Math.ceil(count / 2) * HASH_SIZE);
    reduceLevel(levels[levels.length - 1]!, count, next);
    levels.push(next);
    offset += next.length;
  }
  return levels;
}

/**
 * MTH(D[0:size]) (RFC 9162 §2.1.1). From leaf hashes it builds the levels in one scratch Buffer
 * of half the leaves, in place, keeping none; from levels (see buildLevels) it costs O(log n),
 * so the tree head of any earlier month comes from the current month's levels.
 */
export function treeRoot(tree: Buffer | MerkleLevels, size?: number): Buffer {
  if (!Buffer.isBuffer(tree)) {
    const n = size ?? levelsLeafCount(tree);
    assertSize(n, 'size', levelsLeafCount(tree));
    return n === 0 ? Buffer.from(EMPTY_ROOT) : Buffer.from(subtreeHash(tree, 0, n));
  }
  const n = size ?? leafCount(tree);
  assertSize(n, 'size', leafCount(tree));
  if (n === 0) return Buffer.from(EMPTY_ROOT);
  if (n === 1) return Buffer.from(tree.subarray(0, HASH_SIZE));
  const work = Buffer.allocUnsafe(Math.ceil(n / 2) * HASH_SIZE);
  reduceLevel(tree, n, work);
  for (let count = Math.ceil(n / 2); count > 1; count = Math.ceil(count / 2)) reduceLevel(work, count, work);
  return Buffer.from(work.subarray(0, HASH_SIZE));
}

/**
 * Inclusion proof PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, deepest sibling first.
 * Pass levels (buildLevels) to answer many proofs from one build; from bare leaf hashes it builds
 * the levels of the first `size` leaves once, which is the whole cost of the call.
 */
export function inclusionProof(tree: Buffer | MerkleLevels, index: number, size: number): Buffer[] {
  const levels = Buffer.isBuffer(tree) ? buildLevels(tree, checkedSize(size, leafCount(tree))) : tree;
  assertSize(size, 'size', levelsLeafCount(levels));
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`inclusionProof: index ${index} outside a tree of ${size}`);
  }
  // The RFC recursion walked top-down over [start, start + count); the siblings it appends after
  // the sub-path come out root-first here, hence the reverse.
  const path: Buffer[] = [];
  let start = 0;
  let count = size;
  while (count > 1) {
    const k = splitPoint(count);
    if (index < start + k) {
      path.push(subtreeHash(levels, start + k, count - k));
      count = k;
    } else {
      path.push(subtreeHash(levels, start, k));
      start += k;
      count -= k;
    }
  }
  return path.reverse().map((h) => Buffer.from(h));
}

/**
 * Consistency proof PROOF(oldSize, D[0:newSize]) of RFC 9162 §2.1.4.1 (SUBPROOF with b = true).
 * Empty for oldSize = 0 or oldSize = newSize, where the RFC defines no proof (§2.1.4.1 covers
 * 0 < m < n; m = n gives the empty SUBPROOF). Levels or leaf hashes as for inclusionProof.
 */
export function consistencyProof(tree: Buffer | MerkleLevels, oldSize: number, newSize: number): Buffer[] {
  const levels = Buffer.isBuffer(tree) ? null : tree;
  const total = levels ? levelsLeafCount(levels) : leafCount(tree as Buffer);
  assertSize(newSize, 'newSize', total);
  assertSize(oldSize, 'oldSize', newSize);
  if (oldSize === 0 || oldSize === newSize) return [];
  const lv = levels ?? buildLevels(tree as Buffer, newSize);
  const proof: Buffer[] = [];
  let start = 0;
  let m = oldSize;
  let n = newSize;
  let haveRoot = true; // SUBPROOF's b: the old root is the one the verifier already holds
  while (m !== n) {
    const k = splitPoint(n);
    if (m <= k) {
      proof.push(subtreeHash(lv, start + k, n - k));
      n = k;
    } else {
      proof.push(subtreeHash(lv, start, k));
      start += k;
      n -= k;
      m -= k;
      haveRoot = false;
    }
  }
  if (!haveRoot) proof.push(subtreeHash(lv, start, n));
  return proof.reverse().map((h) => Buffer.from(h));
}

/**
 * RFC 9162 §2.1.3.2, step for step. Returns false, never throws, on any bad input (sizes that
 * are not non-negative safe integers, hashes that are not 32 bytes).
 * Shifts are Math.floor(x / 2), not `>>`, so sizes above 2^31 still work.
 */
export function verifyInclusion(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!isSize(index) || !isSize(size) || !isHash(leafHash) || !isHash(root) || !Array.isArray(proof)) return false;
  // 1. leaf_index >= tree_size fails.
  if (index >= size) return false;
  // 2.-3.
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash;
  // 4.
  for (const p of proof) {
    if (!isHash(p)) return false;
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
  return sn === 0 && equalBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2, step for step, for 0 < oldSize < newSize. Outside that range, where the
 * RFC gives no algorithm: equal sizes need an empty proof and equal roots; oldSize 0 needs an
 * empty proof and the empty-tree root as oldRoot (every tree extends the empty one).
 * Returns false, never throws, on any bad input.
 */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Uint8Array, newRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || !isHash(oldRoot) || !isHash(newRoot) || !Array.isArray(proof)) return false;
  if (!proof.every(isHash)) return false;
  if (oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0 && equalBytes(oldRoot, EMPTY_ROOT);
  // 1.
  if (proof.length === 0) return false;
  // 2. A power-of-two old tree is a node of the new one, and SUBPROOF leaves it out.
  const path: readonly Uint8Array[] = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
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
  return equalBytes(fr, oldRoot) && equalBytes(sr, newRoot) && sn === 0;
}

/** Leaves for sealLeaves: separate byte arrays, or one block where leaf i is data[offsets[i], offsets[i + 1]). */
export type SealInput = readonly Uint8Array[] | { readonly data: Uint8Array; readonly offsets: ArrayLike<number> };

export interface SealOptions {
  /** Below this many leaves the worker costs more than it saves and the seal stays on this thread. */
  minLeavesForWorker?: number;
}

/**
 * Hashes the leaves and builds every level, on this thread and one worker thread at once: the
 * same result as buildLevels(hashLeaves(leaves)), in about 0.7 of the time of the synchronous
 * path on this two-core machine (bench/merkle-speed.ts). A tree of n leaves costs 2n - 1 hash
 * calls, and Node's fixed cost per call, not SHA-256 itself, is most of it: only a second thread
 * divides that. This thread stays busy meanwhile, as with the synchronous functions.
 *
 * The leaves split at a boundary b that is a multiple of 2^q: below level q no node spans both
 * sides, so each thread fills its own part of the shared level Buffers (this thread [0, b), the
 * worker [b, n)), and this thread then builds the few levels above q. The bytes of the worker's
 * leaves are copied once into shared memory.
 */
export async function sealLeaves(leaves: SealInput, options: SealOptions = {}): Promise<{ root: Buffer; levels: Buffer[] }> {
  const isList = Array.isArray(leaves);
  const block = isList ? null : (leaves as { readonly data: Uint8Array; readonly offsets: ArrayLike<number> });
  const list = isList ? (leaves as readonly Uint8Array[]) : null;
  const n = list ? list.length : Math.max(0, block!.offsets.length - 1);
  if (block) checkOffsets(block.data, block.offsets);
  const leafAt = (i: number): Uint8Array => (list ? list[i]! : block!.data.subarray(block!.offsets[i]!, block!.offsets[i + 1]!));

  if (n < Math.max(2, options.minLeavesForWorker ?? 65_536)) {
    const levels = buildLevels(hashLeaves({ [Symbol.iterator]: function* () { for (let i = 0; i < n; i++) yield leafAt(i); } }, n));
    return { root: n === 0 ? Buffer.from(EMPTY_ROOT) : Buffer.from(levels[levels.length - 1]!), levels };
  }

  // Level layout in one shared Buffer: level h holds counts[h] nodes from byte starts[h].
  const counts = [n];
  while (counts[counts.length - 1]! > 1) counts.push(Math.ceil(counts[counts.length - 1]! / 2));
  const starts: number[] = [];
  let total = 0;
  for (const c of counts) {
    starts.push(total);
    total += c * HASH_SIZE;
  }
  const store = Buffer.from(new SharedArrayBuffer(total));
  const levels = counts.map((c, h) => store.subarray(starts[h]!, starts[h]! + c * HASH_SIZE));

  // q keeps about 64 nodes at level q; b is n/2 rounded to a multiple of 2^q, so 0 < b < n.
  let q = 0;
  while (2 ** (q + 1) * 64 <= n) q++;
  const unit = 2 ** q;
  const b = Math.min(n - unit, Math.max(unit, Math.round(n / 2 / unit) * unit));

  // The worker's leaves go to shared memory, offsets rebased to 0. The worker starts first and
  // hashes each chunk as soon as `ready` says it is copied, so its startup and the copy overlap.
  const offsets = new Float64Array(new SharedArrayBuffer((n - b + 1) * 8));
  const base = block ? block.offsets[b]! : 0;
  let at = 0;
  for (let i = b; i < n; i++) {
    offsets[i - b] = at;
    at += block ? block.offsets[i + 1]! - block.offsets[i]! : list![i]!.length;
  }
  offsets[n - b] = at;
  const bytes = Buffer.from(new SharedArrayBuffer(Math.max(1, at)));
  const ready = new Int32Array(new SharedArrayBuffer(4));

  const worker = new Worker(SEAL_WORKER_SOURCE, {
    eval: true,
    // Plain CommonJS: the worker needs none of the parent's loaders (tsx) or flags.
    execArgv: [],
    workerData: { bytes: bytes.buffer, offsets: offsets.buffer, ready: ready.buffer, store: store.buffer, starts, counts, first: b, q },
  });
  const done = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`merkle seal worker exited with code ${code}`)));
  });
  // A failure that arrives while this thread is busy below is awaited (and thrown) afterwards.
  done.catch(() => undefined);

  try {
    for (let from = b; from < n; from += COPY_CHUNK) {
      const to = Math.min(n, from + COPY_CHUNK);
      if (block) bytes.set(block.data.subarray(block.offsets[from]!, block.offsets[to]!), block.offsets[from]! - base);
      else for (let i = from; i < to; i++) bytes.set(list![i]!, offsets[i - b]!);
      Atomics.store(ready, 0, to - b);
      Atomics.notify(ready, 0);
    }
    for (let i = 0; i < b; i++) leafHashInto(leafAt(i), levels[0]!, i * HASH_SIZE);
    for (let h = 1; h <= q; h++) reduceRange(levels[h - 1]!, counts[h - 1]!, levels[h]!, 0, b / 2 ** h);
    await done;
  } finally {
    // Never leave the worker parked in Atomics.wait, whatever happened above.
    Atomics.store(ready, 0, n - b);
    Atomics.notify(ready, 0);
    void worker.terminate();
  }
  for (let h = q + 1; h < counts.length; h++) reduceLevel(levels[h - 1]!, counts[h - 1]!, levels[h]!);
  return { root: Buffer.from(levels[levels.length - 1]!), levels };
}

/** Leaves copied for the worker between two wake-ups: small enough that it starts early. */
const COPY_CHUNK = 16_384;

function checkOffsets(data: Uint8Array, offsets: ArrayLike<number>): void {
  for (let i = 0; i < offsets.length; i++) {
    const o = offsets[i]!;
    if (!isSize(o) || o > data.length || (i > 0 && o < offsets[i - 1]!)) throw new RangeError(`sealLeaves: bad offset ${o} at ${i}`);
  }
}

/**
 * The worker's half of sealLeaves, as CommonJS source run with `eval: true`, so it needs no file
 * of its own and no TypeScript loader. It repeats leafHashInto and reduceRange above: keep them
 * in step (the tests compare sealLeaves with buildLevels through the worker).
 */
const SEAL_WORKER_SOURCE = `'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const { starts, counts, first, q } = workerData;
const bytes = Buffer.from(workerData.bytes);
const offsets = new Float64Array(workerData.offsets);
const ready = new Int32Array(workerData.ready);
const tree = Buffer.from(workerData.store);
const into = typeof crypto.hash === 'function'
  ? (data, at) => tree.write(crypto.hash('sha256', data, 'latin1'), at, 32, 'latin1')
  : (data, at) => tree.write(crypto.createHash('sha256').update(data).digest('latin1'), at, 32, 'latin1');
const MAX = ${LEAF_SCRATCH_MAX};
const leafScratch = Buffer.alloc(1 + MAX);
const views = [];
const n = counts[0];
let copied = 0;
for (let i = first; i < n; i++) {
  while (i - first >= copied) {
    Atomics.wait(ready, 0, copied);
    copied = Atomics.load(ready, 0);
  }
  const s = offsets[i - first];
  const len = offsets[i - first + 1] - s;
  if (len > MAX) {
    crypto.createHash('sha256').update(Buffer.from([0])).update(bytes.subarray(s, s + len)).digest().copy(tree, starts[0] + i * 32);
    continue;
  }
  bytes.copy(leafScratch, 1, s, s + len);
  into(views[len] || (views[len] = leafScratch.subarray(0, len + 1)), starts[0] + i * 32);
}
const node = Buffer.alloc(65);
node[0] = 1;
for (let h = 1; h <= q; h++) {
  const src = starts[h - 1];
  const dst = starts[h];
  const count = counts[h - 1];
  const pairs = Math.floor(count / 2);
  for (let i = first / 2 ** h; i < pairs; i++) {
    tree.copy(node, 1, src + i * 64, src + i * 64 + 64);
    into(node, dst + i * 32);
  }
  if (count % 2 === 1) tree.copy(tree, dst + pairs * 32, src + (count - 1) * 32, src + count * 32);
}
parentPort.postMessage('done');
`;

/**
 * MTH(D[start:start+count]) from the levels, for the ranges the RFC recursion visits: `start` is
 * a multiple of the smallest power of two ≥ count, so the range is one stored node when it is a
 * full 2^h subtree or ends at the last leaf; otherwise (a prefix of the stored tree, i.e. an
 * earlier month) it splits like §2.1.1, with a stored left node, at most log2(n) hashes.
 */
function subtreeHash(levels: MerkleLevels, start: number, count: number): Buffer {
  const total = levelsLeafCount(levels);
  const lefts: Buffer[] = [];
  let h = 0;
  let width = 1;
  while (width < count) {
    width *= 2;
    h++;
  }
  let result: Buffer;
  for (;;) {
    if (count === width || start + count === total) {
      result = storedNode(levels, h, start / width);
      break;
    }
    // count is not a power of two here: width / 2 is RFC 9162's split k.
    width /= 2;
    h--;
    lefts.push(storedNode(levels, h, start / width));
    start += width;
    count -= width;
    while (width / 2 >= count) {
      width /= 2;
      h--;
    }
  }
  for (let i = lefts.length - 1; i >= 0; i--) result = nodeHash(lefts[i]!, result);
  return result;
}

function storedNode(levels: MerkleLevels, level: number, index: number): Buffer {
  const buf = levels[level];
  if (!buf || (index + 1) * HASH_SIZE > buf.length) throw new Error(`merkle: no node ${index} at level ${level}`);
  return buf.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
}

/** The largest power of two smaller than n, n ≥ 2 (RFC 9162 §2.1.1's k). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function leafCount(leafHashes: Buffer): number {
  if (leafHashes.length % HASH_SIZE !== 0) throw new RangeError(`merkle: leaf hashes of ${leafHashes.length} bytes, not a multiple of 32`);
  return leafHashes.length / HASH_SIZE;
}

function levelsLeafCount(levels: MerkleLevels): number {
  const leaves = levels[0];
  if (!leaves) throw new RangeError('merkle: no levels');
  return leafCount(leaves);
}

function checkedSize(size: number, max: number): number {
  assertSize(size, 'size', max);
  return size;
}

function assertSize(value: number, name: string, max = Number.MAX_SAFE_INTEGER): void {
  if (!isSize(value) || value > max) throw new RangeError(`merkle: ${name} ${value} is not an integer in 0..${max}`);
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
