/**
 * npx tsx bench/merkle-speed.ts — sealing BENCH_LEAVES (default 1,000,000) ledger entries of
 * ~120 bytes: treeRoot(hashLeaves(...)) against one SHA-256 over the same bytes concatenated,
 * the floor any per-leaf tree can be compared with, and the same for sealLeaves (this thread plus
 * one worker, all levels kept). Prints the times and ratios, best of BENCH_RUNS runs each.
 *
 * Do not expect 2x: the tree is 2n - 1 separate hash calls, and with the 0x00 prefix and padding
 * a 120-byte leaf is 3 SHA-256 blocks and a node 2, about 5M blocks against 1.9M for the plain
 * hash. Node's fixed cost per hash call is larger still than the blocks themselves.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hashLeaves, sealLeaves, treeRoot } from '../src/core/crypto/merkle.ts';

const N = Number(process.env.BENCH_LEAVES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

// ~120-byte entries of varying length (112..127 bytes), as separate Buffers like rows read
// from the ledger, carved out of one random block so generating them costs nothing notable.
const pool = randomBytes(N * 128);
const leaves: Buffer[] = [];
let bytes = 0;
for (let i = 0; i < N; i++) {
  const len = 112 + (i % 16);
  leaves.push(pool.subarray(i * 128, i * 128 + len));
  bytes += len;
}
const concatenated = Buffer.concat(leaves, bytes);

async function best(run: () => Buffer | Promise<Buffer>): Promise<{ ms: number; out: Buffer }> {
  let ms = Infinity;
  let out: Buffer = Buffer.alloc(0);
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    out = await run();
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms, out };
}

const plain = await best(() => createHash('sha256').update(concatenated).digest());
const tree = await best(() => treeRoot(hashLeaves(leaves, leaves.length)));
const sealed = await best(async () => (await sealLeaves(leaves)).root);
if (!sealed.out.equals(tree.out)) throw new Error('sealLeaves and treeRoot disagree');

const mb = (bytes / 1e6).toFixed(1);
console.log(`node ${process.version}, ${N.toLocaleString('en-US')} leaves, ${mb} MB`);
console.log(`one sha256 over the concatenated bytes: ${plain.ms.toFixed(1)} ms`);
console.log(`treeRoot(hashLeaves(...)):              ${tree.ms.toFixed(1)} ms  ratio ${(tree.ms / plain.ms).toFixed(2)}x`);
console.log(`sealLeaves(...) (+1 worker, all levels): ${sealed.ms.toFixed(1)} ms  ratio ${(sealed.ms / plain.ms).toFixed(2)}x`);
console.log(`root ${tree.out.toString('hex')}`);
