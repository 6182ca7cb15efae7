import { asc } from 'drizzle-orm';
import { faker } from '@faker-js/faker/locale/zh_CN';
import { citizens } from '@core/auth/auth.tables.ts';
import { creditCodeCheckCharacter } from '@core/identity/credit-code.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { Minsheng } from '../app.ts';
import { staffContext } from './appeals.seed.ts';

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const TRADES = ['商贸', '建筑工程', '物流', '餐饮管理', '枸杞科技', '葡萄酒业', '物业服务', '机械制造', '信息技术', '家政服务', '乳业', '清真食品'];
const INDUSTRY_OF_TRADE = ['F', 'E', 'G', 'H', 'A', 'C', 'K', 'C', 'I', 'O', 'C', 'C'];
const WITH_RECORDS = 100;
const BANKS = ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '宁夏银行', '黄河农村商业银行'];

/** A company's code: registration authority 9 (market regulation), type 1 (enterprise), its county, a body and the check character. */
function demoCreditCode(county: string): string {
  const body = `91${county}${Array.from({ length: 9 }, () => faker.helpers.arrayElement([...CREDIT_ALPHABET])).join('')}`;
  return body + creditCodeCheckCharacter(body);
}

const yearsAgo = (today: string, years: number) => `${Number(today.slice(0, 4)) - years}${today.slice(4)}`;
const later = (a: string, b: string) => (a > b ? a : b);

/**
 * Every demo citizen also stands in the person registry, registered by the city bureau's
 * caseworker through the same services (and audit trail) a counter uses, with the records a
 * real file would have: a social security card, enrolments, a bank account for benefits and,
 * for those in work, an employer and their income.
 */
export async function seedDemoPersons(minsheng: Minsheng): Promise<number> {
  const { database, crypto } = minsheng.platform;
  const { service, employers, records } = minsheng.modules.registry;
  const ctx = await staffContext(minsheng, 'yc.caseworker');
  faker.seed(2260);
  const people = await database.db.select().from(citizens).orderBy(asc(citizens.createdAt));
  const counties = [...new Set(people.map((c) => c.regionCode.slice(0, 6)))];
  const firms = [];
  for (const [i, county] of counties.entries()) {
    for (let k = 0; k < 3; k++) {
      const trade = (i * 3 + k) % TRADES.length;
      const town = people.find((c) => c.regionCode.startsWith(county))!.regionCode;
      firms.push(
        await employers.register(ctx, {
          creditCode: demoCreditCode(county),
          name: `${minsheng.platform.regions.name(county)}${faker.person.lastName()}氏${TRADES[trade]}有限公司`,
          industry: INDUSTRY_OF_TRADE[trade]!,
          region: town,
        }),
      );
    }
  }
  const today = chinaDate(new Date());
  const thisMonth = today.slice(0, 7);
  for (const [n, c] of people.entries()) {
    const idNumber = crypto.decrypt(c.idNumberEnc);
    const person = await service.register(ctx, { idNumber, name: c.name, householdRegion: c.regionCode, phone: c.phoneEnc ? crypto.decrypt(c.phoneEnc) : undefined });
    const adult = later(yearsAgo(person.birthDate, -18), '2000-01-01');
    // Full files for the first hundred keep the first start quick; the rest are registered only.
    if (adult > today || n >= WITH_RECORDS) continue;
    const since = faker.date.between({ from: adult, to: today }).toISOString().slice(0, 10);
    await records.issueCard(ctx, person.id, { cardNumber: `${String.fromCharCode(65 + (n % 26))}${String(10_000_000 + n * 7919).slice(-8)}`, issuingBank: faker.helpers.arrayElement(BANKS), issuedOn: since });
    const retired = person.birthDate < yearsAgo(today, 60);
    const employed = !retired && n % 3 !== 0;
    const local = firms.filter((f) => f.region.slice(0, 6) === c.regionCode.slice(0, 6));
    if (employed && local.length > 0) {
      const firm = faker.helpers.arrayElement(local);
      await records.startEmployment(ctx, person.id, { employerId: firm.id, startedOn: since });
      for (const scheme of ['employee_pension', 'employee_medical', 'unemployment', 'work_injury'] as const) {
        await records.enrol(ctx, person.id, { scheme, region: firm.region, startedOn: since, employerId: firm.id });
      }
      const monthly = faker.number.int({ min: 2_600, max: 12_000 }) * 100;
      for (let back = 1; back <= 3; back++) {
        const d = new Date(`${thisMonth}-01T00:00:00Z`);
        d.setUTCMonth(d.getUTCMonth() - back);
        const period = d.toISOString().slice(0, 7);
        if (period >= since.slice(0, 7)) await records.addIncome(ctx, person.id, { period, payerCreditCode: firm.creditCode, amountFen: monthly });
      }
    } else {
      for (const scheme of ['resident_pension', 'resident_medical'] as const) await records.enrol(ctx, person.id, { scheme, region: c.regionCode, startedOn: since });
    }
    if (retired || n % 2 === 0) {
      await records.addBankAccount(ctx, person.id, { bankName: faker.helpers.arrayElement(BANKS), accountNumber: `62${faker.string.numeric(17)}` });
    }
  }
  return people.length;
}
