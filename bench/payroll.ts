/**
 * npm run bench:payroll [-- --pensioners N --deaths M] [--run-timeout S] [--explain] — the monthly
 * payroll run with all integrity checks over 1,000,000 pensioners and 50,000 death records on
 * PostgreSQL, beside a baseline measured in the same run: one hand-written SQL statement that
 * computes the same flags per payee with joins and anti-joins over the same base tables.
 *
 * The registry, bank accounts, pensions, certifications, card use and partner records (deaths,
 * imprisonment, income) are bulk-loaded with COPY — ID numbers valid by GB 11643 and unique,
 * identifiers encrypted and hashed with the platform's own field crypto — then vacuumed and
 * analysed. Order: baseline; the payroll run, the product as it is (payroll.start(ctx, { period },
 * { wait: true }) through the real service: the checks, then the instructions, in one
 * transaction; cancelled after --run-timeout); baseline again, the better baseline
 * being the denominator; then integrity.screenRun alone (the nine set-based statements) on the
 * run's payees, in a transaction that is rolled back. The bench itself runs no ANALYZE
 * after loading. The flagged persons per kind of the baselines and of the run are compared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'drizzle-orm';
import { loadConfig } from '@core/config/config.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { Db } from '@core/db/client.ts';
import { createMinsheng } from '../src/app.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { staffContext } from '../src/demo/appeals.seed.ts';
import { testSecrets } from '../src/test-support/harness.ts';
import { currentPeriod } from '../src/modules/funds/pensions.service.ts';
import { benchPostgres } from './postgres.ts';

const { values: args } = parseArgs({
  options: { pensioners: { type: 'string' }, deaths: { type: 'string' }, 'run-timeout': { type: 'string' }, explain: { type: 'boolean', default: false } },
  allowPositionals: false,
});
const N = Number(args.pensioners ?? process.env.BENCH_PENSIONERS ?? 1_000_000);
const DEATHS = Number(args.deaths ?? process.env.BENCH_DEATHS ?? 50_000);
if (!Number.isInteger(N) || N < 1000 || !Number.isInteger(DEATHS) || DEATHS < 0 || DEATHS > N) throw new Error('--pensioners ≥ 1000 and 0 ≤ --deaths ≤ pensioners');

function table(rows: (string | number)[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i]! + 2)).join('').trimEnd());
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (ms: number) => (ms / 1000).toFixed(1);
const log = (message: string) => console.log(`[${secs(performance.now())} s, RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB] ${message}`);

// ---------------------------------------------------------------- peak RSS, sampled every 100 ms

const rss = { overall: 0, phase: 0 };
const sampleRss = () => {
  const r = process.memoryUsage().rss;
  rss.overall = Math.max(rss.overall, r);
  rss.phase = Math.max(rss.phase, r);
};
const sampler = setInterval(sampleRss, 100);
// A full collection before the run, so that its peak is not the garbage of generating the data.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
sampler.unref();
const startPhase = () => {
  rss.phase = 0;
  sampleRss();
};
const endPhase = () => {
  sampleRss();
  return rss.phase / 1024 / 1024;
};
const mb = (bytes: number) => bytes / 1024 / 1024;
/**
 * Full collections until the RSS stops falling (at most 20 s): V8 and the allocator give the
 * memory freed by generating the data back to the system lazily, and the run's peak is to be the
 * run's own, as in a server that never generated a million rows.
 */
async function settleMemory(): Promise<{ beforeMb: number; afterMb: number }> {
  const before = process.memoryUsage().rss;
  let last = before;
  let steady = 0;
  for (let i = 0; i < 40 && steady < 4; i++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = process.memoryUsage().rss;
    steady = last - now < 2 * 1024 * 1024 ? steady + 1 : 0;
    last = now;
  }
  return { beforeMb: mb(before), afterMb: mb(last) };
}

// ---------------------------------------------------------------- the population, a pure function of the index

const PERIOD = currentPeriod();
const DAY = 86_400_000;
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const TODAY = chinaDate(new Date());
const [py, pm] = PERIOD.split('-').map(Number) as [number, number];
const PERIOD_END = iso(Date.UTC(py, pm, 0));
const monthsBefore = (n: number) => {
  const d = new Date(Date.UTC(py, pm - 1 - n, 1));
  return d.toISOString().slice(0, 7);
};
const NEXT_PERIOD = new Date(Date.UTC(py, pm, 1)).toISOString().slice(0, 7);

