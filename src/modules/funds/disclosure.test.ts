import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { consistencyProof, hashLeaves, leafHash, treeRoot, verifyConsistency } from '@core/crypto/merkle.ts';
import * as web from '../../../web/src/lib/merkle.ts';
import {
  blockCountOf,
  computeTotals,
  DISCLOSURE_BLOCK_SIZE,
  entriesTree,
  entryLine,
  entryProof,
  headOf,
  logLeaves,
  nextPeriod,
  totalsHashOf,
  verifyEntryInclusion,
  type EntryRow,
  type HeadFields,
} from './disclosure.service.ts';

function entries(n: number, period = '2026-03'): EntryRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: 1000 + i * 3,
    journalId: 500 + Math.floor(i / 4),
    fund: i % 2 ? 'employee_pension' : 'unemployment',
    region: i % 3 ? '640104' : '640105',
    period,
    account: i % 4 === 0 ? 'bank_deposit' : 'contribution_income',
    debitFen: i % 4 === 0 ? 90_000 : 0,
    creditFen: i % 4 === 0 ? 0 : 30_000 + i,
    subject: i % 4 === 0 ? null : randomBytes(32).toString('base64url'),
  }));
}

/** Both verifiers on the same input must agree; returns their answer. */
function verifyBoth(p: Parameters<typeof verifyEntryInclusion>[0] & { blockSize: number }): boolean {
  const server = verifyEntryInclusion(p);
  const browser = web.verifyEntryInclusion(p);
  assert.equal(browser, server, 'the browser verifier agrees with the server');
  return server;
}

