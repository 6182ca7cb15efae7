/**
 * What the transparency pages check in the visitor's browser, on top of the verifiers of
 * ./merkle.ts: the log of monthly disclosures (each month's totals against its hash, each head in
 * the latest log, each log an extension of the one before) and a citizen's own ledger entries in
 * a sealed month. Everything a check compares with comes from the public API, never from the
 * proof being checked.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Disclosure, DisclosureList, LogInclusion, MyProofs } from '../api/transparency';
import { disclosureHead, leafHashHex, verifyConsistency, verifyEntryInclusion, verifyInclusion } from './merkle';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** JSON with object keys sorted, as the server hashes it (src/core/audit/audit.service.ts). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 of the canonical JSON of a month's totals, hex: what the head's totalsHash commits to. */
export const totalsHashHex = (totals: unknown) => bytesToHex(sha256(utf8(canonicalJson(totals))));

/** The leaf hash of a disclosure's head in the log, computed from its published fields. */
export const headLeafHash = (d: Pick<Disclosure, 'period' | 'sequence' | 'entryCount' | 'entriesRoot' | 'totalsHash'>) => leafHashHex(utf8(disclosureHead(d)));

/** SHA-256 of the DER bytes of a PEM public key, hex; null when it is not PEM. */
export function publicKeyFingerprint(pem: string): string | null {
  const body = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/.exec(pem)?.[1];
  if (!body) return null;
  try {
    const der = Uint8Array.from(atob(body.replace(/\s/g, '')), (c) => c.charCodeAt(0));
    return bytesToHex(sha256(der));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- the log of disclosures

export type LogProblem = 'sequence' | 'totals' | 'consistency' | 'inclusion' | 'fetch';

export interface MonthCheck {
  period: string;
  sequence: number;
  /** The published totals hash to the head's totalsHash. */
  totals: boolean;
  /** This month's log extends the previous month's; null for the first month. */
  consistency: boolean | null;
  /** The head is in the latest published log. */
  inclusion: boolean;
  ok: boolean;
  problems: LogProblem[];
}

export interface LogProofs {
  consistency(from: number, to: number): Promise<{ proof: string[] }>;
  inclusion(sequence: number, at: number): Promise<{ path: string[] }>;
}

/**
 * Checks every published month, oldest first, calling `onMonth` as each one is done. A proof that
 * cannot be fetched fails its month (problem `fetch`) rather than the whole run.
 */
export async function checkLog(items: readonly Disclosure[], proofs: LogProofs, onMonth?: (check: MonthCheck) => void): Promise<MonthCheck[]> {
  const latest = items.length - 1;
  const checks: MonthCheck[] = [];
  for (const [i, d] of items.entries()) {
    const problems: LogProblem[] = [];
    if (d.sequence !== i) problems.push('sequence');
    const totals = totalsHashHex(d.totals) === d.totalsHash;
    if (!totals) problems.push('totals');
    let consistency: boolean | null = null;
    let inclusion = false;
    try {
      if (i > 0) {
        const p = await proofs.consistency(i - 1, i);
        consistency = verifyConsistency(i, i + 1, items[i - 1]!.logRoot, d.logRoot, p.proof);
        if (!consistency) problems.push('consistency');
      }
      const p = await proofs.inclusion(i, latest);
      inclusion = verifyInclusion(headLeafHash(d), i, latest + 1, p.path, items[latest]!.logRoot);
      if (!inclusion) problems.push('inclusion');
    } catch {
      if (i > 0 && consistency === null) consistency = false;
      problems.push('fetch');
    }
    const check = { period: d.period, sequence: d.sequence, totals, consistency, inclusion, ok: problems.length === 0, problems };
    checks.push(check);
    onMonth?.(check);
  }
  return checks;
}

// ---------------------------------------------------------------- a citizen's own entries

/** The nine fields of a canonical entry line (id|journalId|fund|region|period|account|debitFen|creditFen|subject\n). */
export interface EntryLine {
  id: number;
  journalId: number;
  fund: string;
  region: string;
  period: string;
  account: string;
  debitFen: number;
  creditFen: number;
  subject: string;
}

export function parseEntryLine(line: string): EntryLine | null {
  if (!line.endsWith('\n')) return null;
  const f = line.slice(0, -1).split('|');
  if (f.length !== 9) return null;
  const int = (s: string) => (/^\d+$/.test(s) ? Number(s) : NaN);
  const [id, journalId, fund, region, period, account, debit, credit, subject] = f as [string, string, string, string, string, string, string, string, string];
  const parsed = { id: int(id), journalId: int(journalId), fund, region, period, account, debitFen: int(debit), creditFen: int(credit), subject };
  return [parsed.id, parsed.journalId, parsed.debitFen, parsed.creditFen].every(Number.isSafeInteger) ? parsed : null;
}

export interface EntryCheck {
  /** As hashed; the amounts shown are read from it, not from the proof's JSON. */
  line: string;
  fields: EntryLine | null;
  blockIndex: number;
  ok: boolean;
}

export interface MyMonthCheck {
  period: string;
  sequence: number;
  entryCount: number;
  entriesRoot: string;
  sealedAt: string;
  /** Size and root of the latest published log the head was checked against. */
  logSize: number;
  logRoot: string;
  entries: EntryCheck[];
  /** The month's head (from the public disclosure) is in the latest published log. */
  headInLog: boolean;
  /** The month's disclosure and the public list agree on its head. */
  listed: boolean;
  ok: boolean;
}

/**
 * Checks the citizen's entries of a month against the month's public disclosure: each entry's
 * block reaches the published entriesRoot (verifyEntryInclusion), and the published head is in
 * the latest published log (verifyInclusion against the latest logRoot of the public list).
 * The log inclusion proof comes with the citizen's proofs; when the log has grown since, the
 * public inclusion proof is fetched instead.
 */
export async function checkMyMonth(
  proofs: MyProofs,
  published: Disclosure,
  list: DisclosureList,
  publicInclusion: (sequence: number, at: number) => Promise<Pick<LogInclusion, 'path'>>,
): Promise<MyMonthCheck> {
  const latest = list.items.at(-1);
  const listedItem = list.items[published.sequence];
  const listed =
    !!listedItem &&
    listedItem.period === published.period &&
    listedItem.entriesRoot === published.entriesRoot &&
    listedItem.entryCount === published.entryCount &&
    listedItem.totalsHash === published.totalsHash;
  const entries = proofs.entries.map((e) => {
    const fields = parseEntryLine(e.line);
    const ok =
      fields?.period === published.period &&
      verifyEntryInclusion({
        line: e.line,
        blockLines: e.blockLines,
        blockIndex: e.blockIndex,
        entryCount: published.entryCount,
        blockSize: published.blockSize,
        path: e.path,
        entriesRoot: published.entriesRoot,
      });
    return { line: e.line, fields, blockIndex: e.blockIndex, ok };
  });
  let headInLog = false;
  if (latest) {
    const given = proofs.logInclusion;
    const path = given.sequence === published.sequence && given.at === latest.sequence ? given.path : (await publicInclusion(published.sequence, latest.sequence)).path;
    headInLog = verifyInclusion(headLeafHash(published), published.sequence, latest.sequence + 1, path, latest.logRoot);
  }
  return {
    period: published.period,
    sequence: published.sequence,
    entryCount: published.entryCount,
    entriesRoot: published.entriesRoot,
    sealedAt: published.sealedAt,
    logSize: latest ? latest.sequence + 1 : 0,
    logRoot: latest?.logRoot ?? '',
    entries,
    headInLog,
    listed,
    ok: listed && headInLog && entries.length > 0 && entries.every((e) => e.ok),
  };
}
