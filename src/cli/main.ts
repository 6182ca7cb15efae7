import { existsSync, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '@core/config/config.ts';
import { DatabaseBusyError, openDatabase, type Database } from '@core/db/client.ts';
import { backupToFile, restoreFromFile, RestoreError } from '@core/db/backup.ts';
import { createAudit, type VerifyReport } from '@core/audit/audit.service.ts';
import { CONTROL_HEADER, readControlFile, removeControlFile, writeControlFile } from '@core/http/control.routes.ts';
import { createMinsheng, webDist } from '../app.ts';
import * as schema from '../schema.ts';
import { formatDemoLogins, seedDemo } from '../demo/seed.ts';
import { DEMO_OPEN311_API_KEY, seedDemoAppeals } from '../demo/appeals.seed.ts';
import { seedDemoPersons } from '../demo/registry.seed.ts';

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

async function buildWebIfMissing() {
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
    await buildWebIfMissing();
    const minsheng = await createMinsheng(cfg);
    const { app, platform } = minsheng;
    if (cfg.demoData) {
      const summary = await seedDemo(platform);
      if (summary) {
        const filed = await seedDemoAppeals(minsheng);
        const registered = await seedDemoPersons(minsheng);
        console.log(formatDemoLogins(summary, cfg.origin));
        console.log(`Demo appeals: ${filed}; persons in the registry: ${registered}. Open311 demo client api_key: ${DEMO_OPEN311_API_KEY} (demo only)\n`);
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

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseBusyError || error instanceof RestoreError) {
    console.error(`minsheng: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