describe('the month’s tree over blocks of entry lines', () => {
  it('writes an entry as one canonical line, subject empty when nobody’s own', () => {
    const [bank, own] = entries(2);
    assert.equal(entryLine(bank!), '1000|500|unemployment|640105|2026-03|bank_deposit|90000|0|\n');
    assert.match(entryLine(own!), /^1003\|500\|employee_pension\|640104\|2026-03\|contribution_income\|0\|30001\|[A-Za-z0-9_-]{43}\n$/);
  });

  it('is the RFC 9162 root over the blocks’ bytes, and SHA-256 of nothing for an empty month', async () => {
    assert.equal((await entriesTree([])).root.toString('hex'), createHash('sha256').digest('hex'));
    for (const n of [1, 15, 16, 17, 33, 100]) {
      for (const size of [1, 16, DISCLOSURE_BLOCK_SIZE]) {
        const lines = entries(n).map(entryLine);
        const blocks = Array.from({ length: blockCountOf(n, size) }, (_, b) => Buffer.from(lines.slice(b * size, (b + 1) * size).join('')));
        const tree = await entriesTree(lines, size);
        assert.equal(tree.blockCount, blocks.length);
        assert.ok(tree.root.equals(treeRoot(hashLeaves(blocks))), `n=${n}, block ${size}`);
      }
    }
  });

  it('proves every entry of months of many sizes, on the server and in the browser', async () => {
    for (const n of [1, 2, 15, 16, 17, 31, 32, 33, 64, 65, 100, 257]) {
      for (const blockSize of [1, 3, 16, DISCLOSURE_BLOCK_SIZE]) {
        const lines = entries(n).map(entryLine);
        const { root, levels } = await entriesTree(lines, blockSize);
        for (let i = 0; i < n; i++) {
          const proof = entryProof(levels, lines, i, blockSize);
          assert.equal(proof.blockIndex, Math.floor(i / blockSize));
          assert.ok(verifyBoth({ line: lines[i]!, ...proof, entryCount: n, blockSize, entriesRoot: root.toString('hex') }), `n=${n}, block ${blockSize}, entry ${i}`);
        }
      }
    }
  });

  describe('refuses a proof that was tampered with', () => {
    const n = 70;
    const blockSize = 16;
    const setup = async () => {
      const lines = entries(n).map(entryLine);
      const { root, levels } = await entriesTree(lines, blockSize);
      const i = 37;
      const proof = entryProof(levels, lines, i, blockSize);
      return { lines, i, base: { line: lines[i]!, ...proof, entryCount: n, blockSize, entriesRoot: root.toString('hex') } };
    };
    const alter = (line: string) => line.replace(/\|(\d+)\|([^|]*)\n$/, (_, credit: string, subject: string) => `|${Number(credit) + 1}|${subject}\n`);

    it('an amount changed in the entry’s line', async () => {
      const { base } = await setup();
      assert.ok(verifyBoth(base));
      assert.equal(verifyBoth({ ...base, line: alter(base.line) }), false, 'the altered line is not in the block');
      const at = base.blockLines.indexOf(base.line);
      const blockLines = base.blockLines.map((l, k) => (k === at ? alter(l) : l));
      assert.equal(verifyBoth({ ...base, line: blockLines[at]!, blockLines }), false, 'an altered block no longer hashes to the root');
    });

    it('another line of the block changed', async () => {
      const { base } = await setup();
      const other = base.blockLines.findIndex((l) => l !== base.line);
      assert.equal(verifyBoth({ ...base, blockLines: base.blockLines.map((l, k) => (k === other ? alter(l) : l)) }), false);
    });

    it('a changed root', async () => {
      const { base } = await setup();
      const root = Buffer.from(base.entriesRoot, 'hex');
      root[0] = root[0]! ^ 1;
      assert.equal(verifyBoth({ ...base, entriesRoot: root.toString('hex') }), false);
    });

    it('a wrong block index, or one outside the month', async () => {
      const { base } = await setup();
      assert.equal(verifyBoth({ ...base, blockIndex: base.blockIndex + 1 }), false);
      assert.equal(verifyBoth({ ...base, blockIndex: base.blockIndex - 1 }), false);
      assert.equal(verifyBoth({ ...base, blockIndex: 99 }), false);
      assert.equal(verifyBoth({ ...base, blockIndex: -1 }), false);
    });

    it('a dropped, an added, or two lines merged into one', async () => {
      const { base } = await setup();
      const other = base.blockLines.findIndex((l) => l !== base.line);
      assert.equal(verifyBoth({ ...base, blockLines: base.blockLines.filter((_, k) => k !== other) }), false);
      assert.equal(verifyBoth({ ...base, blockLines: [...base.blockLines, base.blockLines[other]!] }), false);
      // The same bytes cut differently: the count and the one-line-each rule catch it.
      const merged = [base.blockLines[0]! + base.blockLines[1]!, ...base.blockLines.slice(2)];
      assert.equal(verifyBoth({ ...base, line: merged[0]!, blockLines: merged }), false);
    });

    it('a wrong month size, a shortened or garbled path', async () => {
      const { base } = await setup();
      // The size comes from the signed disclosure, not the proof; a tree of another shape fails.
      assert.equal(verifyBoth({ ...base, entryCount: n * 4 }), false);
      assert.equal(verifyBoth({ ...base, entryCount: 2 * blockSize }), false);
      assert.equal(verifyBoth({ ...base, entryCount: 0 }), false);
      assert.equal(verifyBoth({ ...base, path: base.path.slice(1) }), false);
      assert.equal(verifyBoth({ ...base, path: [...base.path].reverse() }), false);
      assert.equal(verifyBoth({ ...base, path: base.path.map((h, k) => (k === 0 ? 'zz' + h.slice(2) : h)) }), false);
    });

    it('the last, short block with a line too many or too few', async () => {
      const lines = entries(n).map(entryLine);
      const { root, levels } = await entriesTree(lines, blockSize);
      const proof = entryProof(levels, lines, n - 1, blockSize);
      assert.equal(proof.blockLines.length, n % blockSize);
      const base = { line: lines[n - 1]!, ...proof, entryCount: n, blockSize, entriesRoot: root.toString('hex') };
      assert.ok(verifyBoth(base));
      assert.equal(verifyBoth({ ...base, entryCount: n - 1 }), false);
      assert.equal(verifyBoth({ ...base, entryCount: n + 1 }), false);
    });
  });
});

