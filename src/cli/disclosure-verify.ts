/**
 * npm run disclosure:verify [-- --url <base>] [--public-key <file>] [--known <sequence>:<logRoot>]
 *
 * Without --url: opens the database as the other CLI commands do and checks every sealed monthly
 * disclosure against the ledger as it is now (signature, entries root and count, totals, log root,
 * consistency of each log root with the previous). When a running server holds the embedded
 * database, it checks that server's published disclosures through the public API instead.
 *
 * With --url: what anyone outside can check from the public API alone — signatures, heads, totals
 * against their hash, the log root recomputed from the heads and the server's consistency proofs.
 * --known pins a log root saved from an earlier run, so a rewritten history is caught.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { ConfigError, loadConfig } from '@core/config/config.ts';
import { DatabaseBusyError, openDatabase } from '@core/db/client.ts';
import { readControlFile } from '@core/http/control.routes.ts';
import { treeRoot, verifyConsistency } from '@core/crypto/merkle.ts';
import { logLeaves, signatureValid, signedMessageOf, totalsHashOf, verifyDisclosures, type DisclosureCheck, type DisclosuresReport, type HeadFields } from '@modules/funds';

/** What --url needs of fetch; tests pass one that goes through app.inject. */
export type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

interface PublishedDisclosure extends HeadFields {
  logRoot: string;
  sealedAt: string;
  signature: string;
  publicKey: string;
  totals: unknown;
}

/**
 * Checks a server's published disclosures through its public API alone. `publicKeyPem` pins the
 * key the signatures must verify with (otherwise each disclosure's published key); `known` is a
 * log root the caller saved before, which the published log must still contain.
 */
export async function verifyPublishedDisclosures(
  base: string,
  options: { fetch?: Fetch; publicKeyPem?: string; known?: { sequence: number; logRoot: string } } = {},
): Promise<DisclosuresReport> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await (options.fetch ?? (fetch as Fetch))(new URL(path, base).toString());
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  const list = await get<{ items: PublishedDisclosure[] }>('/api/public/funds/disclosures');
  const items = list.items;
  const pinned = options.publicKeyPem ? createPublicKey(options.publicKeyPem) : undefined;
  const heads: HeadFields[] = items.map((d) => ({ period: d.period, sequence: d.sequence, entryCount: d.entryCount, entriesRoot: d.entriesRoot, totalsHash: d.totalsHash }));
  const leaves = logLeaves(heads);
  const checks: DisclosureCheck[] = [];
  for (const [i, d] of items.entries()) {
    const problems: string[] = [];
    if (d.sequence !== i) problems.push(`sequence ${d.sequence} where ${i} was expected`);
    const signatureOk = signatureValid(signedMessageOf({ ...heads[i]!, logRoot: d.logRoot, sealedAt: d.sealedAt }), pinned ?? d.publicKey, Buffer.from(d.signature, 'base64'));
    if (!signatureOk) problems.push('signature does not verify');
    const totalsOk = totalsHashOf(d.totals).toString('hex') === d.totalsHash;
    if (!totalsOk) problems.push('the published totals do not match totalsHash');
    const logOk = treeRoot(leaves, i + 1).toString('hex') === d.logRoot;
    if (!logOk) problems.push('logRoot does not match the published heads');
    let consistencyOk = true;
    if (i > 0) {
      const proof = await get<{ proof: string[] }>(`/api/public/funds/log/consistency?from=${i - 1}&to=${i}`);
      consistencyOk = verifyConsistency(i, i + 1, Buffer.from(items[i - 1]!.logRoot, 'hex'), Buffer.from(d.logRoot, 'hex'), proof.proof.map((h) => Buffer.from(h, 'hex')));
      if (!consistencyOk) problems.push(`the server’s consistency proof from sequence ${i - 1} does not verify`);
    }
    if (options.known?.sequence === i && options.known.logRoot.toLowerCase() !== d.logRoot) {
      consistencyOk = false;
      problems.push(`the log root of sequence ${i} is not the one saved before (${options.known.logRoot.slice(0, 12)}…): history was rewritten`);
    }
    checks.push({ period: d.period, sequence: d.sequence, entryCount: d.entryCount, entriesRoot: d.entriesRoot, logRoot: d.logRoot, signatureOk, entriesOk: null, totalsOk, logOk, consistencyOk, problems });
  }
  if (options.known && options.known.sequence >= items.length) {
    checks.push({ period: '?', sequence: options.known.sequence, entryCount: 0, entriesRoot: '', logRoot: '', signatureOk: false, entriesOk: null, totalsOk: false, logOk: false, consistencyOk: false, problems: [`sequence ${options.known.sequence} was seen before but is no longer published`] });
  }
  return { ok: checks.every((c) => c.problems.length === 0), checks };
}