/** murmur3's finaliser: a well-mixed 32-bit value per (index, salt). */
function mix(i: number, salt: number) {
  let h = (i ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
const unit = (i: number, salt: number) => mix(i, salt) / 2 ** 32;

const scale = N / 1_000_000;
const planted = (n: number) => Math.max(2, Math.round(n * scale));
const TWINS = planted(200);
const plan = {
  deaths: DEATHS,
  incarcerated: planted(3000),
  released: planted(300),
  overdue: planted(3000),
  neverCertified: planted(500),
  passivelyCertified: planted(800),
  improbable: planted(200),
  secondPension: planted(300),
  sharedAccountGroups: planted(300),
  unverified: planted(300),
  noAccount: planted(100),
  closedAccounts: planted(20_000),
  suspended: planted(2000),
  futureStart: planted(1000),
  arrears: planted(500),
  income: planted(20_000),
  cardUsers: planted(100_000),
  certifiedByCardUse: planted(300),
};

/**
 * A planted subset of exactly `count` persons, scattered: the persons whose rank under the
 * permutation i ↦ (a·i + b) mod N is below `count` (a prime that does not divide N).
 */
function subset(a: number, b: number) {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  while (gcd(a, N) !== 1) a += 2;
  return (i: number) => (i * a + b) % N;
}
const rank = {
  death: subset(1_000_003, 17),
  jail: subset(999_983, 101),
  cert: subset(1_299_709, 7),
  age: subset(15_485_863, 3),
  second: subset(32_452_843, 5),
  shared: subset(49_979_687, 11),
  account: subset(67_867_967, 13),
  pension: subset(86_028_121, 19),
  income: subset(104_395_301, 23),
  card: subset(122_949_829, 29),
};
const isTwin = (i: number) => i >= N - TWINS;
const isImprobable = (i: number) => !isTwin(i) && rank.age(i) < plan.improbable;
const twinStride = Math.floor((N - TWINS) / TWINS);
function originalOf(i: number) {
  let o = (i - (N - TWINS)) * twinStride;
  while (isImprobable(o)) o++;
  return o;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤马';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲文建国志春梅淑珍凤海燕德福金荣忠福生桂芝永成玉兰有才德明国庆秀珍建军丽华';
const BIRTH_FROM = dayMs('1931-01-01');
const BIRTH_DAYS = Math.round((dayMs('1966-06-30') - BIRTH_FROM) / DAY);
const OLD_FROM = dayMs('1905-01-01');
const OLD_DAYS = Math.round((dayMs('1915-12-31') - OLD_FROM) / DAY);

interface Identity {
  idNumber: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  town: string;
}

let counties: { code: string; towns: string[] }[] = [];

/** Who person i is: ID number unique by (county, birth date, sequence); twins copy a person's facts. */
function identity(i: number): Identity {
  if (isTwin(i)) {
    const o = identity(originalOf(i));
    const seq = Number(o.idNumber.slice(14, 17)) + 400;
    return { ...o, idNumber: makeResidentId(o.idNumber.slice(0, 6), o.birthDate, seq) };
  }
  const county = counties[i % counties.length]!;
  const k = Math.floor(i / counties.length);
  const male = mix(i, 1) & 1;
  const [from, days, base] = isImprobable(i) ? [OLD_FROM, OLD_DAYS, 600] : [BIRTH_FROM, BIRTH_DAYS, 0];
  const birthDate = iso(from + (k % days) * DAY);
  const seq = base + 2 * Math.floor(k / days) + male;
  const u = unit(i, 2);
  const surname = SURNAMES[Math.floor(u * u * SURNAMES.length)]!;
  const given = GIVEN[mix(i, 3) % GIVEN.length]! + (unit(i, 4) < 0.7 ? GIVEN[mix(i, 5) % GIVEN.length]! : '');
  return {
    idNumber: makeResidentId(county.code, birthDate, seq),
    name: surname + given,
    sex: male ? 'male' : 'female',
    birthDate,
    town: county.towns[mix(i, 6) % county.towns.length]!,
  };
}

/** Deterministic UUIDv7-shaped ids, as the importer gives (time prefix, then a counter). */
const ID_PREFIX = (() => {
  const t = Date.now().toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7`;
})();
function uuidOf(i: number, salt: number) {
  return `${ID_PREFIX}${(i >>> 12).toString(16).padStart(3, '0')}-${(0x8000 | ((i & 0xfff) << 2)).toString(16)}-${mix(i, salt).toString(16).padStart(8, '0')}${(mix(i, salt + 1) & 0xffff).toString(16).padStart(4, '0')}`;
}
const personId = (i: number) => uuidOf(i, 7);

// ---------------------------------------------------------------- COPY

type Cell = string | number | null;
function* lines(rows: Iterable<Cell[]>) {
  let buffer: string[] = [];
  for (const row of rows) {
    buffer.push(row.map((c) => (c === null ? '\\N' : String(c).replaceAll('\\', '\\\\'))).join('\t'));
    if (buffer.length === 2000) {
      yield buffer.join('\n') + '\n';
      buffer = [];
    }
  }
  if (buffer.length) yield buffer.join('\n') + '\n';
}
async function copy(client: pg.Client, target: string, columns: string[], rows: Iterable<Cell[]>) {
  const t0 = performance.now();
  let n = 0;
  const counted = (function* () {
    for (const r of rows) {
      n++;
      yield r;
    }
  })();
  await pipeline(Readable.from(lines(counted)), client.query(copyFrom(`copy ${target} (${columns.join(', ')}) from stdin`)));
  log(`${target}: ${fmt(n)} rows in ${secs(performance.now() - t0)} s`);
  return n;
}
function* range(n: number) {
  for (let i = 0; i < n; i++) yield i;
}
function* flatMap<T>(source: Iterable<number>, f: (i: number) => T[]): Iterable<T> {
  for (const i of source) yield* f(i);
}

// ---------------------------------------------------------------- the baseline: one statement

const CERT_DAYS = 365;
const IMPROBABLE_AGE = 110;
/** $1 period, $2 region prefix pattern, $3 last day of the period. */
const BASELINE_SQL = `
create temp table baseline_flags as
with payees as materialized (
  select p.person_id, count(*) as pensions
  from funds.pensions p
  where p.status = 'active' and p.region like $2 and p.start_period <= $1
  group by p.person_id
), facts as materialized (
  select f.id as person_id, f.name, f.birth_date, f.sex, left(f.household_region, 6) as county, f.died_on
  from registry.persons f join payees q on q.person_id = f.id
), accounts as materialized (
  select q.person_id, a.account_number_hash, a.verified_at
  from payees q left join registry.bank_accounts a on a.person_id = q.person_id and a.status = 'active'
), jail as (
  select h.person_id, max((h.changes -> 'on' ->> 1)::date) as admitted_on
  from registry.person_history h
  where h.kind = 'partner.public_security.incarceration' and h.changes -> 'event' ->> 1 = 'admitted'
    and not exists (
      select 1 from registry.person_history r
      where r.person_id = h.person_id and r.kind = h.kind and r.changes -> 'event' ->> 1 = 'released'
        and (r.changes -> 'on' ->> 1)::date >= (h.changes -> 'on' ->> 1)::date)
  group by h.person_id
)
select person_id, 'deceased'::text as kind from facts where died_on is not null
union all
select j.person_id, 'incarcerated' from jail j join payees q on q.person_id = j.person_id where j.admitted_on <= $3::date
union all
select person_id, 'duplicate_payee' from payees where pensions > 1
union all
select distinct a.person_id, 'duplicate_identity'
from facts a join facts b on b.name = a.name and b.birth_date = a.birth_date and b.sex = a.sex and b.county = a.county and b.person_id <> a.person_id
union all
select person_id, 'shared_account' from accounts
where account_number_hash in (select account_number_hash from accounts where account_number_hash is not null group by 1 having count(distinct person_id) > 1)
union all
select q.person_id, 'certification_overdue' from payees q
where not exists (select 1 from integrity.certifications c where c.person_id = q.person_id and c.certified_on > $3::date - ${CERT_DAYS})
  and not exists (select 1 from registry.income_records i where i.person_id = q.person_id
    and (i.period || '-28')::date > $3::date - ${CERT_DAYS} and (i.period || '-28')::date <= $3::date)
  and not exists (select 1 from registry.person_history h where h.person_id = q.person_id and h.by_kind = 'partner'
    and h.kind like 'partner.%' and h.kind not in ('partner.public_security.death', 'partner.health.hospital_death')
    and h.at::date > $3::date - ${CERT_DAYS} and h.at::date <= $3::date)
  and not exists (select 1 from integrity.card_uses u where u.person_id = q.person_id
    and u.used_at >= (($3::date - ${CERT_DAYS - 1})::timestamp at time zone 'Asia/Shanghai') and u.used_at < (($3::date + 1)::timestamp at time zone 'Asia/Shanghai'))
union all
select person_id, 'improbable_age' from facts where died_on is null and birth_date <= ($3::date - interval '${IMPROBABLE_AGE} years')::date
union all
select person_id, 'account_unverified' from accounts where account_number_hash is null or verified_at is null`;

const KINDS = ['deceased', 'incarcerated', 'duplicate_payee', 'duplicate_identity', 'shared_account', 'certification_overdue', 'improbable_age', 'account_unverified'] as const;

async function baseline(url: string, region: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    await client.query(BASELINE_SQL, [PERIOD, `${region}%`, PERIOD_END]);
    const ms = performance.now() - t0;
    const counts = new Map<string, number>();
    for (const r of (await client.query<{ kind: string; n: number }>('select kind, count(distinct person_id)::int as n from baseline_flags group by kind')).rows) counts.set(r.kind, r.n);
    const [any] = (await client.query<{ n: number }>('select count(distinct person_id)::int as n from baseline_flags')).rows;
    counts.set('any', any!.n);
    return { ms, counts };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- the bench

class Rollback extends Error {}

const dir = mkdtempSync(path.join(os.tmpdir(), 'minsheng-bench-payroll-'));
const pgs = await benchPostgres();
const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', MINSHENG_DEMO_DATA: 'false', MINSHENG_DATA_DIR: dir, ...testSecrets() };
const minsheng = await createMinsheng(loadConfig({ ...env, DATABASE_URL: pgs.url }), { serveWeb: false, schedulers: false });

try {
  const { platform } = minsheng;
  const { crypto, regions, database } = platform;
  console.log(`PostgreSQL ${pgs.version}; ${os.cpus().length} cores; ${fmt(N)} pensioners, ${fmt(DEATHS)} deaths; period ${PERIOD} (ends ${PERIOD_END}), today ${TODAY}`);
  await seedDemo(platform, { citizens: 10 });
  const head = await staffContext(minsheng, 'yc.head');
  const region = head.actor.kind === 'staff' ? head.actor.regionCode : '6401';
  counties = regions.children(region).map((c) => ({ code: c.code, towns: regions.children(c.code).map((t) => t.code) })).filter((c) => c.towns.length > 0);
  if (counties.length === 0) throw new Error(`no towns under ${region}`);
  log(`app created, demo staff seeded; the run is started by ${head.actor.name} (yc.head, region ${region})`);

  // ------------------------------------------------------------ load
  startPhase();
  const loadStart = performance.now();
  const client = new pg.Client({ connectionString: pgs.url });
  await client.connect();
  try {
    const seen = new Set<string>();
    await copy(
      client,
      'registry.persons',
      ['id', 'id_number_enc', 'id_number_hash', 'name', 'sex', 'birth_date', 'household_region', 'phone_enc'],
      flatMap(range(N), (i) => {
        const p = identity(i);
        if (N <= 200_000) {
          if (seen.has(p.idNumber)) throw new Error(`ID number ${p.idNumber} twice`);
          seen.add(p.idNumber);
        }
        const phone = `1${'35789'[mix(i, 9) % 5]}${String(mix(i, 10) % 1_000_000_000).padStart(9, '0')}`;
        return [[personId(i), crypto.encrypt(p.idNumber), crypto.lookupHash('id_number', p.idNumber), p.name, p.sex, p.birthDate, p.town, crypto.encrypt(phone)]];
      }),
    );
    seen.clear();
    await client.query(`
      insert into registry.person_history (person_id, at, kind, entity_kind, entity_id, reason, by_kind, by_id, by_name)
      select id, now() - interval '400 days', 'registered', 'person', id::text, 'persons.csv line ' || row_number() over (order by id), 'import', 'bench-import', 'persons.csv'
      from registry.persons where household_region like $1`, [`${region}%`]);
    log('registry.person_history: registered entries');

    const banks = ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '宁夏银行'];
    const verifiedAt = (i: number) => `${iso(dayMs(TODAY) - (30 + (mix(i, 11) % 2000)) * DAY)} 10:00:00+08`;
    await copy(
      client,
      'registry.bank_accounts',
      ['person_id', 'bank_name', 'account_number_enc', 'account_number_hash', 'status', 'verified_at', 'verified_by', 'closed_at'],
      flatMap(range(N), (i) => {
        const rows: Cell[][] = [];
        const bank = banks[mix(i, 12) % banks.length]!;
        if (rank.account(i) >= plan.noAccount + plan.unverified && rank.account(i) < plan.noAccount + plan.unverified + plan.closedAccounts) {
          const old = `6230${String(i).padStart(15, '0')}`;
          rows.push([personId(i), bank, crypto.encrypt(old), crypto.lookupHash('bank_account', old), 'closed', verifiedAt(i + 1), 'bank', `${iso(dayMs(TODAY) - 20 * DAY)} 09:00:00+08`]);
        }
        if (rank.account(i) < plan.noAccount) return rows;
        const s = rank.shared(i);
        const number = s < plan.sharedAccountGroups * 2 ? `6228${String(Math.floor(s / 2)).padStart(15, '0')}` : `6217${String(i).padStart(15, '0')}`;
        const verified = rank.account(i) >= plan.noAccount + plan.unverified;
        rows.push([personId(i), bank, crypto.encrypt(number), crypto.lookupHash('bank_account', number), 'active', verified ? verifiedAt(i) : null, verified ? 'bank' : null, null]);
        return rows;
      }),
    );

    const pensionRow = (i: number, scheme: string, status: string, start: string): Cell[] => {
      const basic = scheme === 'employee_pension' ? 180_000 + (mix(i, 13) % 170_000) : 15_000 + (mix(i, 13) % 5_000);
      const account = scheme === 'employee_pension' ? 20_000 + (mix(i, 14) % 100_000) : 5_000;
      const arrears = scheme === 'employee_pension' && status === 'active' && rank.pension(i) >= plan.suspended + plan.futureStart && rank.pension(i) < plan.suspended + plan.futureStart + plan.arrears ? (basic + account) * 2 : 0;
      const basis = JSON.stringify({ averageWageFen: 800_000, indexBp4: 10_000, contributionMonths: 360, formula: 'bench' });
      return [personId(i), identity(i).town, scheme, status, basic, account, basic + account, start, scheme === 'employee_pension' ? 60 : 65, basis, status === 'suspended' ? monthsBefore(2) : null, arrears];
    };
    await copy(
      client,
      'funds.pensions',
      ['person_id', 'region', 'scheme', 'status', 'basic_fen', 'account_fen', 'monthly_fen', 'start_period', 'retirement_age', 'basis', 'suspended_from', 'arrears_fen'],
      flatMap(range(N), (i) => {
        const r = rank.pension(i);
        const status = r < plan.suspended ? 'suspended' : 'active';
        const start = r >= plan.suspended && r < plan.suspended + plan.futureStart ? NEXT_PERIOD : monthsBefore(1 + (mix(i, 15) % 300));
        const rows = [pensionRow(i, 'employee_pension', status, start)];
        if (rank.second(i) < plan.secondPension) rows.push(pensionRow(i, 'resident_pension', 'active', monthsBefore(1 + (mix(i, 16) % 100))));
        return rows;
      }),
    );
    await client.query(`
      insert into registry.person_history (person_id, at, kind, entity_kind, entity_id, changes, by_kind, by_id, by_name)
      select person_id, now() - interval '200 days', 'pension.granted', 'pension', id::text,
        jsonb_build_object('monthlyFen', jsonb_build_array(null, monthly_fen), 'startPeriod', jsonb_build_array(null, start_period)), 'staff', 'bench', '经办（bench）'
      from funds.pensions`);
    log('registry.person_history: pension.granted entries');

    const methods = [
      ['self', 'citizen'],
      ['counter', 'staff'],
      ['relative', 'citizen'],
    ] as const;
    await copy(
      client,
      'integrity.certifications',
      ['person_id', 'certified_on', 'method', 'evidence', 'by_kind'],
      flatMap(range(N), (i) => {
        const r = rank.cert(i);
        if (r >= plan.overdue && r < plan.overdue + plan.neverCertified) return [];
        const [method, byKind] = methods[mix(i, 17) % methods.length]!;
        const last = r < plan.overdue ? dayMs(TODAY) - (366 + (mix(i, 18) % 400)) * DAY : dayMs(TODAY) - (mix(i, 18) % 350) * DAY;
        const rows: Cell[][] = [[personId(i), iso(last), method, '{"check":"face"}', byKind]];
        if (mix(i, 19) & 1) rows.push([personId(i), iso(last - (360 + (mix(i, 20) % 10)) * DAY), method, '{"check":"face"}', byKind]);
        return rows;
      }),
    );

    // Partner records, as the exchange writes them: deaths (public security or a hospital) update
    // the person and go into the dossier; imprisonment and income are dossier entries by the partner.
    await client.query('begin');
    await client.query('create temp table bench_deaths (id uuid, died_on date, source text) on commit drop');
    await copy(
      client,
      'bench_deaths',
      ['id', 'died_on', 'source'],
      flatMap(range(N), (i) => (rank.death(i) < plan.deaths ? [[personId(i), iso(dayMs(TODAY) - (30 + (mix(i, 21) % 700)) * DAY), mix(i, 22) % 4 === 0 ? 'yc-weijian' : 'yc-gongan']] : [])),
    );
    await client.query(`
      update registry.persons as p set status = 'deceased', died_on = d.died_on, death_source = d.source, updated_at = now()
      from bench_deaths d where p.id = d.id and p.status = 'alive'`);
    await client.query(`
      insert into registry.person_history (person_id, at, kind, entity_kind, entity_id, changes, reason, by_kind, by_id, by_name)
      select id, d.died_on + interval '3 days 10 hours', 'died', 'person', id::text,
        jsonb_build_object('status', jsonb_build_array('alive', 'deceased'), 'diedOn', jsonb_build_array(null, d.died_on)),
        case d.source when 'yc-gongan' then 'public_security.death@1' else 'health.hospital_death@1' end || ' bench-' || to_char(d.died_on, 'YYYYMMDD'),
        'partner', d.source, case d.source when 'yc-gongan' then '银川市公安局' else '银川市卫生健康委员会' end
      from bench_deaths d`);
    await client.query('commit');
    log('deaths applied (persons updated, dossier entries)');

    const jail = (kind: string, i: number, on: number): Cell[] => [
      personId(i),
      `${iso(on + 2 * DAY)} 09:00:00+08`,
      'partner.public_security.incarceration',
      'person',
      personId(i),
      JSON.stringify({ event: [null, kind], on: [null, iso(on)], facility_region: [null, '640100'] }),
      `public_security.incarceration@1 bench-${iso(on)}`,
      'partner',
      'yc-gongan',
      '银川市公安局',
    ];
    const historyColumns = ['person_id', 'at', 'kind', 'entity_kind', 'entity_id', 'changes', 'reason', 'by_kind', 'by_id', 'by_name'];
    await copy(
      client,
      'registry.person_history',
      historyColumns,
      flatMap(range(N), (i) => {
        const r = rank.jail(i);
        if (r >= plan.incarcerated + plan.released) return [];
        const admitted = dayMs(TODAY) - (200 + (mix(i, 23) % 1500)) * DAY;
        return r < plan.incarcerated ? [jail('admitted', i, admitted)] : [jail('admitted', i, admitted), jail('released', i, admitted + (100 + (mix(i, 24) % 90)) * DAY)];
      }),
    );

    // Income reported by tax: some pensioners still earn; the overdue ones among them are
    // certified passively by it (静默认证) and are not flagged.
    const incomeOf = (i: number): { period: string; fen: number }[] => {
      if (rank.cert(i) < plan.passivelyCertified) return [{ period: monthsBefore(2), fen: 300_000 }];
      if (rank.income(i) < plan.income) return [2, 3, 4].map((m) => ({ period: monthsBefore(m), fen: 200_000 + (mix(i, 25) % 300_000) }));
      return [];
    };
    await copy(
      client,
      'registry.income_records',
      ['person_id', 'period', 'payer_credit_code', 'amount_fen', 'source'],
      flatMap(range(N), (i) => incomeOf(i).map((x): Cell[] => [personId(i), x.period, '91640100MA76L0BENCH', x.fen, 'yc-shuiwu'])),
    );
    await client.query(`
      insert into registry.person_history (person_id, at, kind, entity_kind, entity_id, changes, reason, by_kind, by_id, by_name)
      select person_id, (period || '-28')::date + interval '12 days', 'income.recorded', 'income', id::text,
        jsonb_build_object('period', jsonb_build_array(null, period), 'payerCreditCode', jsonb_build_array(null, payer_credit_code), 'amountFen', jsonb_build_array(null, amount_fen)),
        'tax.income@1 bench-' || period, 'partner', 'yc-shuiwu', '国家税务总局银川市税务局'
      from registry.income_records`);
    log('registry.person_history: income.recorded entries');

    // Card use at hospitals and pharmacies (医保结算): evidence of life too; some overdue
    // pensioners are certified passively by it.
    const institutions = (
      await client.query<{ id: string; kind: string }>(
        `insert into integrity.institutions (code, name, kind, region, latitude_e6, longitude_e6)
         select 'H' || $1 || lpad(g::text, 5, '0'), '银川市定点医药机构 ' || g, (array['hospital', 'clinic', 'pharmacy'])[1 + g % 3], $1 || '04', 38470000 + g * 997, 106270000 + g * 991
         from generate_series(1, 40) g returning id, kind`,
        [region],
      )
    ).rows;
    const use = (i: number, n: number, day: number): Cell[] => {
      const inst = institutions[mix(i, 26 + n) % institutions.length]!;
      return [personId(i), uuidOf(i, 40), inst.id, inst.kind === 'pharmacy' ? 'pharmacy' : 'settlement', `${iso(day)} 10:30:00+08`, 2_000 + (mix(i, 28 + n) % 50_000), 'IEKJM'[mix(i, 30) % 5]!, `YB-${i}-${n}`];
    };
    await copy(
      client,
      'integrity.card_uses',
      ['person_id', 'card_id', 'institution_id', 'kind', 'used_at', 'amount_fen', 'condition_group', 'reference'],
      flatMap(range(N), (i) => {
        const c = rank.cert(i);
        if (c >= plan.passivelyCertified && c < plan.passivelyCertified + plan.certifiedByCardUse) return [use(i, 0, dayMs(TODAY) - 40 * DAY)];
        if (rank.card(i) >= plan.cardUsers) return [];
        const last = dayMs(TODAY) - (mix(i, 31) % 400) * DAY;
        return [use(i, 0, last), use(i, 1, last - (20 + (mix(i, 32) % 60)) * DAY)];
      }),
    );

    const v0 = performance.now();
    await client.query('vacuum analyze');
    await client.query('checkpoint');
    log(`vacuum analyze + checkpoint in ${secs(performance.now() - v0)} s`);
    const [sizes] = (
      await client.query<Record<string, string>>(`select
        (select count(*) from registry.persons)::int as persons, (select count(*) from registry.bank_accounts)::int as accounts,
        (select count(*) from funds.pensions)::int as pensions, (select count(*) from integrity.certifications)::int as certifications,
        (select count(*) from registry.person_history)::int as history, (select count(*) from registry.income_records)::int as income,
        (select count(*) from integrity.card_uses)::int as card_uses,
        pg_size_pretty(pg_database_size(current_database())) as size`)
    ).rows;
    log(`loaded in ${secs(performance.now() - loadStart)} s: ${Object.entries(sizes!).map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : v}`).join(', ')}`);
  } finally {
    await client.end();
  }
  const loadRssMb = endPhase();

  // ------------------------------------------------------------ baseline, run, baseline
  const b1 = await baseline(pgs.url, region);
  log(`baseline 1: ${secs(b1.ms)} s`);

  // The run goes through the real service. The integrity module's screenRun is wrapped (the funds
  // module calls it through the module object) only to time each of its statements and to know
  // the run's backend, so that a run far beyond its target can be cancelled instead of waited for.
  const { payroll } = minsheng.modules.funds;
  const { integrity } = minsheng.modules;
  const realScreenRun = integrity.screenRun;
  interface Probe {
    /** When screenRun was called (performance.now()). */
    startedAt?: number;
    checkMs: number[];
    /** With --explain, the run's statements go through EXPLAIN (ANALYZE, BUFFERS, TIMING OFF): same effect, plans with actual rows. */
    plans: string[][];
    analyze: boolean;
    pid?: number;
    /** How long the statement that failed (was cancelled) had run. */
    failedMs?: number;
  }
  const newProbe = (analyze = false): Probe => ({ checkMs: [], plans: [], analyze });
  const planRows = (result: unknown) => (result as { rows: { 'QUERY PLAN': string }[] }).rows.map((r) => r['QUERY PLAN']);
  let probe: Probe | undefined;
  integrity.screenRun = async (tx, toScreen) => {
    const p = probe;
    if (!p) return realScreenRun(tx, toScreen);
    p.startedAt = performance.now();
    const [me] = ((await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: { pid: number }[] }).rows;
    p.pid = me!.pid;
    const timed = new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop !== 'execute') return Reflect.get(target, prop, receiver);
        return async (query: Parameters<Db['execute']>[0]) => {
          // The plan as chosen in the run's own transaction, before the statement runs (planning only).
          if (p.analyze) p.plans.push(planRows(await target.execute(sql`explain ${query}`)));
          const t = performance.now();
          try {
            const result = p.analyze ? await target.execute(sql`explain (analyze, buffers, timing off) ${query}`) : await target.execute(query);
            p.checkMs.push(performance.now() - t);
            if (p.analyze) p.plans[p.plans.length - 1] = planRows(result);
            return result;
          } catch (error) {
            p.failedMs = performance.now() - t;
            throw error;
          }
        };
      },
    });
    return realScreenRun(timed, toScreen);
  };
  const kinds = integrity.runChecks({ id: '00000000-0000-0000-0000-000000000000', period: PERIOD, region }).map((c) => c.kind);
  const timeoutMs = Number(args['run-timeout'] ?? Math.max(120, (20 * b1.ms) / 1000)) * 1000;
  const runOf = async () => (await database.rows<{ id: string; region: string; status: string }>('select id, region, status from funds.payroll_runs where period = $1 and region = $2', [PERIOD, region]))[0];
  const flaggedBy = async (runId: string) => {
    const counts = new Map<string, number>();
    for (const r of await database.rows<{ kind: string; n: number }>(`select kind, count(distinct person_id)::int as n from integrity.flags where source = $1 group by kind`, [`run:${PERIOD}`])) counts.set(r.kind, r.n);
    const [held] = await database.rows<{ n: number; instructions: number }>(
      `select count(distinct person_id)::int as n, count(*)::int as instructions from funds.payment_instructions where run_id = $1 and status = 'held'`,
      [runId],
    );
    counts.set('any', held!.n);
    return { counts, heldInstructions: held!.instructions };
  };

  // The payroll run, the product as it is: the checks, then the instructions, in one transaction.
  const settled = await settleMemory();
  startPhase();
  log(`the payroll run starts (after full garbage collections: RSS ${settled.beforeMb.toFixed(0)} → ${settled.afterMb.toFixed(0)} MB)`);
  const inRun = newProbe(args.explain);
  probe = inRun;
  let cancelledIn: string | undefined;
  const r0 = performance.now();
  let done = false;
  const watchdog = setInterval(() => {
    if (done || !inRun.pid || performance.now() - r0 < timeoutMs) return;
    cancelledIn ??= kinds[inRun.checkMs.length] ?? 'writing the instructions, recovery and summary after the checks';
    database.rows('select pg_cancel_backend($1)', [inRun.pid]).catch(() => undefined);
  }, 1000);
  let runMs = NaN;
  try {
    const after = await payroll.start(head, { period: PERIOD }, { wait: true });
    runMs = performance.now() - r0;
    if (after.status !== 'ready') throw new Error(`the run ended ${after.status}`);
  } catch (error) {
    if (!cancelledIn) throw error;
  } finally {
    done = true;
    clearInterval(watchdog);
    probe = undefined;
  }
  const stoppedMs = performance.now() - r0;
  const runRssMb = endPhase();
  const run = (await runOf())!;
  /** From the start to the first check: the run's row, its lease, the transaction and its lock. */
  const beforeChecksMs = inRun.startedAt === undefined ? NaN : inRun.startedAt - r0;
  const checksMs = inRun.checkMs.reduce((a, b) => a + b, 0);
  /** From the end of the last check to the commit: the instructions (flagged payees' held), arrears, recovery, the summary. */
  const afterChecksMs = cancelledIn || inRun.startedAt === undefined ? NaN : runMs - (inRun.startedAt - r0) - checksMs;
  log(
    cancelledIn
      ? `the run: cancelled after ${secs(stoppedMs)} s, in ${cancelledIn}; the run stays '${run.status}'`
      : `the run: ${secs(runMs)} s (checks ${secs(checksMs)} s, then instructions, recovery and summary ${secs(afterChecksMs)} s)`,
  );
  const flagged = cancelledIn ? undefined : await flaggedBy(run.id);
  const [payees] = await database.rows<{ n: number; instructions: number }>(`select count(distinct person_id)::int as n, count(*)::int as instructions from funds.payment_instructions where run_id = $1`, [run.id]);

  const b2 = await baseline(pgs.url, region);
  log(`baseline 2: ${secs(b2.ms)} s`);

  // ------------------------------------------------------------ the screening alone, rolled back
  const toScreen = { id: run.id, period: PERIOD, region: run.region };
  /** Runs the checks again on the prepared run, as if they had not run yet: this run's flags and passive certifications are removed first, untimed. */
  async function rescreen(body: (tx: Db) => Promise<void>) {
    try {
      await database.transaction(async (tx) => {
        await tx.execute(sql`delete from integrity.flags where source = ${`run:${PERIOD}`}`);
        await tx.execute(sql`delete from integrity.certifications where by_kind = 'system'`);
        await body(tx);
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  }
  const alone = newProbe();
  let screenMs = 0;
  await rescreen(async (tx) => {
    probe = alone;
    const t0 = performance.now();
    await integrity.screenRun(tx, toScreen);
    screenMs = performance.now() - t0;
    probe = undefined;
  });
  log(`integrity.screenRun alone: ${secs(screenMs)} s`);

  let explained: string[] = [];
  const slowest = alone.checkMs.indexOf(Math.max(...alone.checkMs));
  if (args.explain) {
    await rescreen(async (tx) => {
      const checks = integrity.runChecks(toScreen);
      for (let k = 0; k < slowest; k++) await tx.execute(checks[k]!.statement);
      explained = planRows(await tx.execute(sql`explain (analyze, buffers) ${checks[slowest]!.statement}`));
    });
  }
  integrity.screenRun = realScreenRun;

  // ------------------------------------------------------------ report
  const base = Math.min(b1.ms, b2.ms);
  const ratio = (ms: number) => (Number.isNaN(ms) ? '' : `${(ms / base).toFixed(2)}×`);
  console.log(
    `\nPayroll run with integrity checks, ${fmt(payees!.n)} payees (${fmt(N)} pensioners, ${fmt(DEATHS)} deaths), period ${PERIOD}, region ${region} ` +
      `(PostgreSQL ${pgs.version}, ${os.cpus().length} cores, load average ${os.loadavg()[1]!.toFixed(1)} over the last 5 minutes)`,
  );
  table([
    ['', 'seconds', 'ratio to baseline', 'target'],
    ['baseline: one hand-written anti-join statement, before the run', secs(b1.ms), '', ''],
    ['baseline: the same statement, after the run', secs(b2.ms), '', ''],
    ['baseline used (the better of the two)', secs(base), '1.00×', ''],
    [
      'payroll run: payroll.start(…, { wait: true }) → ready',
      cancelledIn ? `> ${secs(stoppedMs)} (cancelled)` : secs(runMs),
      cancelledIn ? `> ${(stoppedMs / base).toFixed(0)}×` : ratio(runMs),
      '≤ 2×',
    ],
    ['  start: the run, its lease, the transaction and its lock (→ first check)', secs(beforeChecksMs), ratio(beforeChecksMs), ''],
    [
      cancelledIn ? `  the ${kinds.length} checks (integrity.screenRun's statements): cancelled in ${cancelledIn}` : `  the ${kinds.length} checks (integrity.screenRun's statements)`,
      cancelledIn ? `> ${secs(checksMs + (inRun.failedMs ?? 0))}` : secs(checksMs),
      cancelledIn ? '' : ratio(checksMs),
      '',
    ],
    [`  ${fmt(payees!.instructions)} payment instructions (flagged payees' held), arrears, recovery, summary (→ commit)`, secs(afterChecksMs), ratio(afterChecksMs), ''],
    [`integrity.screenRun alone, ${kinds.length} statements, after the run (rolled back)`, secs(screenMs), ratio(screenMs), ''],
    ['RSS of the Node process as the run starts, after the collections (MB)', settled.afterMb.toFixed(0), '', ''],
    ['peak RSS of the Node process during the run (MB)', runRssMb.toFixed(0), '', '≤ 512'],
    ['peak RSS over the whole bench, incl. generating the data (MB)', Math.max(loadRssMb, rss.overall / 1024 / 1024).toFixed(0), '', ''],
  ]);
  console.log(
    `note: the run's time includes writing the flags, the passive certifications and ${fmt(payees!.instructions)} payment instructions ` +
      `(${flagged ? fmt(flagged.heldInstructions) : 'the flagged payees’'} held), in one transaction; the baseline writes only its flags into a temp table.`,
  );
  console.log(
    `note: after the VACUUM ANALYZE that ends the loading, neither the bench nor the run analyses anything.` +
      (cancelledIn ? ` The run was cancelled after ${secs(timeoutMs)} s (--run-timeout; default 20× the first baseline, at least 120 s).` : '') +
      (args.explain ? ' With --explain, the run executed each check under EXPLAIN (ANALYZE, BUFFERS, TIMING OFF).' : ''),
  );

  console.log('\nFlagged persons per kind');
  const counted: (string | number)[][] = [['', 'baseline (before)', 'baseline (after)', 'payroll run', 'agree']];
  let disagree = 0;
  for (const kind of [...KINDS, 'any'] as const) {
    const a = b1.counts.get(kind) ?? 0;
    const b = b2.counts.get(kind) ?? 0;
    const r = flagged?.counts.get(kind) ?? 0;
    const ok = flagged !== undefined && a === r && b === r;
    if (!ok) disagree++;
    counted.push([kind === 'any' ? 'any kind (run: persons with held payments)' : kind, fmt(a), fmt(b), flagged ? fmt(r) : 'cancelled', ok ? 'yes' : 'NO']);
  }
  table(counted);
  console.log(
    !flagged ? 'the run was cancelled: no flags to compare.' : disagree === 0 ? 'the baseline and the run flag the same numbers of persons per kind.' : `THE BASELINE AND THE RUN DISAGREE on ${disagree} line(s) above.`,
  );

  console.log('\nintegrity.screenRun, statement by statement (seconds)');
  const cell = (p: Probe, i: number) => {
    if (i < p.checkMs.length) return secs(p.checkMs[i]!);
    return p.failedMs !== undefined && i === p.checkMs.length ? `> ${secs(p.failedMs)} (cancelled)` : '–';
  };
  table([
    ['check', 'in the run', 'in the run: ratio to baseline', 'alone, after the run (rolled back)', 'alone: ratio to baseline'],
    ...kinds.map((k, i) => [k, cell(inRun, i), ratio(inRun.checkMs[i] ?? NaN), cell(alone, i), ratio(alone.checkMs[i] ?? NaN)]),
  ]);
  if (args.explain) {
    const worst = inRun.failedMs !== undefined ? inRun.checkMs.length : inRun.checkMs.indexOf(Math.max(...inRun.checkMs));
    console.log(`\nthe run's slowest check, ${kinds[worst]}, as planned in the run${inRun.failedMs !== undefined ? ' (EXPLAIN only: it was cancelled)' : ' (EXPLAIN ANALYZE, BUFFERS, TIMING OFF)'}:`);
    for (const line of inRun.plans[worst] ?? []) console.log(line);
    console.log(`\nthe slowest check alone, ${kinds[slowest]} (EXPLAIN ANALYZE, BUFFERS):`);
    for (const line of explained) console.log(line);
  }
  console.log(`\nplanted: ${Object.entries({ twins: TWINS, ...plan }).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
} finally {
  clearInterval(sampler);
  await minsheng.close();
  await pgs.stop();
  rmSync(dir, { recursive: true, force: true });
}
