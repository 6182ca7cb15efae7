/**
 * npm run bench:appeals — intake throughput and latency with 100 concurrent clients against
 * PostgreSQL, beside a ceiling measured in the same run (a bare Fastify route doing one INSERT
 * of the same row through the same pool); then the KPI dashboard over 1,000,000 generated
 * appeals, beside a plain count(*) over the same table as the floor of any aggregate.
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
import { benchPostgres } from './postgres.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const autocannonBin = require.resolve('autocannon/autocannon.js');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
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
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors, total: r.requests.total };
}

function table(rows: (string | number)[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i]! + 2)).join(''));
}

const pgs = await benchPostgres();
console.log(`PostgreSQL ${pgs.version}; ${CONNECTIONS} connections for ${SECONDS} s each`);
const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: pgs.url, MINSHENG_RATE_LIMIT: '100000000', MINSHENG_LOGIN_RATE_LIMIT: '100000', LOG_LEVEL: 'silent', ...testSecrets() });
const minsheng = await createMinsheng(config, { serveWeb: false, schedulers: false });
try {
  await seedDemo(minsheng.platform, { citizens: 10 });
  const signup = await minsheng.app.inject({
    method: 'POST',
    url: '/api/auth/citizen/signup',
    payload: { idNumber: makeResidentId('640104', '1970-01-01', 555), name: '压测', password: 'Bench-2026-load' },
  });
  const cookies = Object.fromEntries(signup.cookies.map((c) => [c.name, c.value]));
  await minsheng.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (minsheng.app.server.address() as { port: number }).port;
  const body = JSON.stringify({ kind: 'help', categoryCode: 'pension', title: '养老金未到账', body: '我的养老金本月没有到账，请核实。', regionCode: '640104001', isPublic: true, anonymous: false });
  const headers = { 'content-type': 'application/json', cookie: `ms_session=${cookies.ms_session}; ms_csrf=${cookies.ms_csrf}`, 'x-csrf-token': cookies.ms_csrf! };

  // Ceiling: the same row, one INSERT, same pool, a bare Fastify route.
  const dept = (await minsheng.platform.database.rows<{ id: string; region_code: string }>(`select id, region_code from access.departments where region_code = '640104001'`))[0]!;
  const ceiling = Fastify();
  ceiling.post('/ceiling', async () => {
    const now = new Date();
    await minsheng.platform.database.rows(
      `insert into appeals.appeals (tracking_no, kind, category_code, title, body, region_code, department_id, department_region, status, is_public, anonymous, channel, ack_due_at, reply_due_at)
       values ($1, 'help', 'pension', '养老金未到账', '我的养老金本月没有到账，请核实。', '640104001', $2, $3, 'submitted', true, false, 'portal', $4, $4)`,
      [`BENCH-${randomUUID()}`, dept.id, dept.region_code, now],
    );
    return { ok: true };
  });
  await ceiling.listen({ port: 0, host: '127.0.0.1' });
  const ceilingPort = (ceiling.server.address() as { port: number }).port;

  const base = await load(`http://127.0.0.1:${ceilingPort}/ceiling`, { 'content-type': 'application/json' }, body);
  const intake = await load(`http://127.0.0.1:${port}/api/appeals`, headers, body);
  await ceiling.close();

  console.log('\nIntake (POST /api/appeals: validate, session, route, tracking number, audit, one transaction)');
  table([
    ['', 'requests/s', 'p50 ms', 'p99 ms', 'non-2xx', 'requests'],
    ['ceiling: bare INSERT route', base.rps.toFixed(0), base.p50, base.p99, base.errors, base.total],
    ['minsheng intake', intake.rps.toFixed(0), intake.p50, intake.p99, intake.errors, intake.total],
    ['ratio (target ≥ 50%)', `${((intake.rps / base.rps) * 100).toFixed(1)}%`, '', '', '', ''],
  ]);

  // KPI over KPI_ROWS generated appeals with realistic mixes of category, level, status and rating.
  console.log(`\nGenerating ${KPI_ROWS.toLocaleString()} appeals…`);
  const t0 = performance.now();
  await minsheng.platform.database.rows(`
    with d as (select array_agg(id order by region_code) ids, array_agg(region_code order by region_code) regions from access.departments where region_code like '6401%'),
    c as (select array['pension','pension','pension','medical','medical','card','unemployment','work_injury','employment','flexible_workers','wage_arrears','wage_arrears','fund_fraud','other'] cats)
    insert into appeals.appeals (tracking_no, kind, category_code, title, body, region_code, department_id, department_region, status, is_public, anonymous, channel,
      created_at, ack_due_at, reply_due_at, acknowledged_at, replied_at, closed_at, resolved, rating, redo_count, handling_hours)
    select 'GEN-' || g, (array['complaint','help','consultation','suggestion','report'])[1 + (g % 5)], c.cats[1 + (g * 7 % 14)], '生成的诉求', '生成的诉求内容',
      '640104001', d.ids[1 + (g % array_length(d.ids, 1))], d.regions[1 + (g % array_length(d.ids, 1))],
      (array['closed','closed','closed','closed','closed','closed','replied','in_progress','submitted','closed'])[1 + (g % 10)], g % 4 <> 0, g % 9 = 0, 'portal',
      t.created, t.created + interval '8 hours', t.created + interval '21 days',
      case when g % 10 <> 8 then t.created + (g % 30) * interval '1 hour' end,
      case when g % 10 not in (7, 8) then t.created + (g % 25) * interval '1 day' end,
      case when g % 10 not in (6, 7, 8) then t.created + (g % 25 + 3) * interval '1 day' end,
      case when g % 10 not in (7, 8) then g % 8 <> 0 end,
      case when g % 10 not in (6, 7, 8) and g % 3 <> 0 then 1 + (g * 13 % 5) end,
      case when g % 17 = 0 then 1 else 0 end,
      case when g % 10 not in (7, 8) then (g % 25) * 8 end
    from generate_series(1, ${KPI_ROWS}) g, d, c, lateral (select now() - (g % 365) * interval '1 day' - (g % 86400) * interval '1 second' as created) t`);
  await minsheng.platform.database.rows('analyze appeals.appeals');
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

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
  const year = new Date().getFullYear();
  const kpiUrl = (groupBy: string) => `http://127.0.0.1:${port}/api/public/appeals/kpis?from=${year - 1}-01-01&groupBy=${groupBy}`;
  const floor = await timeIt(() => minsheng.platform.database.rows('select count(*) from appeals.appeals'), 20);
  const byDept = await timeIt(async () => (await fetch(kpiUrl('department'))).json(), 20);
  const byMonth = await timeIt(async () => (await fetch(kpiUrl('month'))).json(), 20);
  const byCategory = await timeIt(async () => (await fetch(kpiUrl('category'))).json(), 20);
  console.log(`\nKPI dashboard over ${KPI_ROWS.toLocaleString()} appeals (20 requests each)`);
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
  await pgs.stop();
}
