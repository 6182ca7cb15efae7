import { faker } from '@faker-js/faker/locale/zh_CN';
import { sql } from 'drizzle-orm';
import { AppError } from '@core/http/errors.ts';
import type { CardUseInput, InstitutionInput } from '@modules/integrity';
import type { Minsheng } from '../app.ts';
import { staffContext } from './appeals.seed.ts';

/**
 * DEMO DATA. Designated institutions (定点医药机构) in 银川's counties, and one in 乌鲁木齐 for
 * the planted impossible journey. The hospitals' names are real; their codes are invented and
 * their coordinates are approximate (to a few hundred metres at best). The pharmacies are
 * invented names standing for the kind of shop found in each county.
 */
const INSTITUTIONS: InstitutionInput[] = [
  { code: 'H64010400001', name: '宁夏医科大学总医院', kind: 'hospital', region: '640104010', latitude: 38.4727, longitude: 106.2445 },
  { code: 'H64010400002', name: '银川市第一人民医院', kind: 'hospital', region: '640104', latitude: 38.4812, longitude: 106.2275 },
  { code: 'H64010400003', name: '银川市中医医院', kind: 'hospital', region: '640104', latitude: 38.4760, longitude: 106.2810 },
  { code: 'H64010500001', name: '宁夏回族自治区人民医院', kind: 'hospital', region: '640105', latitude: 38.4985, longitude: 106.1545 },
  { code: 'H64010500002', name: '银川市西夏区人民医院', kind: 'hospital', region: '640105', latitude: 38.4905, longitude: 106.1320 },
  { code: 'C64010600001', name: '金凤区满城北街社区卫生服务中心', kind: 'clinic', region: '640106001', latitude: 38.4870, longitude: 106.2205 },
  { code: 'H64012100001', name: '永宁县人民医院', kind: 'hospital', region: '640121', latitude: 38.2770, longitude: 106.2530 },
  { code: 'H64012200001', name: '贺兰县人民医院', kind: 'hospital', region: '640122', latitude: 38.5540, longitude: 106.3490 },
  { code: 'H64018100001', name: '灵武市人民医院', kind: 'hospital', region: '640181', latitude: 38.1030, longitude: 106.3400 },
  { code: 'P64010400001', name: '兴庆区鼓楼康宁大药房（演示）', kind: 'pharmacy', region: '640104', latitude: 38.4685, longitude: 106.2785 },
  { code: 'P64010600001', name: '金凤区万寿堂药店（演示）', kind: 'pharmacy', region: '640106', latitude: 38.4930, longitude: 106.2270 },
  { code: 'P64010500001', name: '西夏区怀远益民药房（演示）', kind: 'pharmacy', region: '640105', latitude: 38.5010, longitude: 106.1300 },
  { code: 'P64012100001', name: '永宁县杨和惠民药房（演示）', kind: 'pharmacy', region: '640121', latitude: 38.2800, longitude: 106.2480 },
  { code: 'H65010200001', name: '新疆医科大学第一附属医院', kind: 'hospital', region: '650102', latitude: 43.8256, longitude: 87.6168 },
];
const URUMQI = 'H65010200001';
/** ICD-10 chapters for comparison with peers: circulatory, endocrine, respiratory, digestive, musculoskeletal, none. */
const CONDITION_GROUPS = ['I', 'I', 'E', 'J', 'K', 'M', undefined];
const DAY_MS = 86_400_000;

