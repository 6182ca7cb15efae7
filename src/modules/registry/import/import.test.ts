import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createPlatform, type Platform } from '@core/platform.ts';
import type { Database } from '@core/db/client.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { createTestDatabase, testConfig, testSecrets, type TestDatabase } from '../../../test-support/harness.ts';
import { runImport, type ImportOptions } from './import.ts';
import { ImportError } from './import.errors.ts';
import { samplePersons } from './persons.sample.ts';

const TOWN = '640104001'; // 凤凰北街街道, 兴庆区
const COUNTY = '640104';
const man = (birth: string, n: number) => makeResidentId('640104', birth, n * 2 + 1);
const woman = (birth: string, n: number) => makeResidentId('640104', birth, n * 2);
const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

interface RejectRow {
  line: string;
  code: string;
  message_zh: string;
  message_en: string;
  original: string;
}

const readRejects = (file: string): RejectRow[] => parse(readFileSync(file), { columns: true, bom: true }) as RejectRow[];

async function registered(database: Database) {
  return database.rows<{ id: string; id_number_enc: string; id_number_hash: string; name: string; sex: string; birth_date: string; household_region: string; phone_enc: string | null }>(
    `select id, id_number_enc, id_number_hash, name, sex, to_char(birth_date, 'YYYY-MM-DD') as birth_date, household_region, phone_enc from registry.persons`,
  );
}

/** Persons with exactly one registration audit entry and one 'registered' history entry each, and nothing else. */
async function assertOneEntryPerPerson(database: Database) {
  const [row] = await database.rows<{ persons: number; entries: number; subjects: number; orphans: number; history: number }>(`
    select (select count(*)::int from registry.persons) as persons,
           (select count(*)::int from audit.entries where action = 'person.registered') as entries,
           (select count(distinct subject_id)::int from audit.entries where action = 'person.registered') as subjects,
           (select count(*)::int from registry.persons p where not exists (
              select 1 from audit.entries e where e.action = 'person.registered' and e.subject_id = p.id::text)) as orphans,
           (select count(*)::int from registry.person_history where kind = 'registered') as history`);
  assert.equal(row!.entries, row!.persons, 'one person.registered entry per person');
  assert.equal(row!.subjects, row!.persons, 'no person has two');
  assert.equal(row!.orphans, 0, 'every person has one');
  assert.equal(row!.history, row!.persons, 'one registered history entry per person');
  return row!.persons;
}

