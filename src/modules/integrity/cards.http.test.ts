import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { chinaDate } from '@core/calendar/working-time.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';
import { createTestApp, type Cookies, type TestApp } from '../../test-support/harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Holder {
  name: string;
  personId: string;
  cardId: string;
  cardNumber: string;
}

interface Row {
  cardNumber: string;
  institutionCode: string;
  kind: 'settlement' | 'pharmacy';
  usedAt: string;
  amountFen: number;
  conditionGroup?: string;
  reference: string;
}

describe('card trajectory: a synthetic population with planted cases', () => {
  let t: TestApp;
  let caseworker: Cookies;
  let reviewer: Cookies;
  let otherCounty: Cookies;
  const people: Holder[] = [];
  const planted: Record<'travel' | 'frequent' | 'costly' | 'dead' | 'lost', Holder> = {} as never;
  let batch: Row[] = [];
  let sequence = 300;
  const now = Date.now();
  // A time in China on a day some days back, as the medical insurance system writes it.
  const daysAgo = (days: number, hour = 9, minute = 0) => {
    const day = chinaDate(new Date(now - days * DAY));
    return `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;
  };

  const db = () => t.minsheng.platform.database.db;
  const one = async <T,>(query: ReturnType<typeof sql>) => ((await db().execute(query)) as unknown as { rows: T[] }).rows[0]!;
  const counts = async () => one<{ uses: number; flags: number }>(sql`select (select count(*)::int from integrity.card_uses) as uses, (select count(*)::int from integrity.flags) as flags`);
  const post = (rows: Row[], key?: string) =>
    t.minsheng.app.inject({
      method: 'POST',
      url: '/api/integrity/card-uses/batch',
      cookies: { ms_session: reviewer.ms_session!, ms_csrf: reviewer.ms_csrf! },
      headers: { 'x-csrf-token': reviewer.ms_csrf!, ...(key ? { 'idempotency-key': key } : {}) },
      payload: { rows },
    });

  async function holder(name: string, birthDate: string): Promise<Holder> {
    const idNumber = makeResidentId('640104', birthDate, (sequence += 2));
    const person = await t.request('POST', '/api/registry/persons', caseworker, { idNumber, name, householdRegion: '640104001' });
    assert.equal(person.statusCode, 201, person.body);
    const personId = person.json().id as string;
    const cardNumber = `T${String(10_000_000 + sequence).slice(-8)}`;
    const card = await t.request('POST', `/api/registry/persons/${personId}/cards`, caseworker, { cardNumber, issuingBank: '宁夏银行', issuedOn: '2020-01-02' });
    assert.equal(card.statusCode, 201, card.body);
    const cardId = (card.json().cards as { id: string; cardNumber: string }[]).find((c) => c.cardNumber === cardNumber)!.id;
    return { name, personId, cardId, cardNumber };
  }

  const row = (h: Holder, institutionCode: string, usedAt: string, amountFen: number, reference: string, kind: Row['kind'] = 'settlement'): Row => ({ cardNumber: h.cardNumber, institutionCode, kind, usedAt, amountFen, conditionGroup: 'I', reference });

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    caseworker = await t.loginStaff('xq.caseworker');
    reviewer = await t.loginStaff('xq.supervisor');
    otherCounty = await t.loginStaff('xx.supervisor');

    // Designated institutions: three in 银川, one in 乌鲁木齐 (approximate places).
    for (const body of [
      { code: 'H64010400001', name: '宁夏医科大学总医院', kind: 'hospital', region: '640104010', latitude: 38.4727, longitude: 106.2445 },
      { code: 'H64010400002', name: '银川市第一人民医院', kind: 'hospital', region: '640104', latitude: 38.4812, longitude: 106.2275 },
      { code: 'P64010600001', name: '金凤区益民大药房', kind: 'pharmacy', region: '640106', latitude: 38.4861, longitude: 106.2078 },
      { code: 'H65010200001', name: '新疆医科大学第一附属医院', kind: 'hospital', region: '650102', latitude: 43.8256, longitude: 87.6168 },
    ]) {
      const r = await t.request('POST', '/api/integrity/institutions', reviewer, body);
      assert.equal(r.statusCode, 201, r.body);
    }

    // Thirty-four ordinary holders born in the early 1960s (one age band), with 2–4 visits each.
    const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董';
    for (let i = 0; i < 34; i++) people.push(await holder(`${surnames[i]}秀英`, `196${1 + (i % 4)}-0${1 + (i % 9)}-15`));
    planted.travel = await holder('马远行', '1962-03-12');
    planted.frequent = await holder('白常来', '1961-06-01');
    planted.costly = await holder('金大方', '1963-09-09');
    planted.dead = await holder('赵故人', '1960-02-02');
    planted.lost = await holder('钱丢卡', '1962-11-11');

    const ref = (() => {
      let n = 0;
      return () => `YB-${String(++n).padStart(6, '0')}`;
    })();
    const hospitals = ['H64010400001', 'H64010400002'];
    const ordinary = (h: Holder, i: number, visits: number) => {
      for (let v = 0; v < visits; v++) batch.push(row(h, hospitals[(i + v) % 2]!, daysAgo(5 + ((i * 7 + v * 23) % 75), 8 + (v % 8), (i * 13) % 60), 15_000 + ((i * 1_237 + v * 3_331) % 15_000), ref()));
    };
    people.forEach((h, i) => ordinary(h, i, 2 + (i % 3)));
    // 金大方: three visits, each about twenty times what peers spend on one.
    for (let v = 0; v < 3; v++) batch.push(row(planted.costly, hospitals[v % 2]!, daysAgo(10 + v * 20), 420_000 + v * 10_000, ref()));
    // 白常来: forty small visits (a registration fee each), the same total as a peer's three.
    for (let v = 0; v < 40; v++) batch.push(row(planted.frequent, hospitals[v % 2]!, daysAgo(2 + v * 2, 8 + (v % 9)), 1_500, ref()));
    // 马远行: 银川 at nine, 乌鲁木齐 (1663 km away) an hour later.
    ordinary(planted.travel, 3, 1);
    batch.push(row(planted.travel, 'H64010400001', daysAgo(3, 9), 18_000, ref()));
    batch.push(row(planted.travel, 'H65010200001', daysAgo(3, 10), 22_000, ref()));
    // 赵故人 died twenty days ago; his card was used before and after.
    const diedOn = chinaDate(new Date(now - 20 * DAY));
    const death = await t.request('POST', `/api/registry/persons/${planted.dead.personId}/death`, caseworker, { diedOn, reason: '家属到柜台报告死亡' });
    assert.equal(death.statusCode, 200, death.body);
    batch.push(row(planted.dead, 'H64010400002', daysAgo(40), 21_000, ref()));
    batch.push(row(planted.dead, 'H64010400002', daysAgo(20, 8), 19_000, ref()));
    batch.push(row(planted.dead, 'P64010600001', daysAgo(6), 16_000, ref(), 'pharmacy'));
    // 钱丢卡 reported the card lost; it was used before the report and once since.
    batch.push(row(planted.lost, 'H64010400001', daysAgo(30), 17_000, ref()));
    batch.push(row(planted.lost, 'P64010600001', daysAgo(12), 16_000, ref(), 'pharmacy'));
    const lost = await t.request('POST', `/api/registry/persons/${planted.lost.personId}/cards/${planted.lost.cardId}/status`, caseworker, { status: 'reported_lost', reason: '本人电话挂失' });
    assert.equal(lost.statusCode, 200, lost.body);
    await new Promise((resolve) => setTimeout(resolve, 20));
    batch.push({ ...row(planted.lost, 'P64010600001', new Date().toISOString(), 26_000, ref(), 'pharmacy') });
    batch = batch.sort((a, b) => a.reference.localeCompare(b.reference));
  });
  after(() => t.close());

  it('refuses a duplicate institution code, a region that does not exist and coordinates outside China', async () => {
    const base = { code: 'H64010400001', name: '重复', kind: 'hospital', region: '640104', latitude: 38.47, longitude: 106.24 };
    assert.equal((await t.request('POST', '/api/integrity/institutions', reviewer, base)).statusCode, 409);
    const noRegion = await t.request('POST', '/api/integrity/institutions', reviewer, { ...base, code: 'X1', region: '640199' });
    assert.equal(noRegion.statusCode, 422);
    assert.equal(noRegion.json().code, 'institution_region');
    const swapped = await t.request('POST', '/api/integrity/institutions', reviewer, { ...base, code: 'X2', latitude: 6.24, longitude: 38.47 });
    assert.equal(swapped.json().code, 'institution_outside_china');
    const list = await t.request('GET', '/api/integrity/institutions?q=医科大学', reviewer);
    assert.deepEqual(
      list.json().items.map((i: { name: string; latitude: number }) => [i.name, i.latitude]),
      [
        ['宁夏医科大学总医院', 38.4727],
        ['新疆医科大学第一附属医院', 43.8256],
      ],
    );
  });

  it('refuses a whole batch with a bad row and changes nothing', async () => {
    const before = await counts();
    const bad: Row[] = [
      ...batch.slice(0, 5),
      { ...batch[5]!, cardNumber: 'Z99999999' },
      { ...batch[6]!, institutionCode: 'H00000000000' },
      { ...batch[7]!, amountFen: -100 },
      { ...batch[8]!, amountFen: 12.5 },
      { ...batch[9]!, usedAt: '2026-03-02 09:00' },
      { ...batch[10]!, reference: batch[0]!.reference },
    ];
    const r = await post(bad);
    assert.equal(r.statusCode, 422, r.body);
    assert.equal(r.json().code, 'batch_rejected');
    assert.deepEqual(
      r.json().batch.rows.map((x: { status: string; code?: string }) => x.code ?? x.status),
      ['valid', 'valid', 'valid', 'valid', 'valid', 'card_not_found', 'institution_not_found', 'amount_invalid', 'amount_invalid', 'used_at_invalid', 'reference_repeated'],
    );
    assert.deepEqual(await counts(), before);
  });

  it('answers a reviewer of another county as if the cards did not exist', async () => {
    const r = await t.minsheng.app.inject({
      method: 'POST',
      url: '/api/integrity/card-uses/batch',
      cookies: { ms_session: otherCounty.ms_session!, ms_csrf: otherCounty.ms_csrf! },
      headers: { 'x-csrf-token': otherCounty.ms_csrf! },
      payload: { rows: batch.slice(0, 2) },
    });
    assert.equal(r.statusCode, 422);
    assert.deepEqual(
      r.json().batch.rows.map((x: { code: string }) => x.code),
      ['card_not_found', 'card_not_found'],
    );
  });

  it('records the batch and flags exactly the planted cases', async () => {
    const r = await post(batch, 'cards-batch-1');
    assert.equal(r.statusCode, 201, r.body);
    const answer = r.json();
    assert.equal(answer.recorded, batch.length);
    assert.equal(answer.unchanged, 0);
    assert.deepEqual(answer.findings, { card_impossible_travel: 1, card_frequency: 1, card_amount: 1, card_after_death: 1, card_after_lost: 1 });
    const flags = (await t.request('GET', '/api/integrity/flags?pageSize=200', reviewer)).json().items as { name: string; kind: string; heldFen: number; source: string; evidence: Record<string, unknown> }[];
    assert.deepEqual(flags.map((f) => `${f.name}:${f.kind}`).sort(), ['白常来:card_frequency', '金大方:card_amount', '赵故人:card_after_death', '钱丢卡:card_after_lost', '马远行:card_impossible_travel'].sort());
    assert.ok(flags.every((f) => f.heldFen === 0 && f.source.startsWith('card:')));

    const travel = flags.find((f) => f.kind === 'card_impossible_travel')!.evidence;
    assert.equal(travel.distanceKm, 1664.9);
    assert.equal(travel.hours, 1);
    assert.equal(travel.speedKmh, 1665);
    assert.equal((travel.to as { institutionName: string }).institutionName, '新疆医科大学第一附属医院');
    assert.equal((travel.to as { regionName: string }).regionName, '新疆维吾尔自治区 乌鲁木齐市 天山区');

    const frequent = flags.find((f) => f.kind === 'card_frequency')!;
    assert.equal(frequent.evidence.visits, 40);
    assert.equal(frequent.evidence.peerMedian, 3);
    assert.equal(frequent.evidence.peerCount, 38);
    assert.equal(frequent.evidence.ageBand, '60-69');
    assert.equal(frequent.source, `card:peer-window:${chinaDate(new Date())}`);
    const costly = flags.find((f) => f.kind === 'card_amount')!;
    assert.equal(costly.evidence.amountFen, 420_000 + 430_000 + 440_000);
    assert.equal(flags.find((f) => f.kind === 'card_after_death')!.evidence.diedOn, chinaDate(new Date(now - 20 * DAY)));
    assert.equal((flags.find((f) => f.kind === 'card_after_lost')!.evidence.use as { institutionName: string }).institutionName, '金凤区益民大药房');

    // Card findings are for review: they hold no payment.
    const holds = await one<{ n: number }>(sql`select count(*)::int as n from integrity.holds`);
    assert.equal(holds.n, 0);
  });

  it('changes nothing when the same batch comes again, with or without its key', async () => {
    const before = await counts();
    const replay = await post(batch, 'cards-batch-1');
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const again = await post(batch, 'cards-batch-2');
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.json().recorded, 0);
    assert.equal(again.json().unchanged, batch.length);
    assert.deepEqual(await counts(), before);
  });

  it('shows a reviewer the trajectory with places, amounts and the impossible pair, and audits the read', async () => {
    const r = await t.request('GET', `/api/integrity/persons/${planted.travel.personId}/card-uses`, reviewer);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.equal(body.name, '马远行');
    assert.equal(body.uses.length, 3);
    const [ordinary, yinchuan, urumqi] = body.uses;
    assert.equal(ordinary.flagIds.length, 0);
    assert.equal(yinchuan.institution.name, '宁夏医科大学总医院');
    assert.equal(urumqi.institution.latitude, 43.8256);
    assert.equal(urumqi.amountFen, 22_000);
    assert.match(urumqi.cardNumberMasked, /^T\*+\d{3}$/);
    assert.equal(body.flags.length, 1);
    assert.deepEqual(body.flags[0].useIds, [yinchuan.id, urumqi.id]);
    assert.deepEqual(urumqi.flagIds, [body.flags[0].id]);
    const audited = await one<{ n: number }>(sql`select count(*)::int as n from audit.entries where action = 'integrity.card_uses_viewed' and subject_id = ${planted.travel.personId}`);
    assert.equal(audited.n, 1);
    // A period with nothing in it.
    const empty = await t.request('GET', `/api/integrity/persons/${planted.travel.personId}/card-uses?from=2020-01-01&to=2020-01-31`, reviewer);
    assert.equal(empty.json().uses.length, 0);
    const backwards = await t.request('GET', `/api/integrity/persons/${planted.travel.personId}/card-uses?from=2026-02-01&to=2026-01-01`, reviewer);
    assert.equal(backwards.statusCode, 422);
  });

  it('hides a person from a reviewer of another county (404)', async () => {
    const r = await t.request('GET', `/api/integrity/persons/${planted.travel.personId}/card-uses`, otherCounty);
    assert.equal(r.statusCode, 404);
    const none = await t.request('GET', `/api/integrity/persons/00000000-0000-4000-8000-000000000000/card-uses`, reviewer);
    assert.equal(none.statusCode, 404);
  });

  it('does not flag the same peer outlier again while the finding is open', async () => {
    const extra = [row(planted.frequent, 'H64010400001', daysAgo(1, 15), 1_500, 'YB-EXTRA-1')];
    const r = await post(extra);
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().findings.card_frequency, 0);
  });
});