/** The report as a table, problems listed under it. */
export function formatReport(report: DisclosuresReport): string {
  const mark = (v: boolean | null) => (v === null ? '-' : v ? 'ok' : 'FAIL');
  const rows = [
    ['period', 'seq', 'entries', 'entries root', 'signature', 'entries', 'totals', 'log', 'consistency'],
    ...report.checks.map((c) => [c.period, String(c.sequence), String(c.entryCount), c.entriesRoot.slice(0, 16), mark(c.signatureOk), mark(c.entriesOk), mark(c.totalsOk), mark(c.logOk), mark(c.consistencyOk)]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const lines = rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of report.checks) for (const p of c.problems) lines.push(`  ${c.period} (sequence ${c.sequence}): ${p}`);
  lines.push(report.checks.length === 0 ? 'no disclosures sealed yet' : report.ok ? `all ${report.checks.length} disclosures verify` : 'disclosures FAILED verification');
  const last = report.checks.at(-1);
  // An outsider keeps this and passes it to --known next time: a rewritten history loses it.
  if (report.ok && last) lines.push(`latest log root: --known ${last.sequence}:${last.logRoot}`);
  return lines.join('\n');
}

function parseKnown(value: string): { sequence: number; logRoot: string } {
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(value);
  if (!match) throw new ConfigError('--known takes <sequence>:<logRoot hex>');
  return { sequence: Number(match[1]), logRoot: match[2]! };
}

async function main() {
  const program = new Command('disclosure:verify')
    .description('verify the sealed monthly fund disclosures; exits non-zero on any failure')
    .option('--url <base>', 'verify a running server’s published disclosures through its public API alone')
    .option('--public-key <file>', 'with --url: the platform’s Ed25519 public key (PEM) the signatures must verify with')
    .option('--known <sequence:logRoot>', 'with --url: a log root saved from an earlier run, which must still be in the log', parseKnown)
    .parse();
  const options = program.opts<{ url?: string; publicKey?: string; known?: { sequence: number; logRoot: string } }>();
  let report: DisclosuresReport;
  if (options.url) {
    report = await verifyPublishedDisclosures(options.url, { publicKeyPem: options.publicKey ? readFileSync(options.publicKey, 'utf8') : undefined, known: options.known });
  } else {
    const cfg = loadConfig();
    const publicKeyPem = createPublicKey(cfg.secrets.auditSigningKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
    try {
      database = await openDatabase({ databaseUrl: cfg.databaseUrl, pgliteDir: cfg.databaseUrl ? undefined : cfg.dataDir });
    } catch (error) {
      // The embedded database belongs to the running server: check what it publishes instead.
      const control = error instanceof DatabaseBusyError ? readControlFile(cfg.dataDir) : undefined;
      if (!control) throw error;
      console.log('The embedded database is in use by the running server: checking its published disclosures through the public API (entries are not recomputed this way; stop the server to check them).');
      report = await verifyPublishedDisclosures(`http://127.0.0.1:${control.port}`, { publicKeyPem });
    }
    if (database) {
      try {
        report = await verifyDisclosures(database, { publicKeyPem });
      } finally {
        await database.close();
      }
    }
  }
  console.log(formatReport(report!));
  if (!report!.ok) process.exitCode = 1;
}

const invokedDirectly = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof DatabaseBusyError ? `disclosure:verify: ${error.message}` : error);
    process.exit(1);
  });
}
