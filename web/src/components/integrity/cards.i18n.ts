/**
 * Strings of the card trajectory (用卡轨迹), under `cards`, added to the app's resources when the
 * component is first imported (the charts load lazily, so their words travel with them).
 */
import i18n from '../../i18n';

const zh = {
  title: '用卡轨迹',
  period: '期间',
  uses_one: '{{count}} 次用卡',
  uses_other: '{{count}} 次用卡',
  places_one: '{{count}} 个地点',
  places_other: '{{count}} 个地点',
  empty: '该期间没有用卡记录',
  truncated: '记录较多，只显示前 {{count}} 条，请缩短期间',
  loadFailed: '用卡轨迹加载失败',
  timeline: '用卡时间线',
  timelineHint: '横轴为时间，纵轴为机构；点的大小表示金额，红色为疑点涉及的用卡',
  places: '用卡地点',
  placesHint: '横轴为经度、纵轴为纬度的示意图（不是地图）；虚线连接先后用卡，红线为不可能的行程',
  ordinary: '正常用卡',
  flagged: '疑点涉及',
  path: '先后顺序',
  impossible: '不可能的行程',
  longitude: '经度',
  latitude: '纬度',
  kinds: { settlement: '医疗结算', pharmacy: '药店购药' },
  institutionKinds: { hospital: '医院', clinic: '基层医疗机构', pharmacy: '定点药店' },
  flagKinds: {
    card_impossible_travel: '用卡行程不可能',
    card_frequency: '就诊次数远高于同类人员',
    card_amount: '医疗费用远高于同类人员',
    card_after_death: '死亡后用卡',
    card_after_lost: '挂失后用卡',
  },
  column: { usedAt: '用卡时间', institution: '机构', region: '所在地', kind: '类别', amount: '金额', card: '卡号', reference: '结算流水号', condition: '病种组' },
  visits: '{{count}} 次就诊',
  findingTitle: '本疑点',
  journey: '{{from}} → {{to}}：相距 {{distance}} 公里，间隔 {{hours}} 小时，折合 {{speed}} 公里/小时（上限 {{max}} 公里/小时）',
  journeySimultaneous: '{{from}} → {{to}}：相距 {{distance}} 公里，却在同一时间用卡',
  peerVisits: '近 {{days}} 天（{{start}} 至 {{end}}）就诊 {{value}} 次；同年龄段（{{band}} 岁）、同病种组（{{group}}）的 {{peers}} 名同类人员中位数 {{median}} 次，第 {{pct}} 百分位 {{p99}} 次',
  peerAmount: '近 {{days}} 天（{{start}} 至 {{end}}）费用 {{value}}；同年龄段（{{band}} 岁）、同病种组（{{group}}）的 {{peers}} 名同类人员中位数 {{median}}，第 {{pct}} 百分位 {{p99}}',
  noGroup: '未分组',
  afterDeath: '死亡日期 {{date}}；之后在 {{place}} 用卡（{{at}}）',
  afterLost: '{{lostAt}} 挂失{{found}}；之后在 {{place}} 用卡（{{at}}）',
  foundAgain: '，{{at}} 解挂',
  otherFindings: '该人员的其他用卡疑点',
};

const en: typeof zh = {
  title: 'Card trajectory',
  period: 'Period',
  uses_one: '{{count}} use',
  uses_other: '{{count}} uses',
  places_one: '{{count}} place',
  places_other: '{{count}} places',
  empty: 'No card uses in this period',
  truncated: 'Only the first {{count}} uses are shown; narrow the period',
  loadFailed: 'The card trajectory could not be loaded',
  timeline: 'Uses over time',
  timelineHint: 'Time across, institution down; the size of a dot is the amount; red uses are named by a finding',
  places: 'Places of use',
  placesHint: 'Longitude across, latitude up (a sketch, not a map); dashed lines join uses in order, red lines are impossible journeys',
  ordinary: 'Ordinary use',
  flagged: 'Named by a finding',
  path: 'In order',
  impossible: 'Impossible journey',
  longitude: 'Longitude',
  latitude: 'Latitude',
  kinds: { settlement: 'Medical settlement', pharmacy: 'Pharmacy purchase' },
  institutionKinds: { hospital: 'Hospital', clinic: 'Clinic', pharmacy: 'Pharmacy' },
  flagKinds: {
    card_impossible_travel: 'Impossible journey',
    card_frequency: 'Visits far above peers',
    card_amount: 'Amounts far above peers',
    card_after_death: 'Used after death',
    card_after_lost: 'Used after reported lost',
  },
  column: { usedAt: 'Used at', institution: 'Institution', region: 'Region', kind: 'Kind', amount: 'Amount', card: 'Card', reference: 'Reference', condition: 'Condition group' },
  visits: '{{count}} visits',
  findingTitle: 'This finding',
  journey: '{{from}} → {{to}}: {{distance}} km apart, {{hours}} h between, {{speed}} km/h (limit {{max}} km/h)',
  journeySimultaneous: '{{from}} → {{to}}: {{distance}} km apart, at the same time',
  peerVisits: 'Last {{days}} days ({{start}} to {{end}}): {{value}} visits; among {{peers}} peers of the same age band ({{band}}) and condition group ({{group}}) the median is {{median}}, the {{pct}}th percentile {{p99}}',
  peerAmount: 'Last {{days}} days ({{start}} to {{end}}): {{value}}; among {{peers}} peers of the same age band ({{band}}) and condition group ({{group}}) the median is {{median}}, the {{pct}}th percentile {{p99}}',
  noGroup: 'none',
  afterDeath: 'Died on {{date}}; the card was then used at {{place}} ({{at}})',
  afterLost: 'Reported lost {{lostAt}}{{found}}; then used at {{place}} ({{at}})',
  foundAgain: ', found again {{at}}',
  otherFindings: 'Other card findings about this person',
};

i18n.addResourceBundle('zh', 'translation', { cards: zh }, true, false);
i18n.addResourceBundle('en', 'translation', { cards: en }, true, false);

/** Whether a kind of finding is a card finding (its label comes from here, not the funds labels). */
export const cardLabelKey = (kind: string) => `cards.flagKinds.${kind}`;
