/**
 * npm run bench:appeals — intake throughput and latency with 100 concurrent clients against
 * PostgreSQL, beside a ceiling measured in the same run (a bare Fastify route doing one INSERT
 * of the same row through the same pool); then, on a second database, the KPI dashboard over
 * 1,000,000 generated appeals, beside a plain count(*) over the same table.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { loadConfig } from '@core/config/config.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { createMinsheng } from '../src/app.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { testSecrets } from '../src/test-support/harness.ts';
import { SETTLED_SQL } from '../src/modules/appeals/appeals.tables.ts';
import { benchPostgres } from './postgres.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const autocannonBin = require.resolve('autocannon/autocannon.js');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const KPI_ROWS = Number(process.env.BENCH_KPI_ROWS ?? 1_000_000);

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
async function load(url: string, headers: Record<string, string>, body: string): Promise<Load> {
  const args = [autocannonBin, '-c', String(CONNECTIONS), '-d', String(SECONDS), '-m', 'POST', '--json', '-b', body];
  // Both sides are measured warm, as a server runs: the first seconds (JIT, plan and pool
  // warm-up) are load but not measurement.
  if (WARMUP_SECONDS > 0) args.push('--warmup', '[', '-c', String(CONNECTIONS), '-d', String(WARMUP_SECONDS), ']');
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  // With a warm-up, autocannon prints the warm-up's result first; the measurement is the last line.
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors, total: r.requests.total };
}

function table(rows: (string | number)[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i]! + 2)).join(''));
}

const pgs = await benchPostgres();
console.log(`PostgreSQL ${pgs.version}; ${CONNECTIONS} connections for ${SECONDS} s each`);

async function startMinsheng(databaseUrl: string) {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, MINSHENG_RATE_LIMIT: '100000000', MINSHENG_LOGIN_RATE_LIMIT: '100000', LOG_LEVEL: 'silent', ...testSecrets() });
  const minsheng = await createMinsheng(config, { serveWeb: false, schedulers: false });
  await seedDemo(minsheng.platform, { citizens: 10 });
  await minsheng.app.listen({ port: 0, host: '127.0.0.1' });
  return { minsheng, port: (minsheng.app.server.address() as { port: number }).port };
}

async function benchIntake() {
  const { minsheng, port } = await startMinsheng(pgs.url);
  try {
    const signup = await minsheng.app.inject({
      method: 'POST',
      url: '/api/auth/citizen/signup',
      payload: { idNumber: makeResidentId('640104', '1970-01-01', 555), name: '压测', password: 'Bench-2026-load' },
    });
    const cookies = Object.fromEntries(signup.cookies.map((c) => [c.name, c.value]));
    const body = JSON.stringify({ kind: 'help', categoryCode: 'pension', title: '养老金未到账', body: '我的养老金本月没有到账，请核实。', regionCode: '640104001', isPublic: true, anonymous: false });
    const headers = { 'content-type': 'application/json', cookie: `ms_session=${cookies.ms_session}; ms_csrf=${cookies.ms_csrf}`, 'x-csrf-token': cookies.ms_csrf! };

    // Ceiling: the same row, one INSERT, same pool, a bare Fastify route.
    const { database } = minsheng.platform;
    const dept = (await database.rows<{ id: string; region_code: string }>(`select id, region_code from access.departments where region_code = '640104001'`))[0]!;
    const ceiling = Fastify();
    ceiling.post('/ceiling', async () => {
      const now = new Date();
      await database.rows(
        `insert into appeals.appeals (tracking_no, kind, category_code, title, body, region_code, department_id, department_region, status, is_public, anonymous, channel, ack_due_at, reply_due_at)
         values ($1, 'help', 'pension', '养老金未到账', '我的养老金本月没有到账，请核实。', '640104001', $2, $3, 'submitted', true, false, 'portal', $4, $4)`,
        [`BENCH-${randomUUID()}`, dept.id, dept.region_code, now],
      );
      return { ok: true };
    });
    await ceiling.listen({ port: 0, host: '127.0.0.1' });
    const ceilingPort = (ceiling.server.address() as { port: number }).port;
    // Each run starts from a vacuumed, analysed database, so neither pays for the other's
    // leftovers (autovacuum would otherwise clean up after the first run during the second).
    const settle = () => database.rows('vacuum analyze');
    await settle();
    const base = await load(`http://127.0.0.1:${ceilingPort}/ceiling`, { 'content-type': 'application/json' }, body);
    await settle();
    const intake = await load(`http://127.0.0.1:${port}/api/appeals`, headers, body);
    await ceiling.close();

    console.log('\nIntake (POST /api/appeals: validate, session, route, tracking number, duplicate check, events, audit, one statement)');
    table([
      ['', 'requests/s', 'p50 ms', 'p99 ms', 'non-2xx', 'requests'],
      ['ceiling: bare INSERT route', base.rps.toFixed(0), base.p50, base.p99, base.errors, base.total],
      ['minsheng intake', intake.rps.toFixed(0), intake.p50, intake.p99, intake.errors, intake.total],
      ['ratio (target ≥ 50%)', `${((intake.rps / base.rps) * 100).toFixed(1)}%`, '', '', '', ''],
    ]);
  } finally {
    await minsheng.close();
  }
}

async function benchKpis() {
  const { minsheng, port } = await startMinsheng(await pgs.createDatabase());
  const { database } = minsheng.platform;
  try {
    console.log(`\nGenerating ${KPI_ROWS.toLocaleString()} appeals on a second database…`);
    const t0 = performance.now();
    // A year of a city's appeals, as 12345 centres see them: most are closed within the time limit
    // (the paper's 97.1%), a few older ones are still open and overdue, and the last weeks hold
    // the open work. r1…r8 are fixed pseudo-random draws per row, so every run builds the same data.
    await database.rows(`
      with d as (select array_agg(id order by region_code) ids, array_agg(region_code order by region_code) regions from access.departments where region_code like '6401%'),
      c as (select array['pension','pension','pension','medical','medical','card','unemployment','work_injury','employment','flexible_workers','wage_arrears','wage_arrears','fund_fraud','other'] cats),
      rows as (
        select g, t.created, t.age, r.*,
          case
            when t.age >= 30 then case when r.r1 < 0.995 then 'closed' else 'in_progress' end
            when t.age >= 15 then case when r.r1 < 0.80 then 'closed' when r.r1 < 0.95 then 'replied' else 'in_progress' end
            else case when r.r1 < 0.15 then 'closed' when r.r1 < 0.40 then 'replied' when r.r1 < 0.80 then 'in_progress' else 'submitted' end
          end as status
        from generate_series(1::bigint, ${KPI_ROWS}) g,
          lateral (select ((g * 7919) % 365) as age) a,
          lateral (select now() - a.age * interval '1 day' - ((g * 104729) % 36000) * interval '1 second' as created, a.age) t,
          lateral (select ((g * 15485863) % 1000) / 1000.0 as r1, ((g * 32452843) % 1000) / 1000.0 as r2, ((g * 49979687) % 1000) / 1000.0 as r3,
                          ((g * 67867967) % 1000) / 1000.0 as r4, ((g * 86028121) % 1000) / 1000.0 as r5, ((g * 179424673) % 1000) / 1000.0 as r6,
                          ((g * 15487469) % 997) / 997.0 as r7, ((g * 2750159) % 991) / 991.0 as r8) r
      )
      insert into appeals.appeals (tracking_no, kind, category_code, title, body, region_code, department_id, department_region, status, is_public, anonymous, channel,
        created_at, ack_due_at, reply_due_at, acknowledged_at, replied_at, closed_at, resolved, rating, redo_count, handling_hours)
      select 'GEN-' || g, (array['complaint','help','consultation','suggestion','report'])[1 + (g % 5)], c.cats[1 + floor(r7 * 14)::int], '生成的诉求', '生成的诉求内容',
        '640104001', d.ids[1 + floor(r8 * array_length(d.ids, 1))::int], d.regions[1 + floor(r8 * array_length(d.ids, 1))::int],
        status, g % 4 <> 0, g % 9 = 0, 'portal',
        created, created + interval '8 hours', created + interval '21 days',
        case when status <> 'submitted' then created + (r2 * case when r3 < 0.95 then 8 else 30 end) * interval '1 hour' end,
        case when status in ('replied', 'closed') then created + (1 + r4 * case when r5 < 0.91 then 19 else 30 end) * interval '1 day' end,
        case when status = 'closed' then created + (1 + r4 * case when r5 < 0.91 then 19 else 30 end + 1 + r6 * 6) * interval '1 day' end,
        case when status in ('replied', 'closed') then r6 < 0.88 end,
        case when status = 'closed' and r3 < 0.7 then case when r2 < 0.45 then 5 when r2 < 0.75 then 4 when r2 < 0.90 then 3 when r2 < 0.96 then 2 else 1 end end,
        case when r5 < 0.03 then 1 else 0 end,
        case when status in ('replied', 'closed') then round((1 + r4 * 19) * 8) end
      from rows, d, c`);
    await database.rows('analyze appeals.appeals');
    console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const [shape] = await database.rows<{ daily: number; unsettled: number }>(
      `select (select count(*)::int from appeals.kpi_daily) as daily, (select count(*)::int from appeals.appeals where not (${SETTLED_SQL})) as unsettled`,
    );
    console.log(`${shape!.unsettled.toLocaleString()} appeals not yet settled (counted live); ${shape!.daily.toLocaleString()} rows of settled sums in kpi_daily`);

    const year = new Date().getFullYear();
    const kpiUrl = (groupBy: string) => `http://127.0.0.1:${port}/api/public/appeals/kpis?from=${year - 1}-01-01&groupBy=${groupBy}`;
    const floor = await timeIt(() => database.rows('select count(*) from appeals.appeals'), 20);
    const byDept = await timeIt(async () => (await fetch(kpiUrl('department'))).json(), 20);
    const byMonth = await timeIt(async () => (await fetch(kpiUrl('month'))).json(), 20);
    const byCategory = await timeIt(async () => (await fetch(kpiUrl('category'))).json(), 20);
    const overall = ((await (await fetch(kpiUrl('department'))).json()) as { overall: Record<string, number | null> }).overall;
    const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
    console.log(
      `\nKPI dashboard over ${KPI_ROWS.toLocaleString()} appeals (20 requests each); the generated year reads ` +
        `按时办结率 ${pct(overall.onTimeResolutionRate)}, 满意率 ${pct(overall.satisfactionRate)}, 解决率 ${pct(overall.resolutionRate)}, overdue ${overall.overdue}`,
    );
    table([
      ['', 'p50 ms', 'p95 ms'],
      ['floor: select count(*) (same table)', floor.p50, floor.p95],
      ['GET /api/public/appeals/kpis by department', byDept.p50, byDept.p95],
      ['GET /api/public/appeals/kpis by month', byMonth.p50, byMonth.p95],
      ['GET /api/public/appeals/kpis by category', byCategory.p50, byCategory.p95],
      ['target', '', '≤ 200'],
    ]);
  } finally {
    await minsheng.close();
  }
}

async function timeIt(fn: () => Promise<unknown>, n: number) {
  const times: number[] = [];
  await fn(); // warm-up
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!.toFixed(1);
  return { p50: at(0.5), p95: at(0.95) };
}

try {
  await benchIntake();
  await benchKpis();
} finally {
  await pgs.stop();
}
