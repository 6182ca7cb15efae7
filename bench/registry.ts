/**
 * npm run bench:registry — the person registry at 1,000,000 persons, on PostgreSQL:
 * (a) COPY of a generated CSV into a plain staging table with the same columns (the baseline),
 * (b) `minsheng import persons` of the same file as a child process (checks, encryption, keyed
 *     hash, history and one audit entry per person), its rows/s and peak RSS,
 * (c) lookup by full ID number through the keyed index: GET /api/registry/persons?q=<id> with a
 *     staff session, p50/p99 over random persons.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '@core/config/config.ts';
import { createPlatform } from '@core/platform.ts';
import { totpCode } from '@core/auth/totp.ts';
import { createMinsheng } from '../src/app.ts';
import { DEMO_PASSWORD, demoTotpSecret, seedDemo } from '../src/demo/seed.ts';
import { testSecrets } from '../src/test-support/harness.ts';
import { samplePersons, writeSamplePersonsCsv } from '../src/modules/registry/import/persons.sample.ts';
import { benchPostgres } from './postgres.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 2000);
const WORKERS = process.env.BENCH_IMPORT_WORKERS;

function table(rows: (string | number)[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i]! + 2)).join(''));
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const dir = mkdtempSync(path.join(os.tmpdir(), 'minsheng-bench-registry-'));
const csv = path.join(dir, 'persons.csv');
const pgs = await benchPostgres();
const secrets = testSecrets();
const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', MINSHENG_DEMO_DATA: 'false', MINSHENG_DATA_DIR: dir, ...secrets };

/** (a) COPY FROM STDIN of the file into a staging table without indexes, as psql's \copy does. */
async function copyBaseline(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create table staging_persons (id_number text, name text, household_region text, phone text)');
    const t0 = performance.now();
    await pipeline(createReadStream(csv, { highWaterMark: 1024 * 1024 }), client.query(copyFrom('copy staging_persons from stdin with (format csv, header true)')));
    const seconds = (performance.now() - t0) / 1000;
    const [{ n }] = (await client.query<{ n: number }>('select count(*)::int as n from staging_persons')).rows as [{ n: number }];
    await client.query('drop table staging_persons');
    return { rows: n, seconds };
  } finally {
    await client.end();
  }
}