describe('the totals', () => {
  const row = (e: Partial<EntryRow>): EntryRow => ({ id: 1, journalId: 1, fund: 'employee_pension', region: '640104', period: '2026-03', account: 'bank_deposit', debitFen: 0, creditFen: 0, subject: null, ...e });

  it('sums income and expenditure by account and carries the bank balance over months', () => {
    const opening = new Map([
      ['employee_pension|640104', { fund: 'employee_pension', region: '640104', bankDepositFen: 1_000_00 }],
      ['unemployment|640105', { fund: 'unemployment', region: '640105', bankDepositFen: 5_00 }],
    ]);
    const totals = computeTotals('2026-03', opening, [
      row({ account: 'bank_deposit', debitFen: 300_00 }),
      row({ account: 'contribution_income', creditFen: 250_00 }),
      row({ account: 'fiscal_subsidy', creditFen: 50_00 }),
      row({ account: 'benefit_expense', debitFen: 120_00 }),
      row({ account: 'bank_deposit', creditFen: 120_00 }),
      row({ fund: 'employee_medical', region: '640106', account: 'management_cost', debitFen: 7 }),
      row({ fund: 'employee_medical', region: '640106', account: 'bank_deposit', creditFen: 7 }),
    ]);
    assert.deepEqual(
      totals.rows.map((r) => [r.fund, r.region, r.incomeFen, r.expenditureFen, r.bankDepositFen]),
      [
        ['employee_medical', '640106', 0, 7, -7],
        ['employee_pension', '640104', 300_00, 120_00, 1_180_00],
        ['unemployment', '640105', 0, 0, 5_00],
      ],
    );
    assert.deepEqual(totals.rows[1]!.income, { contribution_income: 250_00, fiscal_subsidy: 50_00, interest_income: 0 });
    assert.deepEqual(totals.rows[0]!.expenditure, { benefit_expense: 0, transfer_out: 0, management_cost: 7 });
  });

  it('hashes the canonical JSON, so the key order jsonb gives back changes nothing', () => {
    const totals = computeTotals('2026-03', new Map(), [row({ account: 'contribution_income', creditFen: 1 }), row({ debitFen: 1 })]);
    const reordered = JSON.parse(JSON.stringify(totals, Object.keys(totals).reverse())) as unknown;
    const shuffled = { rows: totals.rows.map((r) => Object.fromEntries(Object.entries(r).reverse())), period: totals.period };
    assert.ok(totalsHashOf(shuffled).equals(totalsHashOf(totals)));
    assert.ok(totalsHashOf(reordered).length === 32);
    assert.equal(totalsHashOf({ ...totals, period: '2026-04' }).equals(totalsHashOf(totals)), false);
  });
});

describe('the log of disclosures', () => {
  const heads: HeadFields[] = Array.from({ length: 13 }, (_, i) => ({
    period: `2025-${String((i % 12) + 1).padStart(2, '0')}`,
    sequence: i,
    entryCount: i * 10,
    entriesRoot: createHash('sha256').update(`root ${i}`).digest('hex'),
    totalsHash: createHash('sha256').update(`totals ${i}`).digest('hex'),
  }));

  it('has a head the browser writes byte for byte like the server', () => {
    for (const h of heads) {
      assert.equal(web.disclosureHead(h), headOf(h));
      assert.equal(web.leafHashHex(Buffer.from(headOf(h))), leafHash(Buffer.from(headOf(h))).toString('hex'));
    }
  });

  it('proves each log root consistent with every later one', () => {
    const leaves = logLeaves(heads);
    for (let a = 1; a <= heads.length; a++) {
      for (let b = a; b <= heads.length; b++) {
        const proof = consistencyProof(leaves, a, b);
        const oldRoot = treeRoot(leaves, a);
        const newRoot = treeRoot(leaves, b);
        assert.ok(verifyConsistency(a, b, oldRoot, newRoot, proof));
        assert.ok(web.verifyConsistency(a, b, oldRoot.toString('hex'), newRoot.toString('hex'), proof.map((h) => h.toString('hex'))));
      }
    }
    // An earlier head altered after publication: its old root is no longer a prefix.
    const altered = logLeaves(heads.map((h, i) => (i === 3 ? { ...h, entryCount: h.entryCount + 1 } : h)));
    assert.equal(verifyConsistency(5, 9, treeRoot(leaves, 5), treeRoot(altered, 9), consistencyProof(altered, 5, 9)), false);
  });

  it('counts months across the year’s end', () => {
    assert.equal(nextPeriod('2025-12'), '2026-01');
    assert.equal(nextPeriod('2026-09'), '2026-10');
  });
});
