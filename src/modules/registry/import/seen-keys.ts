/**
 * The records already seen in a file, kept small enough for files of millions of rows: a 64-bit
 * digest of each key and the line it was on (12 bytes a record, open addressing), instead of the
 * keys themselves. Two keys can share a digest, so a hit is only a suspicion: the caller lets the
 * database's unique index decide, and a suspect that turns out new is written like any other.
 */
export class SeenKeys {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  private lines = new Uint32Array(1 << 16);
  private used = 0;

  /** The line of an earlier record whose key has the same digest, if any; otherwise remembers this one. */
  checkAndAdd(key: string, line: number): number | undefined {
    if ((this.used + 1) * 2 > this.hi.length) this.grow();
    const [h, l] = digest(key);
    const mask = this.hi.length - 1;
    for (let slot = l & mask; ; slot = (slot + 1) & mask) {
      if (this.lines[slot] === 0) {
        this.hi[slot] = h;
        this.lo[slot] = l;
        this.lines[slot] = line;
        this.used++;
        return undefined;
      }
      if (this.hi[slot] === h && this.lo[slot] === l) return this.lines[slot];
    }
  }

  get size(): number {
    return this.used;
  }

  private grow() {
    const { hi, lo, lines } = this;
    const capacity = hi.length * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.lines = new Uint32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < hi.length; i++) {
      if (lines[i] === 0) continue;
      let slot = lo[i]! & mask;
      while (this.lines[slot] !== 0) slot = (slot + 1) & mask;
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.lines[slot] = lines[i]!;
    }
  }
}

/** Two independent 32-bit FNV-1a style hashes of the key's UTF-16 code units. */
function digest(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  return [b >>> 0, a >>> 0];
}
