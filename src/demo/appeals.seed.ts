import { eq, inArray } from 'drizzle-orm';
import { fakerZH_CN as faker } from '@faker-js/faker';
import type { RequestContext, StaffActor } from '@core/access/guard.ts';
import { departments } from '@core/access/access.tables.ts';
import { citizens, staff } from '@core/auth/auth.tables.ts';
import type { Minsheng } from '../app.ts';

/** DEMO ONLY: the api_key of the demo Open311 client (listed in the README). */
export const DEMO_OPEN311_API_KEY = 'demo-open311-yinchuan-2026';

const samples: { category: string; kind: 'complaint' | 'help' | 'consultation' | 'suggestion' | 'report'; title: string; body: string }[] = [
  { category: 'pension', kind: 'help', title: '养老金本月未到账', body: '我父亲每月15日领取养老金，这个月到现在还没有到账，社保卡也能正常使用，请帮忙查一下原因。' },
  { category: 'pension', kind: 'consultation', title: '退休手续怎么办理', body: '我明年三月满60周岁，想咨询办理退休需要准备哪些材料，缴费年限不够15年怎么办？' },
  { category: 'medical', kind: 'complaint', title: '异地就医报销太慢', body: '去年在西安住院的医保报销材料交上去三个月了还没有结果，打电话也说不清楚进度。' },
  { category: 'medical', kind: 'consultation', title: '门诊慢特病怎么申请', body: '母亲患高血压多年，想申请门诊慢特病待遇，请问在哪里申请，需要哪些诊断证明？' },
  { category: 'card', kind: 'help', title: '社保卡丢失需要补办', body: '社保卡不慎丢失，已经电话挂失，想问补卡要去哪个网点，多久能拿到新卡？' },
  { category: 'card', kind: 'suggestion', title: '建议增加电子社保卡办理点', body: '建议在街道便民服务中心增加电子社保卡激活和金融功能开通的自助设备，老年人不会用手机。' },
  { category: 'unemployment', kind: 'consultation', title: '失业金申领条件', body: '公司裁员后我已经办理了失业登记，请问失业保险金每月能领多少，最多能领几个月？' },
  { category: 'work_injury', kind: 'help', title: '工伤认定迟迟没有结论', body: '去年十月在工地摔伤，单位已经提交了工伤认定申请，超过60天了还没有认定结论。' },
  { category: 'employment', kind: 'consultation', title: '创业担保贷款怎么申请', body: '大学毕业两年，想开一家小餐馆，听说有创业担保贷款和一次性创业补贴，请问怎么申请？' },
  { category: 'flexible_workers', kind: 'consultation', title: '外卖骑手如何参加养老保险', body: '我是外卖骑手，没有固定单位，想以灵活就业人员身份参加职工养老保险，每月要交多少钱？' },
  { category: 'wage_arrears', kind: 'complaint', title: '工地拖欠农民工工资', body: '我们在某小区项目干了四个月，包工头拖欠二十多人的工资共计三十多万元，年底了还不给发。' },
  { category: 'fund_fraud', kind: 'report', title: '举报冒领养老金', body: '我们村有一位老人去年已经去世，但他家人一直在冒领养老金，希望有关部门核查。' },
];

/** The request context of a demo staff member, for seeding through the services as they would act. */
export async function staffContext(minsheng: Minsheng, username: string): Promise<RequestContext> {
  const db = minsheng.platform.database.db;
  const [row] = await db.select({ s: staff, d: departments }).from(staff).innerJoin(departments, eq(departments.id, staff.departmentId)).where(eq(staff.username, username));
  if (!row) throw new Error(`demo staff ${username} missing`);
  const actor: StaffActor = { kind: 'staff', id: row.s.id, name: row.s.displayName, roles: row.s.roles as StaffActor['roles'], departmentId: row.d.id, regionCode: row.d.regionCode };
  return { actor, requestId: 'demo-seed', channel: 'staff_screen' };
}

/** A demo Open311 client and a few dozen appeals at every stage, so the wall and the KPIs have something to show. */
export async function seedDemoAppeals(minsheng: Minsheng, count = 48) {
  const { appeals } = minsheng.modules;
  await appeals.registerOpen311Client('演示 Open311 客户端 (demo)', DEMO_OPEN311_API_KEY);
  faker.seed(12333);
  const db = minsheng.platform.database.db;
  const people = await db
    .select({ id: citizens.id, name: citizens.name, regionCode: citizens.regionCode })
    .from(citizens)
    .where(inArray(citizens.regionCode, ['640104001', '640104002', '640104003', '640105001', '640105002', '640106001']))
    .limit(count);
  const handlers: Record<string, RequestContext> = {};
  const handlerFor = async (departmentRegion: string) => {
    const username = departmentRegion === '640104001' ? 'xqfh.caseworker' : departmentRegion === '640104' ? 'xq.caseworker' : departmentRegion === '640105' ? 'xx.caseworker' : departmentRegion === '640106' ? 'jf.caseworker' : 'yc.caseworker';
    return (handlers[username] ??= await staffContext(minsheng, username));
  };
  for (let i = 0; i < people.length; i++) {
    const person = people[i]!;
    const sample = samples[i % samples.length]!;
    const citizenCtx: RequestContext = { actor: { kind: 'citizen', id: person.id, name: person.name, regionCode: person.regionCode }, requestId: 'demo-seed', channel: 'citizen_portal' };
    const appeal = await appeals.service.file(
      { kind: sample.kind, categoryCode: i % 5 === 0 ? undefined : sample.category, title: sample.title, body: sample.body, regionCode: person.regionCode, isPublic: i % 4 !== 3, anonymous: i % 6 === 5 },
      { channel: 'portal', actor: citizenCtx.actor, requestId: 'demo-seed' },
    );
    const stage = faker.number.int({ min: 0, max: 9 });
    if (stage < 3) continue;
    const handler = await handlerFor(appeal.departmentRegion);
    await appeals.service.acknowledge(handler, appeal.id);
    if (stage < 5) continue;
    await appeals.service.reply(handler, appeal.id, { body: `您好，关于“${sample.title}”：经核实，已按政策办理，如有疑问请致电 12333。`, resolved: stage !== 5 });
    if (stage < 7) continue;
    await appeals.service.rate(citizenCtx, appeal.id, { rating: stage === 9 ? 2 : faker.helpers.arrayElement([5, 5, 4, 3]), comment: stage === 9 ? '问题没有解决' : '处理及时，谢谢' });
  }
  return people.length;
}
