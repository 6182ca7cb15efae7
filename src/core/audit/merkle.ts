import { createHash } from 'node:crypto';

/**
 * Merkle tree hash of RFC 6962 (Certificate Transparency) §2.1: leaves are prefixed with
 * 0x00 and interior nodes with 0x01, so a leaf can never pass for a node.
 */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  let level: Buffer[] = leaves.map((leaf) => createHash('sha256').update(Buffer.from([0])).update(leaf).digest());
  // Pairing left to right and promoting an odd last node gives the same root as RFC 6962's
  // split at the largest power of two below n.
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i]!;
      const right = level[i + 1];
      next.push(right ? createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest() : left);
    }
    level = next;
  }
  return level[0]!;
}
