import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { Platform } from '@core/platform.ts';
import { appError } from '@core/http/errors.ts';
import type { Database, Db } from '@core/db/client.ts';
import { auditActorOf, type RequestContext } from '@core/access/guard.ts';
import { canonicalJson } from '@core/audit/audit.service.ts';
import { normalizeRegionCode } from '@core/regions/regions.service.ts';
import { consistencyProof, hashLeaves, inclusionProof, leafHash, sealLeaves, treeRoot, verifyConsistency, verifyInclusion, type MerkleLevels } from '@core/crypto/merkle.ts';
import type { RegistryReader } from '@modules/registry';
import { disclosures, ledgerEntries, type FundKind } from './funds.tables.ts';
import { LEDGER_LOCK, type Ledger } from './ledger.service.ts';
import { currentPeriod } from './pensions.service.ts';
import { fundsError } from './funds.errors.ts';

// ---------------------------------------------------------------- the sealed format (v1)

export const DISCLOSURE_FORMAT = 'minsheng-disclosure/v1';

/**
 * Entries per Merkle leaf. One leaf per entry costs about 10× a plain SHA-256 over the same bytes
 * (Node's fixed cost per hash call dominates a ~110-byte leaf); blocks of consecutive entries
 * bring sealing near the cost of hashing the bytes once. 32 is the smallest size that stayed
 * within 2× on the two-core development machine (bench/disclosure-seal.ts: 16 gave 2.1–2.4×,
 * 24 1.9–2.1×, 32 1.7–1.8×). Part of the published format: changing it changes every root, so
 * it would be a new format version.
 */
export const DISCLOSURE_BLOCK_SIZE = 32;

/**
 * The canonical line of one ledger entry, the unit the month's tree commits to:
 *
 *     id|journalId|fund|region|period|account|debitFen|creditFen|subject\n
 *
 * integers in decimal without sign or leading zeros, `subject` empty when the entry is nobody's
 * own money, UTF-8, each line ending in one "\n". No field can hold "|" or "\n" (ids, codes, a
 * base64url keyed hash), so a block's bytes split back into its lines one way only.
 */
export const ENTRY_LINE_FORMAT = 'id|journalId|fund|region|period|account|debitFen|creditFen|subject\\n';

export interface EntryRow {
  id: number;
  journalId: number;
  fund: string;
  region: string;
  period: string;
  account: string;
  debitFen: number;
  creditFen: number;
  subject: string | null;
}

export function entryLine(e: EntryRow): string {
  return `${e.id}|${e.journalId}|${e.fund}|${e.region}|${e.period}|${e.account}|${e.debitFen}|${e.creditFen}|${e.subject ?? ''}\n`;
}

const LINE_PATTERN = /^[^|\n]*(\|[^|\n]*){8}\n$/;

/** Number of leaves (blocks) of a month with `entryCount` entries. */
export const blockCountOf = (entryCount: number, blockSize = DISCLOSURE_BLOCK_SIZE) => Math.ceil(entryCount / blockSize);

/** The block bytes of all lines in one Buffer, with the offset where each block starts (and the end). */
export function blockInput(lines: readonly string[], blockSize = DISCLOSURE_BLOCK_SIZE): { data: Buffer; offsets: number[] } {
  const blocks = blockCountOf(lines.length, blockSize);
  const offsets: number[] = [0];
  const parts: string[] = [];
  let at = 0;
  for (let b = 0; b < blocks; b++) {
    const text = lines.slice(b * blockSize, (b + 1) * blockSize).join('');
    parts.push(text);
    at += Buffer.byteLength(text, 'utf8');
    offsets.push(at);
  }
  return { data: Buffer.from(parts.join(''), 'utf8'), offsets };
}

/**
 * The tree over block bytes from blockInput. No worker thread: it pays off for many small leaves,
 * but blocks are kilobytes, and copying them to it cost more than it saved (measured with blocks
 * of 8 and 16).
 */
export const sealBlocks = (input: { data: Buffer; offsets: number[] }) => sealLeaves(input, { minLeavesForWorker: Number.MAX_SAFE_INTEGER });