describe('minsheng import persons', () => {
  let testDb: TestDatabase;
  let platform: Platform;
  let dir: string;
  const run = (file: string, options: Partial<ImportOptions> = {}) => runImport(platform, { dataset: 'persons', file, target: 'test', chunkSize: 4, workers: 0, ...options });

  before(async () => {
    testDb = await createTestDatabase();
    platform = await createPlatform(testConfig(), testDb.database);
    dir = mkdtempSync(path.join(os.tmpdir(), 'minsheng-import-'));
  });
  after(async () => {
    await testDb.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the good rows of a CSV file, encrypted and audited, and lists every other row with its reason', async () => {
    const good = [man('1956-08-15', 1), woman('1990-02-28', 1), man('2001-12-31', 2).replace(/X$/, 'x'), woman('1975-06-01', 2)];
    const file = path.join(dir, 'people.csv');
    const lines = [
      'id_number,name,household_region,phone,sex,birth_date',
      `${good[0]}, 马福海 ,${TOWN},139-9511-2233,male,1956-08-15`, // 2
      `${good[1]},"李,娟",${COUNTY},,女,19900228`, // 3
      `${good[2]},王小明,640104,,,`, // 4
      `${wrongCheck(man('1960-01-01', 3))},甲,${TOWN},,,`, // 5 invalid_id_number (check digit)
      `12345,乙,${TOWN},,,`, // 6 invalid_id_number (format)
      `${makeResidentId('640104', '1960-02-30', 7)},丙,${TOWN},,,`, // 7 invalid_id_number (no such day)
      `${man('1960-01-01', 4)},丁,${TOWN},,female,`, // 8 id_mismatch (sex)
      `${man('1960-01-01', 5)},戊,${TOWN},,,1961-01-01`, // 9 id_mismatch (birth date)
      `${man('1960-01-01', 6)},己,${TOWN},,unknown,`, // 10 invalid_sex
      `${man('1960-01-01', 7)},   ,${TOWN},,,`, // 11 name_required
      `${man('1960-01-01', 8)},${'长'.repeat(51)},${TOWN},,,`, // 12 name_too_long
      `${man('1960-01-01', 9)},庚,640199999,,,`, // 13 unknown_region
      `${man('1960-01-01', 10)},辛,6401,,,`, // 14 region_not_local (a city)
      `${man('1960-01-01', 11)},壬,${TOWN},12345,,`, // 15 invalid_phone
      `${good[0]},马福海,${TOWN},,,`, // 16 duplicate_in_file (of line 2)
      `${man('1960-01-01', 12)},"癸"x,${TOWN},,,`, // 17 malformed_row (bad quoting)
      `${man('1960-01-01', 13)},子,${TOWN}`, // 18 malformed_row (column count)
      '', // 19 blank lines are skipped
      `${good[3]},赵敏,${TOWN},13800001111,,1975-06-01`, // 20
    ];
    writeFileSync(file, lines.join('\r\n') + '\r\n');

    const summary = await run(file);
    assert.deepEqual(summary.counts, { read: 18, imported: 4, rejected: 14, alreadyPresent: 0 });
    assert.equal(summary.alreadyComplete, false);

    const rejects = readRejects(summary.rejectsPath);
    assert.deepEqual(
      rejects.map((r) => [Number(r.line), r.code]),
      [
        [5, 'invalid_id_number'],
        [6, 'invalid_id_number'],
        [7, 'invalid_id_number'],
        [8, 'id_mismatch'],
        [9, 'id_mismatch'],
        [10, 'invalid_sex'],
        [11, 'name_required'],
        [12, 'name_too_long'],
        [13, 'unknown_region'],
        [14, 'region_not_local'],
        [15, 'invalid_phone'],
        [16, 'duplicate_in_file'],
        [17, 'malformed_row'],
        [18, 'malformed_row'],
      ],
    );
    const byLine = new Map(rejects.map((r) => [Number(r.line), r]));
    assert.match(byLine.get(5)!.message_zh, /身份证号码无效/);
    assert.match(byLine.get(5)!.message_en, /check digit/);
    assert.match(byLine.get(8)!.message_en, /encodes male, born 1960-01-01/);
    assert.match(byLine.get(14)!.message_zh, /户籍地须选到区县或乡镇/);
    assert.match(byLine.get(16)!.message_en, /line 2/);
    assert.match(byLine.get(18)!.message_en, /3 columns, the header has 6/);
    assert.equal(byLine.get(13)!.original, lines[12], 'the original row as it was');
    assert.equal(byLine.get(18)!.original, lines[17]);

    const { crypto } = platform;
    const persons = await registered(platform.database);
    assert.equal(persons.length, 4);
    const byId = new Map(persons.map((p) => [crypto.decrypt(p.id_number_enc), p]));
    assert.deepEqual([...byId.keys()].sort(), good.map((id) => id.toUpperCase()).sort());
    const first = byId.get(good[0]!)!;
    assert.equal(first.name, '马福海');
    assert.equal(first.id_number_hash, crypto.lookupHash('id_number', good[0]!));
    assert.deepEqual([first.sex, first.birth_date, first.household_region], ['male', '1956-08-15', TOWN]);
    assert.equal(crypto.decrypt(first.phone_enc!), '13995112233');
    assert.ok(!first.id_number_enc.includes(good[0]!) && first.id_number_enc !== crypto.encrypt(good[0]!), 'encrypted with a fresh IV');
    const second = byId.get(good[1]!)!;
    assert.deepEqual([second.name, second.sex, second.birth_date, second.household_region, second.phone_enc], ['李,娟', 'female', '1990-02-28', COUNTY, null]);

    const history = await platform.database.rows<{ kind: string; by_kind: string; by_id: string; reason: string }>(
      `select kind, by_kind, by_id, reason from registry.person_history where person_id = $1`,
      [first.id],
    );
    assert.deepEqual(history, [{ kind: 'registered', by_kind: 'import', by_id: summary.importId, reason: '批量导入 bulk import: people.csv, line 2' }]);
    const [entry] = await platform.database.rows<Record<string, unknown>>(`select * from audit.entries where action = 'person.registered' and subject_id = $1`, [first.id]);
    assert.equal(entry!.actor_kind, 'system');
    assert.equal(entry!.channel, 'batch');
    assert.equal(entry!.target_id, first.id);
    assert.equal(entry!.request_id, summary.importId);
    assert.deepEqual(entry!.details, { householdRegion: TOWN, line: 2 });
    await assertOneEntryPerPerson(platform.database);
    const imports = await platform.database.rows<{ details: Record<string, unknown> }>(`select details from audit.entries where action = 'registry.imported' and target_id = $1`, [summary.importId]);
    assert.equal(imports.length, 1, 'one summary entry per import');
    assert.deepEqual([imports[0]!.details.file, imports[0]!.details.imported, imports[0]!.details.rejected], ['people.csv', 4, 14]);
    assert.ok(!JSON.stringify(imports).includes(good[0]!), 'no identifier in the summary');
  });

  it('does nothing on a rerun of a finished file, and counts everything as already present with --restart', async () => {
    const file = path.join(dir, 'people.csv');
    const again = await run(file);
    assert.equal(again.alreadyComplete, true);
    assert.equal(again.counts.imported, 4);
    const restarted = await run(file, { restart: true });
    assert.deepEqual(restarted.counts, { read: 18, imported: 0, rejected: 14, alreadyPresent: 4 });
    assert.notEqual(restarted.importId, again.importId);
    const rejects = readRejects(restarted.rejectsPath);
    assert.deepEqual(rejects.filter((r) => r.code === 'already_registered').map((r) => Number(r.line)), [2, 3, 4, 20]);
    assert.equal(rejects.find((r) => Number(r.line) === 16)!.code, 'duplicate_in_file');
    assert.equal(await assertOneEntryPerPerson(platform.database), 4);
  });

  it('reads JSON Lines with the same field names', async () => {
    const file = path.join(dir, 'people.ndjson');
    const id = woman('1988-03-08', 20);
    const lines = [
      JSON.stringify({ id_number: id, name: '周芳', household_region: TOWN, phone: 13912345678, sex: 'female' }),
      '{"id_number": "broken',
      JSON.stringify([id]),
      JSON.stringify({ id_number: man('1988-03-08', 21), name: '吴刚', household_region: TOWN, nickname: '刚子' }),
      JSON.stringify({ id_number: 110101198803080000, name: '郑', household_region: TOWN }),
      '',
      JSON.stringify({ id_number: man('1988-03-08', 22), name: '冯军', household_region: '640104', phone: null }),
    ];
    writeFileSync(file, '\uFEFF' + lines.join('\n'));
    const summary = await run(file);
    assert.equal(summary.format, 'jsonl');
    assert.deepEqual(summary.counts, { read: 6, imported: 2, rejected: 4, alreadyPresent: 0 });
    assert.deepEqual(
      readRejects(summary.rejectsPath).map((r) => [Number(r.line), r.code]),
      [
        [2, 'malformed_row'],
        [3, 'malformed_row'],
        [4, 'unknown_field'],
        [5, 'malformed_row'],
      ],
    );
    const [person] = await platform.database.rows<{ phone_enc: string }>(`select phone_enc from registry.persons where id_number_hash = $1`, [platform.crypto.lookupHash('id_number', id)]);
    assert.equal(platform.crypto.decrypt(person!.phone_enc), '13912345678');
  });

  it('counts a person registered at the counter meanwhile as already present, never twice', async () => {
    const id = man('1970-07-07', 30);
    const file = path.join(dir, 'counter.csv');
    writeFileSync(file, `id_number,name,household_region\n${id},陈静,${TOWN}\n${man('1970-07-07', 31)},陈动,${TOWN}\n`);
    const first = path.join(dir, 'first.csv');
    writeFileSync(first, `id_number,name,household_region\n${id},陈静,${TOWN}\n`);
    await run(first);
    const summary = await run(file, { rejectsPath: path.join(dir, 'counter-rejects.csv') });
    assert.deepEqual(summary.counts, { read: 2, imported: 1, rejected: 0, alreadyPresent: 1 });
    assert.equal(summary.rejectsPath, path.join(dir, 'counter-rejects.csv'));
    assert.deepEqual(readRejects(summary.rejectsPath).map((r) => r.code), ['already_registered']);
    await assertOneEntryPerPerson(platform.database);
  });

  it('refuses a file it cannot read as the dataset, with a stable code', async () => {
    const missing = path.join(dir, 'missing-column.csv');
    writeFileSync(missing, `id_number,name,phone\n${man('1980-01-01', 40)},甲,\n`);
    await assert.rejects(run(missing), (e: unknown) => e instanceof ImportError && e.code === 'bad_header' && /household_region/.test(e.message));
    const unknown = path.join(dir, 'unknown-column.csv');
    writeFileSync(unknown, `id_number,name,household_region,mobile\n`);
    await assert.rejects(run(unknown), (e: unknown) => e instanceof ImportError && e.code === 'bad_header' && /mobile/.test(e.message));
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await assert.rejects(run(empty), (e: unknown) => e instanceof ImportError && e.code === 'bad_header');
    const text = path.join(dir, 'people.txt');
    writeFileSync(text, `id_number,name,household_region\n${man('1980-01-01', 41)},乙,${TOWN}\n`);
    await assert.rejects(run(text), (e: unknown) => e instanceof ImportError && e.code === 'unknown_format' && /请使用/.test(e.zh));
    assert.equal((await run(text, { format: 'csv' })).counts.imported, 1);
    await assert.rejects(run(path.join(dir, 'nope.csv')), (e: unknown) => e instanceof ImportError && e.code === 'file_not_found');
    await assert.rejects(run(text, { dataset: 'employers' }), (e: unknown) => e instanceof ImportError && e.code === 'unknown_dataset');
  });

  it('refuses to resume with a checkpoint made for another file or database', async () => {
    const file = path.join(dir, 'changing.csv');
    writeFileSync(file, `id_number,name,household_region\n${man('1981-01-01', 50)},甲,${TOWN}\n${man('1981-01-01', 51)},乙,${TOWN}\n`);
    // An interrupted run: the checkpoint says the first chunk (one row) is in.
    await run(file, { chunkSize: 1 });
    const statePath = `${file}.import-state.json`;
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    writeFileSync(statePath, JSON.stringify({ ...state, offset: state.offset - 10, completedAt: null, summaryRecordedAt: null }));
    await assert.rejects(run(file, { target: 'another database' }), (e: unknown) => e instanceof ImportError && e.code === 'checkpoint_mismatch');
    writeFileSync(file, `id_number,name,household_region\n${man('1982-01-01', 52)},丙,${TOWN}\n`);
    await assert.rejects(run(file), (e: unknown) => e instanceof ImportError && e.code === 'checkpoint_mismatch' && /changed/.test(e.message));
    assert.equal((await run(file, { restart: true })).counts.imported, 1);
  });

  it('checks and encrypts rows on worker threads exactly as on the main thread', async () => {
    const file = path.join(dir, 'workers.csv');
    const people = [...samplePersons(300, 7)];
    writeFileSync(file, ['id_number,name,household_region,phone', ...people.map((p) => `${p.id_number},${p.name},${p.household_region},${p.phone}`), `${wrongCheck(people[0]!.id_number)},坏,${TOWN},`].join('\n'));
    const summary = await run(file, { workers: 2, chunkSize: 50 });
    assert.deepEqual(summary.counts, { read: 301, imported: 300, rejected: 1, alreadyPresent: 0 });
    const [row] = await platform.database.rows<{ id_number_enc: string; phone_enc: string | null }>(`select id_number_enc, phone_enc from registry.persons where id_number_hash = $1`, [platform.crypto.lookupHash('id_number', people[1]!.id_number)]);
    assert.equal(platform.crypto.decrypt(row!.id_number_enc), people[1]!.id_number);
    assert.equal(platform.crypto.decrypt(row!.phone_enc!), people[1]!.phone);
    await assertOneEntryPerPerson(platform.database);
  });
});