/** 2026-03-02T10:00:00.000+08:00, as the medical insurance system writes times. */
const chinaIso = (instant: Date) => `${new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;

/**
 * Three months of card uses for the demo persons who hold a social security card (the first
 * hundred), mostly near home, and two planted anomalies for the review queue: a card used in
 * 银川 and, ninety minutes later, in 乌鲁木齐; and a card used after it was reported lost (the
 * loss reported through the registry first). The detectors run as each batch is recorded.
 * Running it again records nothing twice (the references are fixed).
 */
export async function seedDemoCardUses(minsheng: Minsheng): Promise<{ institutions: number; uses: number; findings: Record<string, number> }> {
  const { database } = minsheng.platform;
  const { integrity, registry } = minsheng.modules;
  const head = await staffContext(minsheng, 'yc.head');
  const caseworker = await staffContext(minsheng, 'yc.caseworker');
  faker.seed(12393);

  let institutions = 0;
  for (const input of INSTITUTIONS) {
    try {
      await integrity.cards.registerInstitution(head, input);
      institutions++;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'institution_exists')) throw error;
    }
  }

  const holders = (
    (await database.db.execute(sql`
      select c.id as card_id, c.card_number, c.person_id, f.household_region
      from registry.cards c join registry.payee_facts f on f.person_id = c.person_id
      where c.status = 'active' and f.died_on is null
      order by c.card_number`)) as unknown as { rows: { card_id: string; card_number: string; person_id: string; household_region: string }[] }
  ).rows;
  if (holders.length < 2) return { institutions, uses: 0, findings: {} };

  const now = Date.now();
  const local = INSTITUTIONS.filter((i) => i.code !== URUMQI);
  const rows: CardUseInput[] = [];
  for (const [n, h] of holders.entries()) {
    const county = h.household_region.slice(0, 6);
    const near = local.filter((i) => i.region.startsWith(county));
    const hospitals = [...near, ...local].filter((i) => i.kind !== 'pharmacy');
    const pharmacies = [...near, ...local].filter((i) => i.kind === 'pharmacy');
    const group = faker.helpers.arrayElement(CONDITION_GROUPS);
    const visits = faker.number.int({ min: 1, max: 5 });
    const purchases = faker.number.int({ min: 0, max: 3 });
    for (let k = 0; k < visits + purchases; k++) {
      const pharmacy = k >= visits;
      const back = faker.number.int({ min: 2, max: 89 });
      // The traveller stays home for a few days around the planted journey (9 days back).
      if (n === 0 && Math.abs(back - 9) <= 3) continue;
      const day = new Date(now - back * DAY_MS);
      const at = new Date(Math.floor(day.getTime() / DAY_MS) * DAY_MS + faker.number.int({ min: 0, max: 9 * 60 }) * 60_000); // 08:00–17:00 China time
      rows.push({
        cardNumber: h.card_number,
        // Mostly near home; now and then a hospital across town.
        institutionCode: faker.helpers.arrayElement(pharmacy ? pharmacies.slice(0, 2) : faker.number.int(9) < 8 ? hospitals.slice(0, 2) : hospitals).code,
        kind: pharmacy ? 'pharmacy' : 'settlement',
        usedAt: chinaIso(at),
        amountFen: pharmacy ? faker.number.int({ min: 20, max: 300 }) * 100 : faker.number.int({ min: 80, max: 800 }) * 100 + faker.number.int(99),
        conditionGroup: group,
        reference: `DEMO-YB-${String(n).padStart(4, '0')}-${k}`,
      });
    }
  }
  // Planted: the first holder's card in 银川 at ten, then in 乌鲁木齐 (1665 km away) at half past eleven.
  const traveller = holders[0]!;
  const tenOClock = new Date(Math.floor((now - 9 * DAY_MS) / DAY_MS) * DAY_MS + 2 * 3_600_000);
  rows.push({ cardNumber: traveller.card_number, institutionCode: 'H64010400001', kind: 'settlement', usedAt: chinaIso(tenOClock), amountFen: 36_800, conditionGroup: 'I', reference: 'DEMO-YB-TRAVEL-1' });
  rows.push({ cardNumber: traveller.card_number, institutionCode: URUMQI, kind: 'settlement', usedAt: chinaIso(new Date(tenOClock.getTime() + 90 * 60_000)), amountFen: 52_300, conditionGroup: 'I', reference: 'DEMO-YB-TRAVEL-2' });

  const findings: Record<string, number> = {};
  const add = (counts: Record<string, number>) => Object.entries(counts).forEach(([k, v]) => (findings[k] = (findings[k] ?? 0) + v));
  const first = await integrity.cards.recordBatch(head, { rows });
  if (!first.ok) throw new Error(`demo card uses refused: ${JSON.stringify(first.rows.filter((r) => r.status === 'rejected').slice(0, 3))}`);
  add(first.findings);

  // Planted: the second holder reports the card lost at the counter; a pharmacy takes it afterwards.
  const loser = holders[1]!;
  const [card] = await registry.reader.cardFacts(database.db, { ids: [loser.card_id] });
  if (card?.status === 'active') {
    await registry.records.changeCardStatus(caseworker, loser.person_id, loser.card_id, { status: 'reported_lost', reason: '本人来电挂失（演示）' });
  }
  const afterLost = await integrity.cards.recordBatch(head, {
    rows: [{ cardNumber: loser.card_number, institutionCode: 'P64010400001', kind: 'pharmacy', usedAt: chinaIso(new Date()), amountFen: 68_900, conditionGroup: 'E', reference: 'DEMO-YB-LOST-1' }],
  });
  add(afterLost.findings);
  return { institutions, uses: first.recorded + afterLost.recorded, findings };
}
