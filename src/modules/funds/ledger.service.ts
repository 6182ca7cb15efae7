import { sql } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { journals, ledgerAccounts, ledgerEntries, type FundKind, type LedgerAccount } from './funds.tables.ts';
import { fundsError } from './funds.errors.ts';

export interface LedgerLine {
  account: LedgerAccount;
  debitFen?: number;
  creditFen?: number;
  /** The person whose own money this line is (a contribution), kept as a keyed hash. */
  personId?: string | null;
}

export interface JournalInput {
  fund: FundKind;
  region: string;
  period: string;
  /** contribution, subsidy, interest, benefit, transfer_out, management, recovery. */
  kind: string;
  memo: string;
  /** What produced the journal: posting the same source again changes nothing. */
  sourceRef: string;
  lines: LedgerLine[];
}

/** Sealing takes this lock exclusively; posting takes it shared, so no entry slips into a month being sealed. */
export const LEDGER_LOCK = sql`hashtext('funds.ledger')`;

export type Ledger = ReturnType<typeof createLedger>;

/**
 * The double-entry ledger of each fund (社会保险基金会计制度). Income and expenditure are
 * posted against the fund's bank deposit; a journal's debits equal its credits, checked here
 * and again by the database when the transaction commits. Posted entries never change, and a
 * month that has been sealed and published takes no new entries.
 */
export function createLedger(platform: Platform) {
  const { crypto } = platform;

  /**
   * The keyed hash that stands for a person in sealed ledger leaves. It differs each month, so
   * the entries a citizen's proof shows of others cannot be linked from month to month.
   */
  const subjectOf = (personId: string, period: string) => crypto.lookupHash('ledger_subject', `${period}:${personId}`);

  function checkLines(lines: readonly LedgerLine[]) {
    let debits = 0;
    let credits = 0;
    for (const line of lines) {
      const d = line.debitFen ?? 0;
      const c = line.creditFen ?? 0;
      if (!Number.isSafeInteger(d) || !Number.isSafeInteger(c) || d < 0 || c < 0 || (d === 0) === (c === 0)) throw fundsError('invalid_amount');
      if (!(line.account in ledgerAccounts)) throw fundsError('journal_unbalanced', { detail: `unknown account ${line.account}` });
      debits += d;
      credits += c;
    }
    if (lines.length < 2 || debits !== credits) throw fundsError('journal_unbalanced', { detail: `debits ${debits}, credits ${credits}` });
  }

  /**
   * Posts one journal inside the caller's transaction. Returns `posted: false` when the same
   * source was posted before (a retry), so callers never count money twice.
   */
  async function post(tx: Db, j: JournalInput): Promise<{ journalId: number | null; posted: boolean }> {
    checkLines(j.lines);
    await tx.execute(sql`select pg_advisory_xact_lock_shared(${LEDGER_LOCK})`);
    const sealed = (await tx.execute(sql`select 1 from funds.disclosures where period >= ${j.period} limit 1`)) as unknown as { rows: unknown[] };
    if (sealed.rows.length > 0) throw fundsError('period_sealed', { detail: `period ${j.period}` });
    const [journal] = await tx
      .insert(journals)
      .values({ fund: j.fund, region: j.region, period: j.period, kind: j.kind, memo: j.memo, sourceRef: j.sourceRef })
      .onConflictDoNothing()
      .returning({ id: journals.id });
    if (!journal) return { journalId: null, posted: false };
    // One statement over arrays: a journal of a million lines stays one round trip.
    await tx.execute(sql`
      insert into ${ledgerEntries} (journal_id, fund, region, period, account, debit_fen, credit_fen, subject)
      select ${journal.id}, ${j.fund}, ${j.region}, ${j.period}, l.account, l.debit, l.credit, l.subject
      from unnest(
        ${sql.param(j.lines.map((l) => l.account))}::text[],
        ${sql.param(j.lines.map((l) => l.debitFen ?? 0))}::bigint[],
        ${sql.param(j.lines.map((l) => l.creditFen ?? 0))}::bigint[],
        ${sql.param(j.lines.map((l) => (l.personId ? subjectOf(l.personId, j.period) : null)))}::text[]
      ) as l(account, debit, credit, subject)`);
    return { journalId: journal.id, posted: true };
  }

  /** Debits and credits over the whole ledger, per fund: equal, or something is badly wrong. */
  async function trialBalance(db: Db) {
    const rows = (await db.execute(sql`
      select fund, sum(debit_fen)::bigint as debits, sum(credit_fen)::bigint as credits
      from ${ledgerEntries} group by fund order by fund`)) as unknown as { rows: { fund: FundKind; debits: string; credits: string }[] };
    return rows.rows.map((r) => ({ fund: r.fund, debitsFen: Number(r.debits), creditsFen: Number(r.credits) }));
  }

  return { post, trialBalance, subjectOf };
}