describe('minsheng import from the command line', () => {
  const ROWS = 20_000;
  let testDb: TestDatabase & { reopen?: () => Promise<Database> };
  let dir: string;
  const secrets = testSecrets();
  let env: NodeJS.ProcessEnv;
  const cli = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', 'persons', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const finished = (child: ReturnType<typeof cli>) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });

  before(async () => {
    testDb = await createTestDatabase({ onDisk: true });
    // Migrated and with its regions, as a running installation's database would be.
    await createPlatform(testConfig(secrets), testDb.database);
    dir = mkdtempSync(path.join(os.tmpdir(), 'minsheng-import-cli-'));
    env = { ...process.env, ...secrets, ...testDb.env, NODE_ENV: 'test', MINSHENG_DEMO_DATA: 'false', LOG_LEVEL: 'silent' };
  });
  after(async () => {
    await testDb.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the embedded database while another process (a running server) holds it', { skip: process.env.DATABASE_URL ? 'a PostgreSQL server is shared by design; only the embedded database belongs to one process' : false }, async () => {
    const file = path.join(dir, 'busy.csv');
    writeFileSync(file, `id_number,name,household_region\n${man('1980-01-01', 1)},甲,${TOWN}\n`);
    const result = await finished(cli([file]));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /database_busy/);
    assert.match(result.stderr, /请先停止服务器/);
    assert.match(result.stderr, /stop the server first, or set DATABASE_URL/);
  });

  it('resumes after being killed, and imports every valid row exactly once', async () => {
    const file = path.join(dir, 'persons.csv');
    const valid: string[] = [];
    const lines = ['id_number,name,household_region,phone'];
    let i = 0;
    for (const p of samplePersons(ROWS, 99)) {
      // Every 500th row has a wrong check digit: rejects are listed once, whatever the interruptions.
      if (++i % 500 === 0) lines.push(`${wrongCheck(p.id_number)},${p.name},${p.household_region},${p.phone}`);
      else {
        lines.push(`${p.id_number},${p.name},${p.household_region},${p.phone}`);
        valid.push(p.id_number);
      }
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const statePath = `${file}.import-state.json`;
    if (testDb.reopen) await testDb.database.close(); // hand the embedded database to the child
    try {
      const child = cli([file, '--chunk-size', '1000']);
      const killed = finished(child);
      // Killed as soon as the first chunk is committed: the next one is under way.
      const firstCheckpoint = await new Promise<boolean>((resolve) => {
        const poll = setInterval(() => {
          if (existsSync(statePath)) {
            clearInterval(poll);
            child.kill('SIGKILL');
            resolve(true);
          } else if (child.exitCode !== null) {
            clearInterval(poll);
            resolve(false);
          }
        }, 5);
      });
      const first = await killed;
      assert.ok(firstCheckpoint, `the import ended before its first checkpoint: ${first.stderr}`);
      assert.equal(first.signal, 'SIGKILL');
      const state = JSON.parse(readFileSync(statePath, 'utf8'));
      assert.equal(state.completedAt, null);
      assert.ok(state.counts.read < ROWS, 'killed part-way');

      const second = await finished(cli([file, '--chunk-size', '1000']));
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /resumed after line/);
      assert.match(second.stdout, /rows read\s+20,000/);
      const done = JSON.parse(readFileSync(statePath, 'utf8'));
      assert.equal(done.runs, 2);
      assert.equal(done.counts.read, ROWS);
      assert.equal(done.counts.imported + done.counts.alreadyPresent, valid.length, 'a chunk committed just before the kill is found, not written again');
      assert.equal(done.counts.rejected, ROWS / 500);
      const rejects = readRejects(`${file}.rejects.csv`);
      assert.deepEqual(
        rejects.filter((r) => r.code === 'invalid_id_number').map((r) => Number(r.line)),
        Array.from({ length: ROWS / 500 }, (_, k) => (k + 1) * 500 + 1),
        'every bad row listed once, in order',
      );
    } finally {
      if (testDb.reopen) await testDb.reopen();
    }
    const platform = await createPlatform(testConfig(secrets), testDb.database);
    const hashes = await platform.database.rows<{ id_number_hash: string }>(`select id_number_hash from registry.persons`);
    assert.equal(hashes.length, valid.length, 'every valid row, once');
    const expected = new Set(valid.map((id) => platform.crypto.lookupHash('id_number', id)));
    assert.ok(hashes.every((h) => expected.has(h.id_number_hash)));
    assert.equal(await assertOneEntryPerPerson(platform.database), valid.length);
    const [imports] = await platform.database.rows<{ n: number }>(`select count(*)::int as n from audit.entries where action = 'registry.imported'`);
    assert.equal(imports!.n, 1);
  });
});
