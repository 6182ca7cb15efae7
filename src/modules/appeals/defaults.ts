import type { RoutingLevel } from './appeals.tables.ts';

/** Categories shipped with minsheng; administrators add, rename or retire them in the console. */
export const defaultCategories: { code: string; nameZh: string; nameEn: string; descriptionZh: string; keywords: string[] }[] = [
  { code: 'pension', nameZh: '养老保险', nameEn: 'Pensions', descriptionZh: '养老金发放、待遇核定、退休办理', keywords: ['养老金', '养老保险', '退休金', '退休', '待遇', '领取', '认证', '个人账户'] },
  { code: 'medical', nameZh: '医疗保险', nameEn: 'Medical insurance', descriptionZh: '医保报销、异地就医、参保缴费', keywords: ['医保', '医保报销', '报销', '住院', '门诊', '异地就医', '医疗', '药店'] },
  { code: 'card', nameZh: '社会保障卡', nameEn: 'Social security cards', descriptionZh: '社保卡申领、挂失、补换、激活', keywords: ['社保卡', '补卡', '挂失', '激活', '换卡', '制卡', '电子社保卡'] },
  { code: 'unemployment', nameZh: '失业保险', nameEn: 'Unemployment insurance', descriptionZh: '失业登记、失业保险金', keywords: ['失业', '失业金', '失业保险', '失业登记', '稳岗'] },
  { code: 'work_injury', nameZh: '工伤保险', nameEn: 'Work injury', descriptionZh: '工伤认定、劳动能力鉴定、工伤待遇', keywords: ['工伤', '工伤认定', '劳动能力鉴定', '伤残', '职业病', '受伤'] },
  { code: 'employment', nameZh: '就业创业', nameEn: 'Employment', descriptionZh: '就业服务、职业培训、创业补贴', keywords: ['就业', '招聘', '创业', '培训', '补贴', '求职', '见习'] },
  { code: 'flexible_workers', nameZh: '灵活就业', nameEn: 'Flexible workers', descriptionZh: '灵活就业人员参保缴费', keywords: ['灵活就业', '个体', '自由职业', '外卖', '骑手', '网约车', '新就业形态'] },
  { code: 'wage_arrears', nameZh: '欠薪（农民工工资）', nameEn: "Unpaid wages (migrant workers)", descriptionZh: '拖欠工资、农民工工资支付', keywords: ['欠薪', '拖欠工资', '农民工', '讨薪', '工资', '包工头', '工地'] },
  { code: 'fund_fraud', nameZh: '基金监督举报', nameEn: 'Fund fraud reports', descriptionZh: '冒领、骗保、套取社保基金', keywords: ['冒领', '骗保', '套取', '虚假', '举报', '死亡', '代领'] },
  { code: 'fund_disclosure', nameZh: '基金收支公开', nameEn: 'Fund accounts and disclosure', descriptionZh: '对公开的基金收入、支出、结余或本人缴费记录的疑问', keywords: ['基金', '收支', '结余', '公开', '缴费记录', '对账', '账户余额'] },
  { code: 'other', nameZh: '其他', nameEn: 'Other', descriptionZh: '其他社会保障事项', keywords: [] },
];

/**
 * Default routing: the town or street office handles an appeal first (三级: town → county →
 * city); work-injury cases and wage arrears need county labour inspection; fund fraud goes to
 * the city's fund supervision.
 */
export const defaultRoutingRules: { categoryCode: string | null; regionPrefix: string; level: RoutingLevel; note: string }[] = [
  { categoryCode: null, regionPrefix: '', level: 'town', note: '默认由乡镇（街道）社保所首办' },
  { categoryCode: 'work_injury', regionPrefix: '', level: 'county', note: '工伤认定由县级人社部门办理' },
  { categoryCode: 'wage_arrears', regionPrefix: '', level: 'county', note: '欠薪由县级劳动保障监察处理' },
  { categoryCode: 'fund_fraud', regionPrefix: '', level: 'city', note: '基金举报由市级基金监督处理' },
  { categoryCode: 'fund_disclosure', regionPrefix: '', level: 'city', note: '基金收支疑问由市级基金管理部门答复' },
];

/** Default time limits: acknowledge within one working day (8 h), reply within 15 working days. */
export const defaultTimeLimits = [
  { categoryCode: null, kind: null, ackWorkingHours: 8, replyWorkingDays: 15 },
  { categoryCode: null, kind: 'consultation' as const, ackWorkingHours: 8, replyWorkingDays: 5 },
  { categoryCode: 'wage_arrears', kind: null, ackWorkingHours: 4, replyWorkingDays: 10 },
];