/** (b) The import as its own process, under /usr/bin/time -v for its peak RSS when that exists. */
async function importChild(url: string) {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'import', 'persons', csv, ...(WORKERS ? ['--workers', WORKERS] : [])];
  const [cmd, argv] = timeBin ? [timeBin, ['-v', process.execPath, ...args]] : [process.execPath, args];
  const t0 = performance.now();
  const child = spawn(cmd, argv, { env: { ...process.env, ...env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`import failed (${code}):\n${stdout}\n${stderr}`);
  const number = (label: RegExp) => Number((stdout.match(label)?.[1] ?? 'NaN').replaceAll(',', ''));
  const rssKb = Number(stderr.match(/Maximum resident set size \(kbytes\): (\d+)/)?.[1] ?? NaN);
  const cpu = Number(stderr.match(/User time \(seconds\): ([\d.]+)/)?.[1] ?? NaN) + Number(stderr.match(/System time \(seconds\): ([\d.]+)/)?.[1] ?? NaN);
  return {
    stdout,
    imported: number(/imported\s+([\d,]+)/),
    rejected: number(/rejected\s+([\d,]+)/),
    seconds: number(/elapsed\s+([\d.]+) s/),
    wall,
    cpu,
    rssMb: rssKb / 1024,
  };
}

/** (c) Lookups by full ID number over HTTP, as a town or county caseworker's screen does them. */
async function lookups(url: string) {
  const config = loadConfig({ ...env, DATABASE_URL: url, MINSHENG_RATE_LIMIT: '100000000', MINSHENG_LOGIN_RATE_LIMIT: '100000', MINSHENG_DEMO_DATA: 'true' });
  const minsheng = await createMinsheng(config, { serveWeb: false, schedulers: false });
  try {
    await seedDemo(minsheng.platform, { citizens: 10 });
    // A running server links the import's audit entries into the hash chain within a second of
    // each chunk and seals them every few seconds; here the server starts afterwards, so it does
    // all of that first, and the lookups are timed in the steady state.
    const c0 = performance.now();
    const chained = await minsheng.platform.audit.seal();
    const chainSeconds = (performance.now() - c0) / 1000;
    await minsheng.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(minsheng.app.server.address() as { port: number }).port}`;
    // The city bureau's caseworker (银川市, 6401) sees the generated persons of its counties.
    const username = 'yc.caseworker';
    const cookies = new Map<string, string>();
    const send = async (method: string, route: string, body?: unknown) => {
      const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const response = await fetch(base + route, {
        method,
        headers: { cookie, ...(cookies.get('ms_csrf') ? { 'x-csrf-token': cookies.get('ms_csrf')! } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      for (const c of response.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const [k, v] = pair!.split('=');
        cookies.set(k!, v!);
      }
      return response;
    };
    if (!(await send('POST', '/api/auth/staff/login', { username, password: DEMO_PASSWORD })).ok) throw new Error('staff login failed');
    if (!(await send('POST', '/api/auth/second-factor/totp', { code: await totpCode(demoTotpSecret(username)) })).ok) throw new Error('TOTP step failed');
    const ids: string[] = [];
    for (const p of samplePersons(ROWS)) if (p.household_region.startsWith('6401')) ids.push(p.id_number);
    let found = 0;
    const times: number[] = [];
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < LOOKUPS + 50; i++) {
      const id = ids[Math.floor(random() * ids.length)]!;
      const t0 = performance.now();
      const response = await send('GET', `/api/registry/persons?q=${id}`);
      const body = (await response.json()) as { total: number };
      const ms = performance.now() - t0;
      if (i < 50) continue; // warm-up
      times.push(ms);
      if (body.total === 1) found++;
    }
    // The floor: the same lookups as one indexed SELECT by keyed hash, through the same pool.
    const { database, crypto } = minsheng.platform;
    const floor: number[] = [];
    for (let i = 0; i < LOOKUPS + 50; i++) {
      const hash = crypto.lookupHash('id_number', ids[Math.floor(random() * ids.length)]!);
      const t0 = performance.now();
      await database.rows('select * from registry.persons where id_number_hash = $1', [hash]);
      if (i >= 50) floor.push(performance.now() - t0);
    }
    const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]!;
    return {
      candidates: ids.length,
      found,
      p50: percentile(times, 0.5),
      p99: percentile(times, 0.99),
      floorP50: percentile(floor, 0.5),
      floorP99: percentile(floor, 0.99),
      chained,
      chainSeconds,
    };
  } finally {
    await minsheng.close();
  }
}

try {
  console.log(`PostgreSQL ${pgs.version}; ${os.cpus().length} cores; generating ${fmt(ROWS)} persons…`);
  const t0 = performance.now();
  await writeSamplePersonsCsv(csv, ROWS);
  console.log(`${csv}: ${(statSync(csv).size / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The database is migrated and its regions loaded first, so the import's time is the import's.
  const importDb = await pgs.createDatabase();
  const setup = await createPlatform(loadConfig({ ...env, DATABASE_URL: importDb }));
  await setup.database.close();

  const copy = await copyBaseline(pgs.url);
  console.log(`COPY: ${fmt(copy.rows)} rows in ${copy.seconds.toFixed(1)} s`);
  const imported = await importChild(importDb);
  console.log(imported.stdout.trimEnd());
  const lookup = await lookups(importDb);

  const copyRate = copy.rows / copy.seconds;
  const importRate = (imported.imported + imported.rejected) / imported.seconds;
  console.log(`\nRegistry at ${fmt(ROWS)} persons (PostgreSQL ${pgs.version}, ${os.cpus().length} cores, load average ${os.loadavg()[1]!.toFixed(1)} over the last 5 minutes)`);
  table([
    ['', 'result', 'target'],
    ['baseline: COPY into a staging table (rows/s)', fmt(copyRate), ''],
    ['minsheng import persons (rows/s)', fmt(importRate), ''],
    ['ratio import / COPY', `${((importRate / copyRate) * 100).toFixed(1)}%`, '≥ 40%'],
    ['import peak RSS (MB)', imported.rssMb.toFixed(0), '≤ 512'],
    ['import wall time incl. start-up (s)', imported.wall.toFixed(1), ''],
    ['import process CPU, user + system (µs per row)', ((imported.cpu / ROWS) * 1e6).toFixed(0), ''],
    [`audit log: ${fmt(lookup.chained)} new entries chained and sealed by the server (s)`, lookup.chainSeconds.toFixed(1), ''],
    ['floor: SELECT by keyed hash alone, p50 / p99 (ms)', `${lookup.floorP50.toFixed(2)} / ${lookup.floorP99.toFixed(2)}`, ''],
    [`lookup by ID number, GET /api/registry/persons?q= p50 (ms)`, lookup.p50.toFixed(2), ''],
    [`lookup by ID number p99 (ms), ${fmt(LOOKUPS)} lookups, ${fmt(lookup.found)} found`, lookup.p99.toFixed(2), '≤ 5'],
  ]);
} finally {
  await pgs.stop();
  rmSync(dir, { recursive: true, force: true });
}