/** The month's tree: RFC 9162 over blocks of `blockSize` consecutive entry lines (ordered by id). */
export async function entriesTree(lines: readonly string[], blockSize = DISCLOSURE_BLOCK_SIZE): Promise<{ root: Buffer; levels: Buffer[]; blockCount: number }> {
  const { root, levels } = await sealBlocks(blockInput(lines, blockSize));
  return { root, levels, blockCount: blockCountOf(lines.length, blockSize) };
}

export interface EntryProof {
  blockIndex: number;
  blockCount: number;
  /** Every line of the entry's block: the leaf is their concatenation. */
  blockLines: string[];
  /** Audit path of the block, deepest sibling first, hex. */
  path: string[];
}

/** Inclusion proof of the entry at position `index` (in id order) of the month. */
export function entryProof(levels: MerkleLevels, lines: readonly string[], index: number, blockSize = DISCLOSURE_BLOCK_SIZE): EntryProof {
  const blockIndex = Math.floor(index / blockSize);
  const blockCount = blockCountOf(lines.length, blockSize);
  return {
    blockIndex,
    blockCount,
    blockLines: lines.slice(blockIndex * blockSize, (blockIndex + 1) * blockSize),
    path: inclusionProof(levels, blockIndex, blockCount).map((h) => h.toString('hex')),
  };
}

/**
 * What a verifier does with an entry proof: the block has the size its position implies, every
 * line is one well-formed line, the entry's own line is one of them, and the block's leaf hash
 * reaches `entriesRoot` along the path. web/src/lib/merkle.ts repeats this for the browser.
 */
export function verifyEntryInclusion(p: {
  line: string;
  blockLines: readonly string[];
  blockIndex: number;
  entryCount: number;
  blockSize?: number;
  path: readonly string[];
  entriesRoot: string;
}): boolean {
  const blockSize = p.blockSize ?? DISCLOSURE_BLOCK_SIZE;
  if (!Number.isSafeInteger(p.entryCount) || p.entryCount < 1 || !Number.isSafeInteger(blockSize) || blockSize < 1) return false;
  const blockCount = blockCountOf(p.entryCount, blockSize);
  if (!Number.isSafeInteger(p.blockIndex) || p.blockIndex < 0 || p.blockIndex >= blockCount) return false;
  if (!Array.isArray(p.blockLines) || p.blockLines.length !== Math.min(blockSize, p.entryCount - p.blockIndex * blockSize)) return false;
  if (!p.blockLines.every((l) => typeof l === 'string' && LINE_PATTERN.test(l)) || !p.blockLines.includes(p.line)) return false;
  const hex = /^[0-9a-f]{64}$/i;
  if (!hex.test(p.entriesRoot) || !Array.isArray(p.path) || !p.path.every((h) => typeof h === 'string' && hex.test(h))) return false;
  const leaf = leafHash(Buffer.from(p.blockLines.join(''), 'utf8'));
  return verifyInclusion(leaf, p.blockIndex, blockCount, p.path.map((h) => Buffer.from(h, 'hex')), Buffer.from(p.entriesRoot, 'hex'));
}

// ---------------------------------------------------------------- totals

export const incomeAccounts = ['contribution_income', 'fiscal_subsidy', 'interest_income'] as const;
export const expenditureAccounts = ['benefit_expense', 'transfer_out', 'management_cost'] as const;
type IncomeAccount = (typeof incomeAccounts)[number];
type ExpenditureAccount = (typeof expenditureAccounts)[number];

/** One fund in one (county-level) region for the month; roll-ups to cities and provinces are the readers' sums. */
export interface TotalsRow {
  fund: string;
  region: string;
  /** Credits less debits of each income account in the month. */
  income: Record<IncomeAccount, number>;
  incomeFen: number;
  /** Debits less credits of each expenditure account in the month. */
  expenditure: Record<ExpenditureAccount, number>;
  expenditureFen: number;
  /** Balance of bank_deposit at the end of the month, over every month up to it. */
  bankDepositFen: number;
}

export interface Totals {
  period: string;
  rows: TotalsRow[];
}

const pairKey = (fund: string, region: string) => `${fund}|${region}`;

/**
 * 社会保险法 Art. 70: the funds publish their income, expenditure and balance. `opening` is the
 * bank deposit balance of every fund and region with entries before the month.
 */
