import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { leafHash, verifyConsistency, verifyInclusion } from '@core/crypto/merkle.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';
import * as web from '../../../web/src/lib/merkle.ts';
import { cookiesOf, createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { formatReport, verifyPublishedDisclosures, type Fetch } from '../../cli/disclosure-verify.ts';
import { asc } from 'drizzle-orm';
import { currentPeriod } from './pensions.service.ts';
import { disclosures } from './funds.tables.ts';
import { createDisclosureService, verifyDisclosures, type DisclosureRow, type DisclosureService } from './disclosure.service.ts';
import type { JournalInput } from './ledger.service.ts';

const ID = makeResidentId('640104', '1971-06-15', 23);
const TOWN = '640104001';

function monthsBefore(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
}

interface PublicDisclosure {
  period: string;
  sequence: number;
  entryCount: number;
  entriesRoot: string;
  totalsHash: string;
  blockSize: number;
  logRoot: string;
  logSize: number;
  sealedAt: string;
  head: string;
  signedMessage: string;
  signature: string;
  publicKey: string;
  totals: { period: string; rows: { fund: string; region: string; income: Record<string, number>; incomeFen: number; expenditure: Record<string, number>; expenditureFen: number; bankDepositFen: number }[] };
}

describe('the sealed monthly disclosure and the public transparency API', () => {
  let t: TestApp;
  let head: Cookies;
  let citizen: Cookies;
  let personId = '';
  let citizenId = '';
  const now = currentPeriod();
  const before0 = monthsBefore(now, 4);
  const A = monthsBefore(now, 3);
  const B = monthsBefore(now, 2);
  const C = monthsBefore(now, 1);
  const others: string[] = Array.from({ length: 45 }, () => randomUUID());

  const post = (j: JournalInput) => t.minsheng.platform.database.transaction((tx) => t.minsheng.modules.funds.ledger.post(tx, j));
  const contributions = (period: string, ref: string, people: { personId: string; fen: number }[]): JournalInput => ({
    fund: 'employee_pension',
    region: '640104',
    period,
    kind: 'contribution',
    memo: '单位及个人缴费',
    sourceRef: ref,
    lines: [{ account: 'bank_deposit', debitFen: people.reduce((s, p) => s + p.fen, 0) }, ...people.map((p) => ({ account: 'contribution_income' as const, creditFen: p.fen, personId: p.personId }))],
  });
  const seal = (period: string, cookies = head) => t.request('POST', '/api/funds/disclosures', cookies, { period });
  const get = (url: string) => t.request('GET', url);

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    head = await t.loginStaff('yc.head');
    const caseworker = await t.loginStaff('xq.caseworker');
    const signup = await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber: ID, name: '马玉兰', password: 'Citizen-2026' });
    assert.equal(signup.statusCode, 201, signup.body);
    citizen = cookiesOf(signup);
    citizenId = signup.json().me.id;
    const registered = await t.request('POST', '/api/registry/persons', caseworker, { idNumber: ID, name: '马玉兰', householdRegion: TOWN });
    assert.equal(registered.statusCode, 201, registered.body);
    personId = registered.json().id;

    // Before the first disclosure: only its balance shows, in the first month's opening.
    await post({ fund: 'employee_pension', region: '640104', period: before0, kind: 'interest', memo: '利息', sourceRef: 'i-0', lines: [{ account: 'bank_deposit', debitFen: 1_000_00 }, { account: 'interest_income', creditFen: 1_000_00 }] });
    // Month A: the citizen's two contributions among 45 other people's, spread over several blocks.
    const people = others.map((id, k) => ({ personId: id, fen: 300_00 + k }));
    people.splice(20, 0, { personId, fen: 456_78 });
    people.splice(40, 0, { personId, fen: 123_45 });
    await post(contributions(A, 'c-A', people));
    await post({ fund: 'resident_pension', region: '640105', period: A, kind: 'subsidy', memo: '财政补贴', sourceRef: 's-A', lines: [{ account: 'bank_deposit', debitFen: 5_000_00 }, { account: 'fiscal_subsidy', creditFen: 5_000_00 }] });
    await post({ fund: 'employee_pension', region: '640104', period: A, kind: 'benefit', memo: '养老金发放', sourceRef: 'b-A', lines: [{ account: 'benefit_expense', debitFen: 2_000_00 }, { account: 'bank_deposit', creditFen: 2_000_00 }] });
    // Month B: one more contribution and a management cost. Month C stays empty.
    await post(contributions(B, 'c-B', [{ personId, fen: 460_00 }, { personId: others[0]!, fen: 300_00 }]));
    await post({ fund: 'employee_pension', region: '640104', period: B, kind: 'management', memo: '管理费用', sourceRef: 'm-B', lines: [{ account: 'management_cost', debitFen: 12_34 }, { account: 'bank_deposit', creditFen: 12_34 }] });
  });
  after(() => t.close());

  describe('sealing', () => {
    it('is for the fund department of a city or province', async () => {
      const caseworker = await t.loginStaff('xx.caseworker');
      assert.equal((await seal(A, caseworker)).statusCode, 403);
      assert.equal((await seal(A, await t.loginStaff('xq.head'))).statusCode, 403, 'a county cannot seal the whole ledger');
      assert.equal((await seal(A, {})).statusCode, 401);
    });

    it('refuses a month that has not ended', async () => {
      for (const period of [now, monthsBefore(now, -1)]) {
        const r = await seal(period);
        assert.equal(r.statusCode, 409, r.body);
        assert.equal(r.json().code, 'period_not_closed');
      }
    });

    it('seals the first month, signed with the platform key, and records it in the audit log', async () => {
      const r = await seal(A);
      assert.equal(r.statusCode, 201, r.body);
      const d = r.json() as PublicDisclosure;
      assert.equal(d.sequence, 0);
      assert.equal(d.logSize, 1);
      assert.equal(d.entryCount, 47 + 1 + 2 + 2);
      assert.equal(d.head, web.disclosureHead(d));
      assert.equal(d.logRoot, leafHash(Buffer.from(d.head)).toString('hex'), 'a log of one is its leaf');
      assert.ok(verify(null, Buffer.from(d.signedMessage), createPublicKey(d.publicKey), Buffer.from(d.signature, 'base64')));
      const platformKey = createPublicKey(t.secretsEnv.MINSHENG_AUDIT_SIGNING_KEY!).export({ type: 'spki', format: 'pem' }).toString();
      assert.equal(d.publicKey, platformKey);
      const [audited] = await t.minsheng.platform.database.rows<{ n: number }>(`select count(*)::int as n from audit.entries where action = 'fund.disclosure_sealed' and target_id = $1`, [A]);
      assert.equal(audited!.n, 1);
    });

    it('refuses to seal a month twice, to skip a month or to go back', async () => {
      const twice = await seal(A);
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().code, 'already_sealed');
      for (const period of [C, before0]) {
        const r = await seal(period);
        assert.equal(r.statusCode, 409, period);
        assert.equal(r.json().code, 'seal_out_of_order');
      }
    });

    it('takes no new entries into a sealed month or any before it', async () => {
      for (const period of [A, before0]) {
        await assert.rejects(post(contributions(period, `late-${period}`, [{ personId, fen: 1_00 }])), (e: { code?: string }) => e.code === 'period_sealed');
      }
    });

    it('seals the next months in order, an empty one too', async () => {
      const b = await seal(B);
      assert.equal(b.statusCode, 201, b.body);
      assert.equal(b.json().sequence, 1);
      const c = await seal(C);
      assert.equal(c.statusCode, 201, c.body);
      assert.equal(c.json().entryCount, 0);
      assert.equal(c.json().entriesRoot, createHash('sha256').digest('hex'), 'the empty tree’s root');
    });
  });

  describe('the public API, without logging in', () => {
    it('lists every disclosure with its signature, the public key and the totals', async () => {
      const r = await get('/api/public/funds/disclosures');
      assert.equal(r.statusCode, 200, r.body);
      const list = r.json() as { publicKey: string; blockSize: number; items: PublicDisclosure[] };
      assert.deepEqual(list.items.map((d) => [d.period, d.sequence]), [[A, 0], [B, 1], [C, 2]]);
      for (const d of list.items) {
        assert.equal(d.publicKey, list.publicKey);
        assert.ok(verify(null, Buffer.from(d.signedMessage), createPublicKey(d.publicKey), Buffer.from(d.signature, 'base64')), d.period);
      }
      assert.equal((await get(`/api/public/funds/disclosures/${B}`)).json().sequence, 1);
      const missing = await get('/api/public/funds/disclosures/2001-01');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().code, 'disclosure_not_found');
      assert.equal((await get('/api/public/funds/disclosures/2001-13')).statusCode, 400);
    });

    it('publishes income and expenditure by account and the balance carried over months', async () => {
      const a = (await get(`/api/public/funds/disclosures/${A}/totals`)).json() as { totalsHash: string; totals: PublicDisclosure['totals'] };
      const pension = a.totals.rows.find((r) => r.fund === 'employee_pension' && r.region === '640104')!;
      const contributed = others.reduce((s, _, k) => s + 300_00 + k, 0) + 456_78 + 123_45;
      assert.equal(pension.income.contribution_income, contributed);
      assert.equal(pension.expenditure.benefit_expense, 2_000_00);
      assert.equal(pension.bankDepositFen, 1_000_00 + contributed - 2_000_00);
      const subsidy = a.totals.rows.find((r) => r.fund === 'resident_pension')!;
      assert.deepEqual([subsidy.region, subsidy.income.fiscal_subsidy, subsidy.bankDepositFen], ['640105', 5_000_00, 5_000_00]);
      const c = (await get(`/api/public/funds/disclosures/${C}/totals`)).json() as { totals: PublicDisclosure['totals'] };
      const later = c.totals.rows.find((r) => r.fund === 'employee_pension')!;
      assert.equal(later.incomeFen, 0, 'nothing happened in the empty month');
      assert.equal(later.bankDepositFen, pension.bankDepositFen + 760_00 - 12_34, 'but the balance is still published');
    });

    it('offers the totals as a CSV spreadsheet with a BOM and bilingual headers', async () => {
      const r = await get(`/api/public/funds/disclosures/${A}/totals.csv`);
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.equal(r.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
      const lines = r.body.replace(/^\uFEFF/, '').trim().split('\n');
      assert.match(lines[0]!, /^所属期 Period,险种 Fund,险种名称 Fund name,地区代码 Region/);
      assert.match(lines.find((l) => l.includes('resident_pension'))!, /城乡居民基本养老保险,640105,.*西夏区.*,0,500000,0,500000,5000\.00,/);
      assert.match(lines.at(-1)!, /totalsHash/);
    });

    it('gives monthly series for charts, by fund and region prefix', async () => {
      const r = await get('/api/public/funds/series?fund=employee_pension&region=640100');
      assert.equal(r.statusCode, 200, r.body);
      const series = r.json() as { region: string; items: { period: string; incomeFen: number; expenditureFen: number; bankDepositFen: number }[] };
      assert.equal(series.region, '6401');
      assert.deepEqual(series.items.map((p) => p.period), [A, B, C]);
      assert.equal(series.items[1]!.incomeFen, 760_00);
      assert.equal(series.items[1]!.expenditureFen, 12_34);
      assert.equal(series.items[2]!.bankDepositFen, series.items[1]!.bankDepositFen);
      const elsewhere = (await get('/api/public/funds/series?region=640105')).json() as { items: { fund: string }[] };
      assert.deepEqual([...new Set(elsewhere.items.map((p) => p.fund))], ['resident_pension']);
      assert.equal((await get('/api/public/funds/series?fund=nonsense')).statusCode, 400);
    });

    it('proves the log consistent between any two sequences, and each head included', async () => {
      const list = (await get('/api/public/funds/disclosures')).json() as { items: PublicDisclosure[] };
      for (const [from, to] of [[0, 1], [0, 2], [1, 2], [2, 2]] as const) {
        const r = await get(`/api/public/funds/log/consistency?from=${from}&to=${to}`);
        assert.equal(r.statusCode, 200, r.body);
        const p = r.json() as { fromSize: number; toSize: number; fromRoot: string; toRoot: string; proof: string[] };
        assert.deepEqual([p.fromRoot, p.toRoot], [list.items[from]!.logRoot, list.items[to]!.logRoot]);
        assert.ok(verifyConsistency(p.fromSize, p.toSize, Buffer.from(p.fromRoot, 'hex'), Buffer.from(p.toRoot, 'hex'), p.proof.map((h) => Buffer.from(h, 'hex'))));
        assert.ok(web.verifyConsistency(p.fromSize, p.toSize, p.fromRoot, p.toRoot, p.proof));
      }
      assert.equal((await get('/api/public/funds/log/consistency?from=2&to=0')).json().code, 'invalid_log_range');
      assert.equal((await get('/api/public/funds/log/consistency?from=0&to=7')).statusCode, 404);
      for (const d of list.items) {
        const r = (await get(`/api/public/funds/log/inclusion?sequence=${d.sequence}`)).json() as { logSize: number; path: string[]; logRoot: string };
        assert.equal(r.logRoot, list.items.at(-1)!.logRoot);
        assert.ok(verifyInclusion(leafHash(Buffer.from(web.disclosureHead(d))), d.sequence, r.logSize, r.path.map((h) => Buffer.from(h, 'hex')), Buffer.from(r.logRoot, 'hex')));
      }
    });
  });

  describe('a citizen’s proofs of their own contributions', () => {
    it('needs a citizen’s session and a sealed month', async () => {
      assert.equal((await get(`/api/my/contributions/proofs?period=${A}`)).statusCode, 401);
      const open = await t.request('GET', `/api/my/contributions/proofs?period=${now}`, citizen);
      assert.equal(open.statusCode, 404);
      assert.equal(open.json().code, 'disclosure_not_found');
    });

    it('gives each of their entries with proofs the browser checks against the public disclosure', async () => {
      const r = await t.request('GET', `/api/my/contributions/proofs?period=${A}`, citizen);
      assert.equal(r.statusCode, 200, r.body);
      const proofs = r.json() as {
        entries: { line: string; entry: { creditFen: number }; blockIndex: number; blockLines: string[]; path: string[] }[];
        disclosure: { head: string; sequence: number };
        logInclusion: { sequence: number; logSize: number; path: string[]; logRoot: string };
      };
      assert.deepEqual(proofs.entries.map((e) => e.entry.creditFen), [456_78, 123_45]);
      assert.ok(!r.body.includes(personId) && !r.body.includes(ID), 'nobody’s identity travels, the citizen’s included');

      // What the browser fetches for itself: the public disclosure and the latest log root.
      const list = (await get('/api/public/funds/disclosures')).json() as { blockSize: number; items: PublicDisclosure[] };
      const published = list.items.find((d) => d.period === A)!;
      for (const e of proofs.entries) {
        assert.ok(web.verifyEntryInclusion({ ...e, entryCount: published.entryCount, blockSize: list.blockSize, entriesRoot: published.entriesRoot }), e.line);
        // A tampered copy of the lines (the database refuses a real change): the proof fails.
        const forged = e.line.replace(/\|(\d+)\|([^|]*)\n$/, (_, fen: string, subject: string) => `|${Number(fen) + 100}|${subject}\n`);
        const blockLines = e.blockLines.map((l) => (l === e.line ? forged : l));
        assert.equal(web.verifyEntryInclusion({ ...e, line: forged, blockLines, entryCount: published.entryCount, blockSize: list.blockSize, entriesRoot: published.entriesRoot }), false);
      }
      assert.ok(new Set(proofs.entries.map((e) => e.blockIndex)).size > 1, 'the two entries are in different blocks');
      const expectedHead = web.disclosureHead(published);
      assert.equal(proofs.disclosure.head, expectedHead);
      assert.ok(web.verifyInclusion(web.leafHashHex(new TextEncoder().encode(expectedHead)), proofs.logInclusion.sequence, proofs.logInclusion.logSize, proofs.logInclusion.path, list.items.at(-1)!.logRoot));

      const [audited] = await t.minsheng.platform.database.rows<{ n: number }>(`select count(*)::int as n from audit.entries where action = 'fund.contribution_proofs_viewed' and subject_id = $1`, [personId]);
      assert.equal(audited!.n, 1);
    });

    it('rebuilds a month’s tree from the ledger when it is not cached, with the same proofs', async () => {
      const served = (await t.request('GET', `/api/my/contributions/proofs?period=${B}`, citizen)).json() as Awaited<ReturnType<DisclosureService['myProofs']>>;
      assert.equal(served.entries.length, 1);
      // A second service over the same database: a server that just started, its cache empty.
      const { funds } = t.minsheng.modules;
      const cold = createDisclosureService(t.minsheng.platform, { ledger: funds.ledger, registry: funds.registry });
      const ctx = { actor: { kind: 'citizen' as const, id: citizenId, name: '马玉兰', regionCode: TOWN }, requestId: 'test', channel: 'citizen_portal' as const };
      const rebuilt = await cold.myProofs(ctx, B);
      assert.deepEqual(rebuilt.entries, served.entries);
      assert.ok(web.verifyEntryInclusion({ ...rebuilt.entries[0]!, entryCount: rebuilt.entryCount, blockSize: rebuilt.blockSize, entriesRoot: rebuilt.entriesRoot }));
      assert.deepEqual((await cold.myProofs(ctx, C)).entries, [], 'an empty month has nothing to prove');
    });
  });

  describe('what is sealed stays sealed', () => {
    it('refuses to change ledger entries or disclosures in the database', async () => {
      const { database } = t.minsheng.platform;
      await assert.rejects(database.rows(`update funds.ledger_entries set credit_fen = credit_fen + 1 where period = $1 and credit_fen > 0`, [A]), /append-only/);
      await assert.rejects(database.rows(`delete from funds.ledger_entries where period = $1`, [A]), /append-only/);
      await assert.rejects(database.rows(`update funds.disclosures set entry_count = entry_count + 1 where period = $1`, [A]), /append-only/);
      await assert.rejects(database.rows(`delete from funds.disclosures where period = $1`, [C]), /append-only/);
    });

    it('verifies every disclosure against the ledger, and names what a tampered copy changed', async () => {
      const { database } = t.minsheng.platform;
      const publicKeyPem = createPublicKey(t.secretsEnv.MINSHENG_AUDIT_SIGNING_KEY!).export({ type: 'spki', format: 'pem' }).toString();
      const good = await verifyDisclosures(database, { publicKeyPem });
      assert.ok(good.ok, formatReport(good));
      assert.deepEqual(good.checks.map((c) => c.period), [A, B, C]);

      const sorted: DisclosureRow[] = await database.db.select().from(disclosures).orderBy(asc(disclosures.sequence));
      assert.equal(sorted.length, 3);
      const copy = (i: number, change: Partial<DisclosureRow>) => sorted.map((r, k) => (k === i ? { ...r, ...change } : r));
      const flags = async (rows: DisclosureRow[]) => {
        const report = await verifyDisclosures(database, { rows, publicKeyPem });
        assert.equal(report.ok, false);
        assert.match(formatReport(report), /FAIL/);
        return report.checks.map((c) => [c.signatureOk, c.entriesOk, c.totalsOk, c.logOk, c.consistencyOk]);
      };

      // Totals published differently from what was sealed.
      const a = sorted[0]!.totals as PublicDisclosure['totals'];
      const lowered = { ...a, rows: a.rows.map((r, k) => (k === 0 ? { ...r, bankDepositFen: r.bankDepositFen - 1 } : r)) };
      assert.deepEqual((await flags(copy(0, { totals: lowered })))[0], [true, true, false, true, true]);
      // An entry count that hides an entry: the head, its signature and every later log root break.
      const hidden = await flags(copy(0, { entryCount: sorted[0]!.entryCount - 1 }));
      assert.deepEqual(hidden[0], [false, false, true, false, true]);
      assert.equal(hidden[1]![3], false, 'the next log root no longer matches the heads');
      // A signature that is not the platform's.
      const signature = Buffer.from(sorted[1]!.signature);
      signature[5] = signature[5]! ^ 0xff;
      assert.deepEqual((await flags(copy(1, { signature })))[1], [false, true, true, true, true]);
      // A log root rewritten: signature, log and consistency with the previous root fail.
      const logRoot = Buffer.from(sorted[2]!.logRoot);
      logRoot[0] = logRoot[0]! ^ 1;
      assert.deepEqual((await flags(copy(2, { logRoot })))[2], [false, true, true, false, false]);
      // Signed with another key than the platform's.
      const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      assert.equal((await verifyDisclosures(database, { publicKeyPem: other })).ok, false);
    });

    it('verifies the published disclosures through the public API alone, as an outsider would', async () => {
      const fetchVia: Fetch = async (url) => {
        const u = new URL(url);
        const r = await t.minsheng.app.inject({ method: 'GET', url: u.pathname + u.search });
        return { ok: r.statusCode < 300, status: r.statusCode, json: async () => r.json() as unknown };
      };
      const report = await verifyPublishedDisclosures('http://minsheng.test', { fetch: fetchVia });
      assert.ok(report.ok, formatReport(report));
      assert.deepEqual(report.checks.map((c) => c.entriesOk), [null, null, null]);
      const first = report.checks[0]!;
      const rewritten = await verifyPublishedDisclosures('http://minsheng.test', { fetch: fetchVia, known: { sequence: 0, logRoot: 'ab'.repeat(32) } });
      assert.equal(rewritten.ok, false);
      assert.match(formatReport(rewritten), /history was rewritten/);
      assert.ok(first.signatureOk && first.logOk && first.totalsOk);
    });
  });
});
