import { existsSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { ConfigError, loadConfig, type Config } from '@core/config/config.ts';
import { DatabaseBusyError, openDatabase, type Database } from '@core/db/client.ts';
import { backupToFile, restoreFromFile, RestoreError } from '@core/db/backup.ts';
import { createAudit, type VerifyReport } from '@core/audit/audit.service.ts';
import { importActor, importDatasetNames, ImportError, rejectReasons, runImport, type ImportSummary, type RejectCode } from '@modules/registry';
import { CONTROL_HEADER, readControlFile, removeControlFile, writeControlFile } from '@core/http/control.routes.ts';
import * as schema from '../schema.ts';

/**
 * The server and the demo data, loaded only by the commands that need them, so that the others
 * (import, backup, audit:verify …) start faster and hold less memory.
 */
async function serverParts() {
  const [app, seed, appealsSeed, registrySeed, exchangeSeed, fundsSeed, cardsSeed] = await Promise.all([
    import('../app.ts'),
    import('../demo/seed.ts'),
    import('../demo/appeals.seed.ts'),
    import('../demo/registry.seed.ts'),
    import('../demo/exchange.seed.ts'),
    import('../demo/funds.seed.ts'),
    import('../demo/cards.seed.ts'),
  ]);
  return { ...app, ...seed, ...appealsSeed, ...registrySeed, ...exchangeSeed, ...fundsSeed, ...cardsSeed };
}

const program = new Command('minsheng').description('minsheng (民生): Internet + social security platform');

function config(): Config {
  return loadConfig();
}

async function withDatabase<T>(cfg: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, pgliteDir: cfg.databaseUrl ? undefined : cfg.dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Calls the running server's loopback control channel (embedded database in use). */
async function viaServer(cfg: Config, route: string): Promise<Response> {
  const control = readControlFile(cfg.dataDir);
  if (!control) throw new DatabaseBusyError('the database is in use, and the running server did not leave a control file');
  const response = await fetch(`http://127.0.0.1:${control.port}/api/system/control/${route}`, { headers: { [CONTROL_HEADER]: control.token } });
  if (!response.ok) throw new Error(`the server refused ${route}: HTTP ${response.status}`);
  return response;
}

async function buildWebIfMissing(webDist: string) {
  if (existsSync(`${webDist}/index.html`)) return;
  console.log('Building the web app (first start only)…');
  const { build } = await import('vite');
  await build({ logLevel: 'warn', configFile: new URL('../../vite.config.ts', import.meta.url).pathname });
}

program
  .command('start')
  .description('run the server and web UI (migrates, loads regions and, outside production, demo data)')
  .action(async () => {
    const cfg = config();
    const { createMinsheng, webDist, seedDemo, seedDemoAppeals, seedDemoPersons, seedDemoExchange, seedDemoContributions, seedDemoPensions, seedDemoDisclosures, seedDemoCardUses, seedDemoCredit, formatDemoLogins, DEMO_OPEN311_API_KEY } = await serverParts();
    await buildWebIfMissing(webDist);
    const minsheng = await createMinsheng(cfg);
    const { app, platform } = minsheng;
    if (cfg.demoData) {
      const summary = await seedDemo(platform);
      if (summary) {
        const filed = await seedDemoAppeals(minsheng);
        const registered = await seedDemoPersons(minsheng);
        const exchange = await seedDemoExchange(minsheng);
        const paid = await seedDemoContributions(minsheng);
        const pensions = await seedDemoPensions(minsheng);
        const sealed = await seedDemoDisclosures(minsheng);
        const cardUses = await seedDemoCardUses(minsheng);
        await seedDemoCredit(minsheng);
        console.log(formatDemoLogins(summary, cfg.origin));
        console.log(`Demo appeals: ${filed}; persons in the registry: ${registered}. Open311 demo client api_key: ${DEMO_OPEN311_API_KEY} (demo only)\n`);
        console.log(`Demo exchange partners: ${exchange.partners}; their DEMO signing keys and a sample batch are in ${exchange.keyDir} (see README: data exchange).\n`);
        console.log(`Demo contributions: ${paid.declarations} monthly declarations, ${paid.payments} payments; pensioners: ${pensions.pensioners}, paid by ${pensions.runs} monthly payroll runs of 银川市; ${sealed} months of fund accounts sealed and published; ${cardUses.uses} card uses at ${cardUses.institutions} designated institutions.\n`);
      }
      else console.log(`Demo data already present; demo logins are listed in README.md (password and TOTP secrets).`);
    }
    if (cfg.secrets.generated) console.log(`Using DEMO secrets generated in ${cfg.dataDir}/demo-secrets.json (never in production).`);
    await app.listen({ port: cfg.port, host: cfg.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : cfg.port;
    if (!cfg.databaseUrl) writeControlFile(cfg.dataDir, { port, token: minsheng.controlToken });
    console.log(`minsheng is running on ${platform.database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${cfg.dataDir}` : 'PostgreSQL server'}`);
    console.log(`  web:  http://localhost:${port}/   staff login: http://localhost:${port}/login   API docs: http://localhost:${port}/api/docs`);

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: finishing in-flight requests, sealing the audit log and closing the database…`);
      const force = setTimeout(() => {
        console.error('shutdown took longer than 20 s; exiting');
        process.exit(1);
      }, 20_000);
      force.unref();
      try {
        await minsheng.close();
        if (!cfg.databaseUrl) removeControlFile(cfg.dataDir);
        process.exit(0);
      } catch (error) {
        console.error(error);
        process.exit(1);
      }
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const cfg = config();
    await withDatabase(cfg, (db) => db.migrate());
    console.log('migrations applied');
  });

function printReport(report: VerifyReport) {
  if (report.ok) {
    console.log(`audit log OK: ${report.entries} entries, ${report.checkpoints} signed checkpoints, ${report.unsealedEntries} entries after the last checkpoint`);
  } else {
    console.error(`audit log FAILED verification after ${report.entries} good entries`);
    if (report.firstBadSeq !== undefined) console.error(`  first bad entry: seq ${report.firstBadSeq}`);
    if (report.badCheckpointId !== undefined) console.error(`  bad checkpoint: id ${report.badCheckpointId}`);
    console.error(`  ${report.problem}`);
    process.exitCode = 1;
  }
}

program
  .command('audit:verify')
  .description('verify the audit hash chain and every signed checkpoint; exits non-zero on the first bad entry')
  .action(async () => {
    const cfg = config();
    try {
      const report = await withDatabase(cfg, async (database) => {
        const audit = createAudit({ database, signingKeyPem: cfg.secrets.auditSigningKeyPem });
        return audit.verifyAll();
      });
      printReport(report);
    } catch (error) {
      if (!(error instanceof DatabaseBusyError)) throw error;
      printReport((await (await viaServer(cfg, 'audit-verify')).json()) as VerifyReport);
    }
  });

program
  .command('backup <file>')
  .description('write a consistent snapshot of the database to <file> (gzip JSON Lines); works while the server runs')
  .action(async (file: string) => {
    const cfg = config();
    try {
      const rows = await withDatabase(cfg, (db) => backupToFile(db, file, schema));
      console.log(`backup written to ${file}: ${rows} rows`);
    } catch (error) {
      if (!(error instanceof DatabaseBusyError)) throw error;
      const response = await viaServer(cfg, 'backup');
      await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file, { mode: 0o600 }));
      console.log(`backup written to ${file} by the running server`);
    }
    console.log('Keep the secrets (MINSHENG_FIELD_KEY, MINSHENG_INDEX_KEY, MINSHENG_AUDIT_SIGNING_KEY or demo-secrets.json) with it: the backup holds encrypted data.');
  });

program
  .command('restore <file>')
  .description('restore a backup into an empty database (refuses a non-empty one unless --force)')
  .option('--force', 'drop the existing minsheng data first')
  .action(async (file: string, options: { force?: boolean }) => {
    const cfg = config();
    const rows = await withDatabase(cfg, (db) => restoreFromFile(db, file, { force: options.force === true, schema }));
    console.log(`restored ${rows} rows from ${file}. Run \`npm run audit:verify\` to check the audit log.`);
  });

program
  .command('demo:totp <username>')
  .description('print the current TOTP code of a demo staff account (demo data only)')
  .action(async (username: string) => {
    const cfg = config();
    if (cfg.env === 'production') throw new ConfigError('demo accounts do not exist in production mode');
    const { totpCode } = await import('@core/auth/totp.ts');
    const { demoTotpSecret } = await import('../demo/seed.ts');
    console.log(await totpCode(demoTotpSecret(username)));
  });

program
  .command('exchange:sign <key-file> <file>')
  .description('sign a batch file for the data exchange with a partner’s Ed25519 key (PKCS#8 PEM) and print the headers to send')
  .requiredOption('--partner <code>', 'the partner code the key belongs to')
  .requiredOption('--dataset <dataset@version>', 'e.g. tax.income@1')
  .requiredOption('--purpose <purpose>', 'e.g. income_verification')
  .option('--batch-id <id>', 'the batch id (default: made from the file name and the time)')
  .action(async (keyFile: string, file: string, options: { partner: string; dataset: string; purpose: string; batchId?: string }) => {
    const { readFileSync } = await import('node:fs');
    const { basename } = await import('node:path');
    const { batchHeaders } = await import('@modules/exchange');
    const body = readFileSync(file);
    const batchId = options.batchId ?? `${basename(file).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60)}-${Date.now()}`;
    const headers = batchHeaders({ privateKey: readFileSync(keyFile, 'utf8'), partnerCode: options.partner, batchId, dataset: options.dataset, purpose: options.purpose, body });
    const contentType = file.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson';
    console.log(`# valid for 15 minutes; send with the partner's credential:`);
    console.log(`curl -X POST http://localhost:3000/api/exchange/batches \\`);
    console.log(`  -H "Authorization: Bearer $MINSHENG_PARTNER_CREDENTIAL" -H 'Content-Type: ${contentType}' \\`);
    for (const [name, value] of Object.entries(headers)) console.log(`  -H '${name}: ${value}' \\`);
    console.log(`  --data-binary @${file}`);
  });

const count = (n: number) => n.toLocaleString('en-US');

/** The database an import writes to, named without credentials (checkpoints keep it). */
function importTarget(cfg: Config): string {
  if (!cfg.databaseUrl) return `pglite:${cfg.dataDir}`;
  const url = new URL(cfg.databaseUrl);
  return `postgres://${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

function printImportSummary(s: ImportSummary) {
  const total = s.counts;
  const lines = [
    `minsheng import ${s.dataset}: ${s.file} (${s.format === 'csv' ? 'CSV' : 'JSON Lines'})`,
    s.alreadyComplete ? '  已全部导入，无需再做 already imported completely: nothing to do (--restart imports it again)' : undefined,
    s.run.resumedAfterLine !== null ? `  从断点继续 resumed after line ${count(s.run.resumedAfterLine)}` : undefined,
    `  读取 rows read          ${count(total.read).padStart(12)}`,
    `  导入 imported           ${count(total.imported).padStart(12)}`,
    `  拒绝 rejected           ${count(total.rejected).padStart(12)}`,
    `  已登记 already present  ${count(total.alreadyPresent).padStart(12)}`,
    ...Object.entries(s.rejectsByCode)
      .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
      .map(([code, n]) => `      ${code.padEnd(20)} ${count(n ?? 0).padStart(10)}  ${rejectReasons[code as RejectCode].zh}`),
    s.alreadyComplete ? undefined : `  用时 elapsed            ${(s.run.elapsedMs / 1000).toFixed(1).padStart(10)} s${s.run.resumedAfterLine !== null ? ' (this run)' : ''}`,
    s.alreadyComplete ? undefined : `  速度 rate               ${count(Math.round(s.run.rowsPerSecond)).padStart(12)} rows/s`,
    total.rejected + total.alreadyPresent > 0 ? `  拒绝明细 rejects file: ${s.rejectsPath}` : undefined,
  ];
  console.log(lines.filter((l) => l !== undefined).join('\n'));
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number is expected');
  return n;
}

program
  .command('import <dataset> <file>')
  .description(`bulk import of a CSV or JSON Lines file into the registry (datasets: ${importDatasetNames.join(', ')}); every row checked, rejects listed, resumable`)
  .option('--format <format>', 'csv or jsonl (default: from the file extension: .csv, .jsonl, .ndjson)')
  .option('--rejects <path>', 'where to list rejected rows (default: <file>.rejects.csv)')
  .option('--restart', 'ignore the checkpoint of an earlier, interrupted run and start from the first row')
  .option('--chunk-size <rows>', 'rows per transaction', positiveInteger, 5000)
  .option('--workers <n>', 'worker threads that check and encrypt rows (default: 1 with two cores or more; 0: none)', positiveInteger)
  .action(async (datasetName: string, file: string, options: { format?: string; rejects?: string; restart?: boolean; chunkSize: number; workers?: number }) => {
    const cfg = config();
    if (options.format !== undefined && options.format !== 'csv' && options.format !== 'jsonl') {
      throw new ImportError('unknown_format', `--format ${options.format}: csv or jsonl`);
    }
    // Found out before the database is opened (and migrated): a wrong name or path fails at once.
    if (!(importDatasetNames as string[]).includes(datasetName)) throw new ImportError('unknown_dataset', `"${datasetName}"; known: ${importDatasetNames.join(', ')}`);
    if (!existsSync(file)) throw new ImportError('file_not_found', file);
    const { createPlatform } = await import('@core/platform.ts');
    let platform: Awaited<ReturnType<typeof createPlatform>>;
    try {
      platform = await createPlatform(cfg);
    } catch (error) {
      if (error instanceof DatabaseBusyError) throw new ImportError('database_busy', error.message);
      throw error;
    }
    const bar = new cliProgress.SingleBar(
      {
        format: '{bar} {percentage}% | {read} rows: {imported} imported, {rejected} rejected, {present} already present | {rate} rows/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    try {
      const summary = await runImport(platform, {
        dataset: datasetName,
        file,
        format: options.format as 'csv' | 'jsonl' | undefined,
        rejectsPath: options.rejects,
        restart: options.restart === true,
        chunkSize: options.chunkSize,
        workers: options.workers,
        target: importTarget(cfg),
        actor: importActor(`${os.userInfo().username}@${os.hostname()}`),
        onProgress: (p) => {
          const payload = { read: count(p.counts.read), imported: count(p.counts.imported), rejected: count(p.counts.rejected), present: count(p.counts.alreadyPresent), rate: count(Math.round(p.rate)) };
          if (!started) {
            started = true;
            bar.start(p.totalBytes, p.bytes, payload);
          } else bar.update(p.bytes, payload);
        },
      });
      if (started) bar.stop();
      printImportSummary(summary);
    } finally {
      if (started) bar.stop();
      await platform.database.close();
    }
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ImportError) {
    console.error(`minsheng: ${error.describe()}`);
  } else if (error instanceof ConfigError || error instanceof DatabaseBusyError || error instanceof RestoreError) {
    console.error(`minsheng: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
