/**
 * npx tsx bench/disclosure-seal.ts — sealing a month of BENCH_ENTRIES (default 1,000,000)
 * synthetic ledger entry lines into the disclosure's Merkle tree of blocks, against one plain
 * SHA-256 over the same bytes (the block bytes in one Buffer). Best of BENCH_RUNS runs each;
 * BENCH_BLOCKS lists the block sizes to try (default "1,4,8,16,24,32,64"; the format uses
 * DISCLOSURE_BLOCK_SIZE). The time from the lines as strings, UTF-8 encoding included (what
 * seal() does after reading the month), is printed for information: joining and encoding a
 * million strings costs more than either hash and varies run to run with the GC.
 */
import { createHash, randomBytes } from 'node:crypto';
import { blockInput, DISCLOSURE_BLOCK_SIZE, entriesTree, entryLine, sealBlocks } from '../src/modules/funds/disclosure.service.ts';

const N = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_BLOCKS ?? '1,4,8,16,24,32,64').split(',').map(Number);

const funds = ['employee_pension', 'employee_medical', 'unemployment', 'work_injury'];
const regions = ['640104', '640105', '640106', '640121', '640122', '640181'];
// Contribution journals: one bank_deposit debit, then a credit per person with their keyed hash.
const lines: string[] = [];
let journal = 1;
for (let id = 1; lines.length < N; journal++) {
  const fund = funds[journal % funds.length]!;
  const region = regions[journal % regions.length]!;
  const people = 1 + (journal % 40);
  let total = 0;
  const credits: string[] = [];
  for (let p = 0; p < people && lines.length + credits.length + 1 < N; p++) {
    const fen = 30_000 + ((journal * 7919 + p * 104_729) % 200_000);
    total += fen;
    credits.push(entryLine({ id: id + 1 + p, journalId: journal, fund, region, period: '2026-03', account: 'contribution_income', debitFen: 0, creditFen: fen, subject: randomBytes(32).toString('base64url') }));
  }
  lines.push(entryLine({ id, journalId: journal, fund, region, period: '2026-03', account: 'bank_deposit', debitFen: total, creditFen: 0, subject: null }), ...credits);
  id += 1 + credits.length;
}
lines.length = N;

const all = Buffer.from(lines.join(''), 'utf8');
console.log(`node ${process.version}, ${N.toLocaleString('en-US')} entry lines, ${(all.length / 1e6).toFixed(1)} MB, best of ${RUNS}`);
for (const size of SIZES) {
  const input = blockInput(lines, size);
  // Plain and tree runs alternate, so a noisy neighbour slows both alike.
  let plain = Infinity;
  let tree = Infinity;
  let root: Buffer = Buffer.alloc(0);
  for (let i = 0; i < RUNS; i++) {
    let t0 = process.hrtime.bigint();
    createHash('sha256').update(input.data).digest();
    plain = Math.min(plain, Number(process.hrtime.bigint() - t0) / 1e6);
    t0 = process.hrtime.bigint();
    root = (await sealBlocks(input)).root;
    tree = Math.min(tree, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  let fromLines = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const sealed = await entriesTree(lines, size);
    fromLines = Math.min(fromLines, Number(process.hrtime.bigint() - t0) / 1e6);
    if (!sealed.root.equals(root)) throw new Error('the two seals disagree');
  }
  const mark = size === DISCLOSURE_BLOCK_SIZE ? '  <- DISCLOSURE_BLOCK_SIZE' : '';
  console.log(
    `block ${String(size).padStart(3)}: ${String(input.offsets.length - 1).padStart(9)} leaves` +
      `  sha256 ${plain.toFixed(1).padStart(6)} ms  tree ${tree.toFixed(1).padStart(6)} ms  ratio ${(tree / plain).toFixed(2)}x` +
      `  (from the lines, encoding included: ${fromLines.toFixed(0)} ms)${mark}`,
  );
}
