import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { merkleRoot } from '../audit/merkle.ts';
import {
  buildLevels,
  consistencyProof,
  hashLeaves,
  inclusionProof,
  leafHash,
  sealLeaves,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
// The browser verifier is plain TypeScript over @noble/hashes, so the server tests can run it on
// the same proofs and keep the two implementations in step.
import * as web from '../../../web/src/lib/merkle.ts';

const hex = (h: string) => Buffer.from(h, 'hex');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();
const EMPTY = sha256(Buffer.alloc(0));

/**
 * Known answers from google/certificate-transparency cpp/merkletree/merkle_tree_test.cc
 * (kInputs, kSHA256Roots, kSHA256Paths, kSHA256Proofs; the same values are in
 * transparency-dev/merkle proof/verify_test.go). Leaf numbers there are 1-based; here 0-based.
 */
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_PATHS: [index: number, size: number, path: string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const CT_PROOFS: [oldSize: number, newSize: number, proof: string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  // From transparency-dev/merkle only.
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

// RFC 9162 §2.1.1/§2.1.3.1/§2.1.4.1 transcribed as written (recursive, over leaf hashes), to
// hold the level-based implementation to the definitions for every size up to MAX.
function refSplit(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function refNode(l: Buffer, r: Buffer): Buffer {
  return sha256(Buffer.concat([Buffer.from([1]), l, r]));
}
function refMth(d: Buffer[]): Buffer {
  if (d.length === 0) return EMPTY;
  if (d.length === 1) return d[0]!;
  const k = refSplit(d.length);
  return refNode(refMth(d.slice(0, k)), refMth(d.slice(k)));
}
function refPath(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = refSplit(d.length);
  return m < k ? [...refPath(m, d.slice(0, k)), refMth(d.slice(k))] : [...refPath(m - k, d.slice(k)), refMth(d.slice(0, k))];
}
function refSubproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [refMth(d)];
  const k = refSplit(n);
  return m <= k ? [...refSubproof(m, d.slice(0, k), b), refMth(d.slice(k))] : [...refSubproof(m - k, d.slice(k), false), refMth(d.slice(0, k))];
}

const MAX = 40;
// Leaves of many lengths (an empty one first), all distinct.
const LEAVES = Array.from({ length: MAX }, (_, i) => Buffer.from(i === 0 ? '' : `entry ${i} `.repeat(1 + (i % 7))));
const LEAF_HASHES = hashLeaves(LEAVES);
const HASHES = Array.from({ length: MAX }, (_, i) => LEAF_HASHES.subarray(i * 32, (i + 1) * 32));
const LEVELS = buildLevels(LEAF_HASHES);
const ROOTS = Array.from({ length: MAX + 1 }, (_, n) => refMth(HASHES.slice(0, n)));

const flip = (b: Uint8Array, bit = 0) => {
  const c = Buffer.from(b);
  c[0]! ^= 1 << bit;
  return c;
};
const toHex = (bs: readonly Uint8Array[]) => bs.map((b) => Buffer.from(b).toString('hex'));

describe('RFC 9162 Merkle tree', () => {
  describe('certificate-transparency known answers', () => {
    const leafHashes = hashLeaves(CT_LEAVES);

    it('roots for sizes 0..8', () => {
      assert.equal(treeRoot(leafHashes, 0).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      for (let n = 1; n <= 8; n++) {
        assert.equal(treeRoot(leafHashes, n).toString('hex'), CT_ROOTS[n - 1], `size ${n}`);
        assert.equal(treeRoot(hashLeaves(CT_LEAVES.slice(0, n))).toString('hex'), CT_ROOTS[n - 1]);
        assert.equal(treeRoot(buildLevels(leafHashes), n).toString('hex'), CT_ROOTS[n - 1]);
      }
    });

    it('inclusion proofs, generated and verified', () => {
      const levels = buildLevels(leafHashes);
      for (const [index, size, path] of CT_PATHS) {
        assert.deepEqual(toHex(inclusionProof(levels, index, size)), path, `leaf ${index} of ${size}`);
        assert.deepEqual(toHex(inclusionProof(leafHashes, index, size)), path);
        const proof = path.map(hex);
        assert.ok(verifyInclusion(leafHash(CT_LEAVES[index]!), index, size, proof, hex(CT_ROOTS[size - 1]!)));
        assert.ok(web.verifyInclusion(web.leafHashHex(CT_LEAVES[index]!), index, size, path, CT_ROOTS[size - 1]!));
      }
    });

    it('consistency proofs, generated and verified', () => {
      const levels = buildLevels(leafHashes);
      for (const [oldSize, newSize, path] of CT_PROOFS) {
        assert.deepEqual(toHex(consistencyProof(levels, oldSize, newSize)), path, `${oldSize} -> ${newSize}`);
        assert.deepEqual(toHex(consistencyProof(leafHashes, oldSize, newSize)), path);
        const [r1, r2] = [hex(CT_ROOTS[oldSize - 1]!), hex(CT_ROOTS[newSize - 1]!)];
        assert.ok(verifyConsistency(oldSize, newSize, r1, r2, path.map(hex)));
        assert.ok(web.verifyConsistency(oldSize, newSize, CT_ROOTS[oldSize - 1]!, CT_ROOTS[newSize - 1]!, path));
      }
    });

    it('the corruptions of the CT verifier tests all fail', () => {
      for (const [index, size, path] of CT_PATHS.slice(1)) {
        const root = hex(CT_ROOTS[size - 1]!);
        const leaf = leafHash(CT_LEAVES[index]!);
        for (const p of inclusionProbes(leaf, index, size, path.map(hex), root)) {
          assert.equal(verifyInclusion(...p.args), false, `${index}/${size}: ${p.desc}`);
          assert.equal(web.verifyInclusion(...p.args), false, `web ${index}/${size}: ${p.desc}`);
        }
      }
      for (const [oldSize, newSize, path] of CT_PROOFS.slice(1)) {
        const [r1, r2] = [hex(CT_ROOTS[oldSize - 1]!), hex(CT_ROOTS[newSize - 1]!)];
        for (const p of consistencyProbes(oldSize, newSize, r1, r2, path.map(hex))) {
          assert.equal(verifyConsistency(...p.args), false, `${oldSize}->${newSize}: ${p.desc}`);
          assert.equal(web.verifyConsistency(...p.args), false, `web ${oldSize}->${newSize}: ${p.desc}`);
        }
      }
    });
  });

  it(`the root equals the audit log's merkleRoot for sizes 0..${MAX}`, () => {
    for (let n = 0; n <= MAX; n++) {
      const expected = merkleRoot(LEAVES.slice(0, n));
      assert.ok(treeRoot(LEAF_HASHES, n).equals(expected), `size ${n}`);
      assert.ok(treeRoot(hashLeaves(LEAVES.slice(0, n))).equals(expected));
      assert.ok(treeRoot(LEVELS, n).equals(expected));
      assert.ok(ROOTS[n]!.equals(expected));
      if (n > 0) assert.ok(buildLevels(LEAF_HASHES, n).at(-1)!.equals(expected));
    }
  });

  it(`proofs match the RFC definitions, from the levels of ${MAX} leaves and from each prefix`, () => {
    for (let size = 1; size <= MAX; size++) {
      const prefix = HASHES.slice(0, size);
      const prefixHashes = LEAF_HASHES.subarray(0, size * 32);
      for (let i = 0; i < size; i++) {
        const expected = toHex(refPath(i, prefix));
        assert.deepEqual(toHex(inclusionProof(LEVELS, i, size)), expected, `PATH(${i}, D[${size}])`);
        assert.deepEqual(toHex(inclusionProof(prefixHashes, i, size)), expected);
      }
      for (let m = 1; m <= size; m++) {
        const expected = toHex(refSubproof(m, prefix, true));
        assert.deepEqual(toHex(consistencyProof(LEVELS, m, size)), expected, `PROOF(${m}, D[${size}])`);
        assert.deepEqual(toHex(consistencyProof(LEAF_HASHES, m, size)), expected);
      }
    }
  });

  it(`every inclusion proof up to n=${MAX} verifies, on the server and in the browser code`, () => {
    for (let size = 1; size <= MAX; size++) {
      for (let i = 0; i < size; i++) {
        const proof = inclusionProof(LEVELS, i, size);
        assert.ok(verifyInclusion(HASHES[i]!, i, size, proof, ROOTS[size]!), `leaf ${i} of ${size}`);
        assert.ok(web.verifyInclusion(HASHES[i]!, i, size, proof, ROOTS[size]!));
        assert.ok(web.verifyInclusion(web.leafHashHex(LEAVES[i]!), i, size, toHex(proof), ROOTS[size]!.toString('hex')));
      }
    }
  });

  it(`every consistency proof up to n=${MAX} verifies, on the server and in the browser code`, () => {
    for (let size = 0; size <= MAX; size++) {
      for (let m = 0; m <= size; m++) {
        const proof = consistencyProof(LEVELS, m, size);
        assert.ok(verifyConsistency(m, size, ROOTS[m]!, ROOTS[size]!, proof), `${m} -> ${size}`);
        assert.ok(web.verifyConsistency(m, size, ROOTS[m]!, ROOTS[size]!, proof));
        assert.ok(web.verifyConsistency(m, size, ROOTS[m]!.toString('hex'), ROOTS[size]!.toString('hex'), toHex(proof)));
      }
    }
  });

  it('a changed leaf, root or index and a truncated or extended inclusion proof fail, in both', () => {
    let probes = 0;
    for (let size = 1; size <= MAX; size++) {
      for (let i = 0; i < size; i++) {
        const proof = inclusionProof(LEVELS, i, size);
        for (const p of inclusionProbes(HASHES[i]!, i, size, proof, ROOTS[size]!)) {
          assert.equal(verifyInclusion(...p.args), false, `leaf ${i} of ${size}: ${p.desc}`);
          assert.equal(web.verifyInclusion(...p.args), false, `web leaf ${i} of ${size}: ${p.desc}`);
          probes++;
        }
      }
    }
    assert.ok(probes > 10_000);
  });

  it('swapped sizes, changed roots and a truncated or extended consistency proof fail, in both', () => {
    for (let size = 2; size <= MAX; size++) {
      for (let m = 1; m < size; m++) {
        const proof = consistencyProof(LEVELS, m, size);
        for (const p of consistencyProbes(m, size, ROOTS[m]!, ROOTS[size]!, proof)) {
          assert.equal(verifyConsistency(...p.args), false, `${m} -> ${size}: ${p.desc}`);
          assert.equal(web.verifyConsistency(...p.args), false, `web ${m} -> ${size}: ${p.desc}`);
        }
      }
    }
  });

  it('edge cases outside 0 < old < new: empty and equal trees', () => {
    assert.ok(verifyConsistency(0, 0, EMPTY, EMPTY, []));
    assert.ok(verifyConsistency(0, 5, EMPTY, ROOTS[5]!, []));
    assert.ok(verifyConsistency(5, 5, ROOTS[5]!, ROOTS[5]!, []));
    assert.equal(verifyConsistency(0, 5, ROOTS[1]!, ROOTS[5]!, []), false);
    assert.equal(verifyConsistency(5, 5, ROOTS[5]!, ROOTS[6]!, []), false);
    assert.equal(verifyConsistency(5, 5, ROOTS[5]!, ROOTS[5]!, [EMPTY]), false);
    assert.equal(verifyConsistency(0, 5, EMPTY, ROOTS[5]!, [EMPTY]), false);
    assert.equal(verifyConsistency(1, 0, ROOTS[1]!, EMPTY, []), false);
    assert.equal(verifyInclusion(EMPTY, 0, 0, [], EMPTY), false);
    assert.ok(verifyInclusion(HASHES[0]!, 0, 1, [], ROOTS[1]!));
    assert.deepEqual(consistencyProof(LEVELS, 0, 7), []);
    assert.deepEqual(consistencyProof(LEVELS, 7, 7), []);
    for (const [a, b] of [
      [verifyConsistency(0, 5, EMPTY, ROOTS[5]!, []), web.verifyConsistency(0, 5, EMPTY, ROOTS[5]!, [])],
      [verifyConsistency(0, 5, ROOTS[1]!, ROOTS[5]!, []), web.verifyConsistency(0, 5, ROOTS[1]!, ROOTS[5]!, [])],
      [verifyConsistency(5, 5, ROOTS[5]!, ROOTS[5]!, []), web.verifyConsistency(5, 5, ROOTS[5]!, ROOTS[5]!, [])],
      [verifyInclusion(EMPTY, 0, 0, [], EMPTY), web.verifyInclusion(EMPTY, 0, 0, [], EMPTY)],
    ]) {
      assert.equal(a, b);
    }
  });

  it('verifiers return false on malformed input instead of throwing', () => {
    const proof = inclusionProof(LEVELS, 3, 10);
    const root = ROOTS[10]!;
    const bad: unknown[][] = [
      [HASHES[3], -1, 10, proof, root],
      [HASHES[3], 3.5, 10, proof, root],
      [HASHES[3], 3, Number.NaN, proof, root],
      [HASHES[3], 3, 2 ** 60, proof, root],
      [HASHES[3]!.subarray(0, 31), 3, 10, proof, root],
      [HASHES[3], 3, 10, [...proof.slice(0, 1), Buffer.alloc(33)], root],
      [HASHES[3], 3, 10, 'not a proof', root],
      [HASHES[3], 3, 10, proof, null],
      ['zz'.repeat(32), 3, 10, proof, root],
    ];
    for (const args of bad) {
      assert.equal(verifyInclusion(...(args as Parameters<typeof verifyInclusion>)), false);
      assert.equal(web.verifyInclusion(...(args as Parameters<typeof web.verifyInclusion>)), false);
    }
    const cproof = consistencyProof(LEVELS, 3, 10);
    const cbad: unknown[][] = [
      [-3, 10, ROOTS[3], root, cproof],
      [3, 10.5, ROOTS[3], root, cproof],
      [3, 10, ROOTS[3]!.subarray(1), root, cproof],
      [3, 10, ROOTS[3], root, [...cproof, 'xyz']],
      [3, 10, ROOTS[3], root, undefined],
    ];
    for (const args of cbad) {
      assert.equal(verifyConsistency(...(args as Parameters<typeof verifyConsistency>)), false);
      assert.equal(web.verifyConsistency(...(args as Parameters<typeof web.verifyConsistency>)), false);
    }
  });

  it('proof generators refuse impossible requests', () => {
    assert.throws(() => inclusionProof(LEVELS, 5, 5), RangeError);
    assert.throws(() => inclusionProof(LEVELS, 0, MAX + 1), RangeError);
    assert.throws(() => inclusionProof(LEAF_HASHES, -1, 3), RangeError);
    assert.throws(() => consistencyProof(LEVELS, 6, 5), RangeError);
    assert.throws(() => consistencyProof(LEAF_HASHES, 1, MAX + 1), RangeError);
    assert.throws(() => treeRoot(LEAF_HASHES, MAX + 1), RangeError);
    assert.throws(() => treeRoot(Buffer.alloc(33)), RangeError);
  });

  it('hashLeaves takes any iterable and holds the caller to count', () => {
    function* gen() {
      yield* LEAVES;
    }
    assert.ok(hashLeaves(gen()).equals(LEAF_HASHES));
    assert.ok(hashLeaves(gen(), MAX).equals(LEAF_HASHES));
    assert.throws(() => hashLeaves(gen(), MAX - 1), RangeError);
    assert.throws(() => hashLeaves(gen(), MAX + 1), RangeError);
    assert.equal(hashLeaves([]).length, 0);
    // Past the scratch buffer and across the growth of the output.
    const big = [Buffer.alloc(10_000, 7), ...Array.from({ length: 3000 }, (_, i) => Buffer.from(String(i)))];
    assert.ok(treeRoot(hashLeaves(big.values())).equals(merkleRoot(big)));
    assert.ok(leafHash(big[0]!).equals(sha256(Buffer.concat([Buffer.from([0]), big[0]!]))));
    assert.equal(web.leafHashHex(big[0]!), leafHash(big[0]!).toString('hex'));
  });

  it('sealLeaves (this thread plus a worker) gives the same levels as buildLevels', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => Buffer.from(`ledger entry ${i}`.repeat(1 + (i % 9))));
    for (const n of [0, 1, 2, 3, 5, 8, 13, 31, 32, 33, MAX, 1000, 4097, 5000]) {
      const leaves = many.slice(0, n);
      const expected = buildLevels(hashLeaves(leaves));
      const sealed = await sealLeaves(leaves, { minLeavesForWorker: 0 });
      assert.deepEqual(toHex(sealed.levels), toHex(expected), `n=${n}`);
      assert.ok(sealed.root.equals(treeRoot(hashLeaves(leaves))));
      // The same leaves as one block with offsets.
      const offsets = [0];
      for (const l of leaves) offsets.push(offsets.at(-1)! + l.length);
      const block = await sealLeaves({ data: Buffer.concat(leaves), offsets }, { minLeavesForWorker: 0 });
      assert.deepEqual(toHex(block.levels), toHex(expected), `block n=${n}`);
    }
    // The default keeps small trees on this thread.
    assert.ok((await sealLeaves(LEAVES)).root.equals(ROOTS[MAX]!));
    // Proofs work from sealed levels as from built ones.
    const { levels } = await sealLeaves(many, { minLeavesForWorker: 0 });
    assert.deepEqual(toHex(inclusionProof(levels, 4321, 4500)), toHex(inclusionProof(hashLeaves(many), 4321, 4500)));
    assert.deepEqual(toHex(consistencyProof(levels, 777, 4999)), toHex(refSubproof(777, splitHashes(hashLeaves(many.slice(0, 4999))), true)));
  });
});

function splitHashes(buf: Buffer): Buffer[] {
  return Array.from({ length: buf.length / 32 }, (_, i) => buf.subarray(i * 32, (i + 1) * 32));
}

/** The wrong inputs of the CT verifier tests (VerifierCheck), plus a flipped bit per element. */
function inclusionProbes(leaf: Buffer, index: number, size: number, proof: Buffer[], root: Buffer) {
  const probes: { desc: string; args: [Buffer, number, number, Buffer[], Buffer] }[] = [
    { desc: 'index - 1', args: [leaf, index - 1, size, proof, root] },
    { desc: 'index + 1', args: [leaf, index + 1, size, proof, root] },
    { desc: 'index ^ 2', args: [leaf, index ^ 2, size, proof, root] },
    { desc: 'size * 2', args: [leaf, index, size * 2, proof, root] },
    { desc: 'size / 2', args: [leaf, index, Math.floor(size / 2), proof, root] },
    { desc: 'changed leaf', args: [flip(leaf), index, size, proof, root] },
    { desc: 'changed root', args: [leaf, index, size, proof, flip(root, 7)] },
    { desc: 'empty-tree root', args: [leaf, index, size, proof, EMPTY] },
    { desc: 'extended by the root', args: [leaf, index, size, [...proof, root], root] },
    { desc: 'extended by a hash', args: [leaf, index, size, [...proof, EMPTY], root] },
    { desc: 'root prepended', args: [leaf, index, size, [root, ...proof], root] },
  ];
  if (proof.length > 0) probes.push({ desc: 'truncated', args: [leaf, index, size, proof.slice(0, -1), root] });
  if (proof.length > 0) probes.push({ desc: 'first element dropped', args: [leaf, index, size, proof.slice(1), root] });
  proof.forEach((_, j) => {
    const wrong = [...proof];
    wrong[j] = flip(wrong[j]!, 3);
    probes.push({ desc: `proof[${j}] bit flipped`, args: [leaf, index, size, wrong, root] });
  });
  return probes;
}

/** The wrong inputs of the CT consistency tests (VerifierConsistencyCheck), for non-empty proofs. */
function consistencyProbes(m: number, n: number, r1: Buffer, r2: Buffer, proof: Buffer[]) {
  const probes: { desc: string; args: [number, number, Buffer, Buffer, Buffer[]] }[] = [
    { desc: 'swapped sizes', args: [n, m, r1, r2, proof] },
    { desc: 'swapped sizes and roots', args: [n, m, r2, r1, proof] },
    { desc: 'old - 1', args: [m - 1, n, r1, r2, proof] },
    { desc: 'old + 1', args: [m + 1, n, r1, r2, proof] },
    { desc: 'old ^ 2', args: [m ^ 2, n, r1, r2, proof] },
    { desc: 'new * 2', args: [m, n * 2, r1, r2, proof] },
    { desc: 'new / 2', args: [m, Math.floor(n / 2), r1, r2, proof] },
    { desc: 'changed old root', args: [m, n, flip(r1), r2, proof] },
    { desc: 'changed new root', args: [m, n, r1, flip(r2), proof] },
    { desc: 'swapped roots', args: [m, n, r2, r1, proof] },
    { desc: 'empty proof', args: [m, n, r1, r2, []] },
    { desc: 'extended by a hash', args: [m, n, r1, r2, [...proof, EMPTY]] },
    { desc: 'extended by the last element', args: [m, n, r1, r2, [...proof, proof.at(-1)!]] },
    { desc: 'extended by the old root', args: [m, n, r1, r2, [...proof, r1]] },
    { desc: 'new root prepended', args: [m, n, r1, r2, [r2, ...proof]] },
    { desc: 'first element doubled', args: [m, n, r1, r2, [proof[0]!, ...proof]] },
    { desc: 'truncated', args: [m, n, r1, r2, proof.slice(0, -1)] },
  ];
  proof.forEach((_, j) => {
    const wrong = [...proof];
    wrong[j] = flip(wrong[j]!, 4);
    probes.push({ desc: `proof[${j}] bit flipped`, args: [m, n, r1, r2, wrong] });
  });
  return probes;
}