export function computeTotals(period: string, opening: ReadonlyMap<string, { fund: string; region: string; bankDepositFen: number }>, monthEntries: Iterable<EntryRow>): Totals {
  const rows = new Map<string, TotalsRow>();
  const rowOf = (fund: string, region: string, balance = 0) => {
    const key = pairKey(fund, region);
    let row = rows.get(key);
    if (!row) {
      row = {
        fund,
        region,
        income: { contribution_income: 0, fiscal_subsidy: 0, interest_income: 0 },
        incomeFen: 0,
        expenditure: { benefit_expense: 0, transfer_out: 0, management_cost: 0 },
        expenditureFen: 0,
        bankDepositFen: balance,
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const o of opening.values()) rowOf(o.fund, o.region, o.bankDepositFen);
  for (const e of monthEntries) {
    const row = rowOf(e.fund, e.region);
    if ((incomeAccounts as readonly string[]).includes(e.account)) {
      row.income[e.account as IncomeAccount] += e.creditFen - e.debitFen;
      row.incomeFen += e.creditFen - e.debitFen;
    } else if ((expenditureAccounts as readonly string[]).includes(e.account)) {
      row.expenditure[e.account as ExpenditureAccount] += e.debitFen - e.creditFen;
      row.expenditureFen += e.debitFen - e.creditFen;
    } else if (e.account === 'bank_deposit') {
      row.bankDepositFen += e.debitFen - e.creditFen;
    }
  }
  const sorted = [...rows.values()].sort((a, b) => (a.fund === b.fund ? cmp(a.region, b.region) : cmp(a.fund, b.fund)));
  return { period, rows: sorted };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();
export const totalsHashOf = (totals: unknown) => sha256(canonicalJson(totals));

// ---------------------------------------------------------------- the log of disclosures

export interface HeadFields {
  period: string;
  sequence: number;
  entryCount: number;
  /** hex */
  entriesRoot: string;
  /** hex */
  totalsHash: string;
}

/** Canonical JSON of a disclosure's head: the bytes of its leaf in the log. */
export const headOf = (h: HeadFields) => canonicalJson({ period: h.period, sequence: h.sequence, entryCount: h.entryCount, entriesRoot: h.entriesRoot, totalsHash: h.totalsHash });

/** What the platform key signs (Ed25519). */
export const signedMessageOf = (h: HeadFields & { logRoot: string; sealedAt: string }) =>
  canonicalJson({ period: h.period, sequence: h.sequence, entryCount: h.entryCount, entriesRoot: h.entriesRoot, totalsHash: h.totalsHash, logRoot: h.logRoot, sealedAt: h.sealedAt });

/** Leaf hashes of the log over the given heads, in sequence order. */
export const logLeaves = (heads: readonly HeadFields[]) => hashLeaves(heads.map((h) => Buffer.from(headOf(h), 'utf8')), heads.length);

export type DisclosureRow = typeof disclosures.$inferSelect;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const headFieldsOf = (r: DisclosureRow): HeadFields => ({ period: r.period, sequence: r.sequence, entryCount: r.entryCount, entriesRoot: hex(r.entriesRoot), totalsHash: hex(r.totalsHash) });

export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

// ---------------------------------------------------------------- reading the ledger

const entryColumns = {
  id: ledgerEntries.id,
  journalId: ledgerEntries.journalId,
  fund: ledgerEntries.fund,
  region: ledgerEntries.region,
  period: ledgerEntries.period,
  account: ledgerEntries.account,
  debitFen: ledgerEntries.debitFen,
  creditFen: ledgerEntries.creditFen,
  subject: ledgerEntries.subject,
};

const monthEntries = (db: Db, period: string): Promise<EntryRow[]> => db.select(entryColumns).from(ledgerEntries).where(eq(ledgerEntries.period, period)).orderBy(asc(ledgerEntries.id));

/** Bank deposit balances of every fund and region with entries before `period`. */
async function openingBalances(db: Db, period: string) {
  const result = (await db.execute(sql`
    select fund, region, coalesce(sum(case when account = 'bank_deposit' then debit_fen - credit_fen else 0 end), 0)::bigint as balance
    from ${ledgerEntries} where period < ${period} group by fund, region`)) as unknown as { rows: { fund: string; region: string; balance: string | number }[] };
  return new Map(result.rows.map((r) => [pairKey(r.fund, r.region), { fund: r.fund, region: r.region, bankDepositFen: Number(r.balance) }]));
}

// ---------------------------------------------------------------- verification (CLI and tests)

export interface DisclosureCheck {
  period: string;
  sequence: number;
  entryCount: number;
  entriesRoot: string;
  /** As published (hex). */
  logRoot: string;
  signatureOk: boolean;
  /** entriesRoot and entryCount recomputed from the ledger; null when not checked (public API only). */
  entriesOk: boolean | null;
  /** totalsHash matches the published totals and, from the ledger, the entries. */
  totalsOk: boolean;
  /** logRoot recomputed from the heads 0..sequence. */
  logOk: boolean;
  /** The previous log root is a prefix of this one (true for the first). */
  consistencyOk: boolean;
  problems: string[];
}

export interface DisclosuresReport {
  ok: boolean;
  checks: DisclosureCheck[];
}

/**
 * Checks every disclosure against the ledger as it is now and against each other: signature,
 * entries root and count, totals, log root, consistency of each log root with the previous.
 * `rows` lets a caller (a test) check a copy of the disclosure rows instead of the stored ones;
 * `publicKeyPem` pins the key the signatures must be made with (otherwise each row's own).
 */
export async function verifyDisclosures(database: Database, options: { rows?: readonly DisclosureRow[]; publicKeyPem?: string } = {}): Promise<DisclosuresReport> {
  const db = database.db;
  const rows = options.rows ?? (await db.select().from(disclosures).orderBy(asc(disclosures.sequence)));
  const pinned = options.publicKeyPem ? createPublicKey(options.publicKeyPem) : undefined;
  const heads = rows.map(headFieldsOf);
  const leaves = logLeaves(heads);
  const checks: DisclosureCheck[] = [];
  let opening: Map<string, { fund: string; region: string; bankDepositFen: number }> | undefined;
  for (const [i, row] of rows.entries()) {
    const problems: string[] = [];
    const head = heads[i]!;
    if (row.sequence !== i) problems.push(`sequence ${row.sequence} where ${i} was expected`);
    if (i > 0 && row.period !== nextPeriod(rows[i - 1]!.period)) problems.push(`period ${row.period} does not follow ${rows[i - 1]!.period}`);

    const logRoot = hex(row.logRoot);
    let signatureOk = signatureValid(signedMessageOf({ ...head, logRoot, sealedAt: row.sealedAt.toISOString() }), pinned ?? row.publicKey, row.signature);
    if (signatureOk && pinned && !samePublicKey(pinned, row.publicKey)) {
      signatureOk = false;
      problems.push('published with another public key than the platform’s');
    }
    if (!signatureOk) problems.push('signature does not verify');

    const entries = await monthEntries(db, row.period);
    const tree = await entriesTree(entries.map(entryLine));
    const entriesOk = entries.length === row.entryCount && tree.root.equals(Buffer.from(row.entriesRoot));
    if (!entriesOk) problems.push(`the ledger has ${entries.length} entries with root ${tree.root.toString('hex').slice(0, 12)}…, the disclosure ${row.entryCount} with ${head.entriesRoot.slice(0, 12)}…`);

    // Months are consecutive, so each month's closing balances open the next.
    if (!opening || (i > 0 && row.period !== nextPeriod(rows[i - 1]!.period))) opening = await openingBalances(db, row.period);
    const totals = computeTotals(row.period, opening, entries);
    opening = new Map(totals.rows.map((r) => [pairKey(r.fund, r.region), { fund: r.fund, region: r.region, bankDepositFen: r.bankDepositFen }]));
    const published = totalsHashOf(row.totals).equals(Buffer.from(row.totalsHash));
    const recomputed = totalsHashOf(totals).equals(Buffer.from(row.totalsHash));
    if (!published) problems.push('the published totals do not match totalsHash');
    if (!recomputed) problems.push('the totals recomputed from the ledger do not match totalsHash');

    const logOk = treeRoot(leaves, i + 1).toString('hex') === logRoot;
    if (!logOk) problems.push('logRoot does not match the heads of the disclosures so far');
    const consistencyOk = i === 0 || verifyConsistency(i, i + 1, Buffer.from(rows[i - 1]!.logRoot), Buffer.from(row.logRoot), consistencyProof(leaves, i, i + 1));
    if (!consistencyOk) problems.push(`the log root of sequence ${i - 1} is not a prefix of this one`);

    checks.push({ period: row.period, sequence: row.sequence, entryCount: row.entryCount, entriesRoot: head.entriesRoot, logRoot, signatureOk, entriesOk, totalsOk: published && recomputed, logOk, consistencyOk, problems });
  }
  return { ok: checks.every((c) => c.problems.length === 0), checks };
}

/** Ed25519 over the message's UTF-8; false, never a throw, for a malformed key or signature. */
export function signatureValid(message: string, key: KeyObject | string, signature: Uint8Array): boolean {
  try {
    return verify(null, Buffer.from(message, 'utf8'), typeof key === 'string' ? createPublicKey(key) : key, signature);
  } catch {
    return false;
  }
}

function samePublicKey(key: KeyObject, pem: string): boolean {
  try {
    return createPublicKey(pem).export({ type: 'spki', format: 'der' }).equals(key.export({ type: 'spki', format: 'der' }));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- the service

export const fundNames: Record<FundKind, string> = {
  employee_pension: '职工基本养老保险',
  resident_pension: '城乡居民基本养老保险',
  employee_medical: '职工基本医疗保险',
  resident_medical: '城乡居民基本医疗保险',
  unemployment: '失业保险',
  work_injury: '工伤保险',
  maternity: '生育保险',
};

/** Months whose tree levels are kept for citizens' proofs: the latest ones are asked for most. */
const TREE_CACHE_MONTHS = 3;

interface MonthTree {
  entriesRoot: string;
  levels: Buffer[];
  /** Entry ids in order: an entry's position, hence its block, by binary search. */
  ids: Float64Array;
}

export type DisclosureService = ReturnType<typeof createDisclosureService>;

/**
 * The sealed monthly disclosure (信息公开) of the funds' ledger: each month, once it has ended,
 * its entries are committed to by a Merkle root, its totals by a hash, and both by a signed head
 * appended to a log of all disclosures, so that anyone can check that what was published is
 * never changed afterwards and a citizen can check that their own contributions are in it.
 */
export function createDisclosureService(platform: Platform, deps: { ledger: Ledger; registry: RegistryReader }) {
  const { database, guard, audit, regions, config } = platform;
  const privateKey = createPrivateKey(config.secrets.auditSigningKeyPem);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const trees = new Map<string, MonthTree>();

  function remember(period: string, tree: MonthTree) {
    trees.delete(period);
    trees.set(period, tree);
    while (trees.size > TREE_CACHE_MONTHS) trees.delete(trees.keys().next().value!);
  }

  async function monthTree(row: DisclosureRow): Promise<MonthTree> {
    const root = hex(row.entriesRoot);
    const cached = trees.get(row.period);
    if (cached && cached.entriesRoot === root) {
      remember(row.period, cached);
      return cached;
    }
    const entries = await monthEntries(database.db, row.period);
    const tree = await entriesTree(entries.map(entryLine));
    // Entries are append-only and the month is sealed: a different root means the database was
    // altered behind the triggers. Proofs from it would not verify; refuse rather than mislead.
    if (tree.root.toString('hex') !== root || entries.length !== row.entryCount) throw new Error(`the ledger of ${row.period} no longer matches its sealed root`);
    const month = { entriesRoot: root, levels: tree.levels, ids: Float64Array.from(entries, (e) => e.id) };
    remember(row.period, month);
    return month;
  }

  function dto(row: DisclosureRow) {
    const head = headFieldsOf(row);
    const logRoot = hex(row.logRoot);
    const sealedAt = row.sealedAt.toISOString();
    return {
      format: DISCLOSURE_FORMAT,
      ...head,
      blockSize: DISCLOSURE_BLOCK_SIZE,
      logRoot,
      logSize: row.sequence + 1,
      sealedAt,
      head: headOf(head),
      signedMessage: signedMessageOf({ ...head, logRoot, sealedAt }),
      signature: Buffer.from(row.signature).toString('base64'),
      publicKey: row.publicKey,
      totals: row.totals as Totals,
    };
  }
  type DisclosureDto = ReturnType<typeof dto>;

  const allRows = () => database.db.select().from(disclosures).orderBy(asc(disclosures.sequence));

  async function rowOf(period: string): Promise<DisclosureRow> {
    const [row] = await database.db.select().from(disclosures).where(eq(disclosures.period, period));
    if (!row) throw fundsError('disclosure_not_found', { detail: period });
    return row;
  }

  /**
   * Seals a month that has ended. Months are sealed in order with none skipped, under the ledger
   * lock held exclusively, so no entry can be posted into the month while (or after) it is sealed.
   */
  async function seal(ctx: RequestContext, period: string): Promise<DisclosureDto> {
    const actor = await guard.require(ctx, 'ledger:post', { kind: 'disclosure', id: period, regionCode: ctx.actor.regionCode });
    // The disclosure covers the whole ledger: only the fund department of a city or province seals it.
    if ((platform.regions.get(actor.regionCode)?.level ?? 99) > 2) throw appError('forbidden', { detail: 'a month is sealed by the city or provincial fund department' });
    if (!PERIOD.test(period)) throw fundsError('invalid_period', { detail: period });
    if (period >= currentPeriod()) throw fundsError('period_not_closed', { detail: `${period} has not ended (Asia/Shanghai)` });
    const { row, tree } = await database.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${LEDGER_LOCK})`);
      const previous = await tx.select().from(disclosures).orderBy(asc(disclosures.sequence));
      const last = previous.at(-1);
      if (previous.some((d) => d.period === period)) throw fundsError('already_sealed', { detail: period });
      if (last && period !== nextPeriod(last.period)) throw fundsError('seal_out_of_order', { detail: `the next month to seal is ${nextPeriod(last.period)}` });

      const entries = await monthEntries(tx, period);
      const built = await entriesTree(entries.map(entryLine));
      const totals = computeTotals(period, await openingBalances(tx, period), entries);
      const head: HeadFields = { period, sequence: previous.length, entryCount: entries.length, entriesRoot: built.root.toString('hex'), totalsHash: totalsHashOf(totals).toString('hex') };
      const logRoot = treeRoot(logLeaves([...previous.map(headFieldsOf), head])).toString('hex');
      const sealedAt = new Date();
      const signature = sign(null, Buffer.from(signedMessageOf({ ...head, logRoot, sealedAt: sealedAt.toISOString() })), privateKey);
      const [inserted] = await tx
        .insert(disclosures)
        .values({
          period,
          sequence: head.sequence,
          entryCount: head.entryCount,
          entriesRoot: built.root,
          totals,
          totalsHash: Buffer.from(head.totalsHash, 'hex'),
          logRoot: Buffer.from(logRoot, 'hex'),
          signature,
          publicKey: publicKeyPem,
          sealedAt,
        })
        .returning();
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'fund.disclosure_sealed',
        targetKind: 'disclosure',
        targetId: period,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { sequence: head.sequence, entryCount: head.entryCount, entriesRoot: head.entriesRoot, logRoot },
      });
      return { row: inserted!, tree: { entriesRoot: head.entriesRoot, levels: built.levels, ids: Float64Array.from(entries, (e) => e.id) } };
    });
    remember(period, tree);
    return dto(row);
  }

  // ---- public ----------------------------------------------------------------------------

  async function list() {
    const rows = await allRows();
    return { format: DISCLOSURE_FORMAT, blockSize: DISCLOSURE_BLOCK_SIZE, entryLineFormat: ENTRY_LINE_FORMAT, publicKey: publicKeyPem, items: rows.map(dto) };
  }

  const get = async (period: string) => dto(await rowOf(period));

  async function totals(period: string) {
    const row = await rowOf(period);
    return { period, totalsHash: hex(row.totalsHash), totals: row.totals as Totals };
  }

  /** The totals as a spreadsheet: UTF-8 with BOM (Excel), Chinese and English headers, fen and yuan. */
  async function totalsCsv(period: string): Promise<{ name: string; content: string }> {
    const { totals: t, totalsHash } = await totals(period);
    const header = [
      '所属期 Period',
      '险种 Fund',
      '险种名称 Fund name',
      '地区代码 Region',
      '地区名称 Region name',
      ...incomeAccounts.map((a) => `收入 Income: ${a} (分 fen)`),
      '收入合计 Income (分 fen)',
      '收入合计 Income (元 yuan)',
      ...expenditureAccounts.map((a) => `支出 Expenditure: ${a} (分 fen)`),
      '支出合计 Expenditure (分 fen)',
      '支出合计 Expenditure (元 yuan)',
      '期末结余 Bank deposit balance (分 fen)',
      '期末结余 Bank deposit balance (元 yuan)',
    ];
    const body = t.rows.map((r) => [
      t.period,
      r.fund,
      fundNames[r.fund as FundKind] ?? r.fund,
      r.region,
      regions.fullName(r.region),
      ...incomeAccounts.map((a) => r.income[a]),
      r.incomeFen,
      yuan(r.incomeFen),
      ...expenditureAccounts.map((a) => r.expenditure[a]),
      r.expenditureFen,
      yuan(r.expenditureFen),
      r.bankDepositFen,
      yuan(r.bankDepositFen),
    ]);
    const content = '\uFEFF' + stringify([header, ...body]) + stringify([[`# totalsHash (SHA-256 of the canonical JSON totals) ${totalsHash}`]]);
    return { name: `基金收支公开-${period}.csv`, content };
  }

  /** Income, expenditure and balance per month and fund, from the published totals, for charts. */
  async function series(q: { fund?: FundKind | undefined; region?: string | undefined; from?: string | undefined; to?: string | undefined }) {
    const prefix = q.region ? normalizeRegionCode(q.region) : '';
    const rows = await allRows();
    const points: { period: string; fund: string; incomeFen: number; expenditureFen: number; bankDepositFen: number }[] = [];
    for (const row of rows) {
      if ((q.from && row.period < q.from) || (q.to && row.period > q.to)) continue;
      const byFund = new Map<string, (typeof points)[number]>();
      for (const r of (row.totals as Totals).rows) {
        if ((q.fund && r.fund !== q.fund) || !r.region.startsWith(prefix)) continue;
        let p = byFund.get(r.fund);
        if (!p) byFund.set(r.fund, (p = { period: row.period, fund: r.fund, incomeFen: 0, expenditureFen: 0, bankDepositFen: 0 }));
        p.incomeFen += r.incomeFen;
        p.expenditureFen += r.expenditureFen;
        p.bankDepositFen += r.bankDepositFen;
      }
      points.push(...[...byFund.values()].sort((a, b) => cmp(a.fund, b.fund)));
    }
    return { fund: q.fund ?? null, region: prefix || null, items: points };
  }

  /** RFC 9162 consistency proof between the log as of sequence `from` and as of `to`. */
  async function logConsistency(from: number, to: number) {
    const rows = await allRows();
    if (from > to) throw fundsError('invalid_log_range', { detail: `from ${from} > to ${to}` });
    const a = rows[from];
    const b = rows[to];
    if (!a || !b) throw fundsError('disclosure_not_found', { detail: `sequence ${!a ? from : to}` });
    const leaves = logLeaves(rows.slice(0, to + 1).map(headFieldsOf));
    return {
      from,
      to,
      fromSize: from + 1,
      toSize: to + 1,
      fromRoot: hex(a.logRoot),
      toRoot: hex(b.logRoot),
      proof: consistencyProof(leaves, from + 1, to + 1).map((h) => h.toString('hex')),
    };
  }

  /** Inclusion proof of the head at `sequence` in the log as of `at` (default: the latest). */
  async function logInclusion(sequence: number, at?: number) {
    const rows = await allRows();
    const size = (at ?? rows.length - 1) + 1;
    const row = rows[sequence];
    const top = rows[size - 1];
    if (!row || !top) throw fundsError('disclosure_not_found', { detail: `sequence ${!row ? sequence : size - 1}` });
    if (sequence >= size) throw fundsError('invalid_log_range', { detail: `sequence ${sequence} is not in the log as of ${size - 1}` });
    const leaves = logLeaves(rows.slice(0, size).map(headFieldsOf));
    return {
      sequence,
      at: size - 1,
      logSize: size,
      head: headOf(headFieldsOf(row)),
      leafHash: leaves.subarray(sequence * 32, sequence * 32 + 32).toString('hex'),
      path: inclusionProof(leaves, sequence, size).map((h) => h.toString('hex')),
      logRoot: hex(top.logRoot),
    };
  }

  // ---- the citizen -----------------------------------------------------------------------

  /**
   * The signed-in citizen's own entries in a sealed month, each with what their browser needs to
   * check it against the public disclosure: its block's lines, the block's audit path to the
   * month's root, and the month's head with its inclusion in the latest log.
   */
  async function myProofs(ctx: RequestContext, period: string) {
    if (ctx.actor.kind !== 'citizen') throw fundsError('person_not_found');
    const person = await deps.registry.personOfCitizen(database.db, ctx.actor.id);
    if (!person) throw fundsError('person_not_found', { detail: 'you are not in the registry yet' });
    const row = await rowOf(period);
    const tree = await monthTree(row);
    const own = await database.db
      .select(entryColumns)
      .from(ledgerEntries)
      .where(sql`${ledgerEntries.period} = ${period} and ${ledgerEntries.subject} = ${deps.ledger.subjectOf(person.id, period)}`)
      .orderBy(asc(ledgerEntries.id));
    const blockSize = DISCLOSURE_BLOCK_SIZE;
    const blockCount = blockCountOf(row.entryCount);
    const blockOf = new Map<number, number>();
    for (const e of own) blockOf.set(e.id, Math.floor(positionOf(tree.ids, e.id) / blockSize));
    const wanted = [...new Set(blockOf.values())];
    const ids = wanted.flatMap((b) => Array.from(tree.ids.subarray(b * blockSize, (b + 1) * blockSize)));
    const blockRows = ids.length
      ? await database.db
          .select(entryColumns)
          .from(ledgerEntries)
          .where(sql`${ledgerEntries.period} = ${period} and ${ledgerEntries.id} = any(${sql.param(ids)}::bigint[])`)
          .orderBy(asc(ledgerEntries.id))
      : [];
    const lineOf = new Map(blockRows.map((e) => [e.id, entryLine(e)]));
    const linesOfBlock = (b: number) => Array.from(tree.ids.subarray(b * blockSize, (b + 1) * blockSize), (id) => lineOf.get(id)!);
    const entries = own.map((e) => {
      const blockIndex = blockOf.get(e.id)!;
      return {
        line: entryLine(e),
        entry: { id: e.id, journalId: e.journalId, fund: e.fund, region: e.region, account: e.account, debitFen: e.debitFen, creditFen: e.creditFen },
        blockIndex,
        blockLines: linesOfBlock(blockIndex),
        path: inclusionProof(tree.levels, blockIndex, blockCount).map((h) => h.toString('hex')),
      };
    });
    const latest = await database.db.select({ sequence: disclosures.sequence }).from(disclosures).orderBy(desc(disclosures.sequence)).limit(1);
    const log = await logInclusion(row.sequence, latest[0]!.sequence);
    await audit.record({
      actor: auditActorOf(ctx.actor),
      action: 'fund.contribution_proofs_viewed',
      targetKind: 'disclosure',
      targetId: period,
      subjectId: person.id,
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { entries: entries.length },
    });
    return {
      period,
      entryCount: row.entryCount,
      blockSize,
      blockCount,
      entriesRoot: hex(row.entriesRoot),
      entryLineFormat: ENTRY_LINE_FORMAT,
      entries,
      disclosure: { head: headOf(headFieldsOf(row)), sequence: row.sequence, logRoot: hex(row.logRoot), sealedAt: row.sealedAt.toISOString() },
      logInclusion: log,
    };
  }

  return { seal, list, get, totals, totalsCsv, series, logConsistency, logInclusion, myProofs, publicKeyPem };
}

function positionOf(ids: Float64Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new Error(`ledger entry ${id} is not in its month's tree`);
}

const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

