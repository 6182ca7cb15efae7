import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCategories, defaultRoutingRules } from './defaults.ts';
import { classify } from './classifier.ts';
import { departmentFor, parentRegion, pickRule, type DepartmentRef } from './routing.ts';

const departments: DepartmentRef[] = [
  { id: 'city', regionCode: '6401' },
  { id: 'xingqing', regionCode: '640104' },
  { id: 'fenghuang', regionCode: '640104001' },
  { id: 'xixia', regionCode: '640105' },
];

describe('routing matrix', () => {
  const cases: { category: string; region: string; expected: string }[] = [
    { category: 'pension', region: '640104001', expected: 'fenghuang' }, // town office exists
    { category: 'pension', region: '640104002', expected: 'xingqing' }, // no town office: the county
    { category: 'pension', region: '640105001', expected: 'xixia' },
    { category: 'pension', region: '640106001', expected: 'city' }, // no county bureau in the data: the city
    { category: 'pension', region: '640104', expected: 'xingqing' }, // a county code routes to the county
    { category: 'work_injury', region: '640104001', expected: 'xingqing' },
    { category: 'wage_arrears', region: '640105003', expected: 'xixia' },
    { category: 'fund_fraud', region: '640104001', expected: 'city' },
    { category: 'card', region: '640104001', expected: 'fenghuang' },
  ];
  for (const c of cases) {
    it(`${c.category} in ${c.region} → ${c.expected}`, () => {
      const rule = pickRule(defaultRoutingRules, c.category, c.region);
      assert.ok(rule);
      assert.equal(departmentFor(departments, c.region, rule.level)?.id, c.expected);
    });
  }

  it('prefers a rule for a narrower region over a wider one', () => {
    const rules = [...defaultRoutingRules, { categoryCode: null, regionPrefix: '640105', level: 'county' as const, note: '' }];
    assert.equal(pickRule(rules, 'pension', '640105001')?.level, 'county');
    assert.equal(pickRule(rules, 'pension', '640104001')?.level, 'town');
  });

  it('climbs one level at a time for escalation', () => {
    assert.equal(parentRegion('640104001'), '640104');
    assert.equal(parentRegion('640104'), '6401');
    assert.equal(parentRegion('6401'), '64');
    assert.equal(parentRegion('64'), undefined);
  });
});

describe('classifier', () => {
  it('recognises social-security topics from domain words', () => {
    assert.equal(classify('我父亲的养老金这个月没有到账，退休金一直没发', defaultCategories).code, 'pension');
    assert.equal(classify('社保卡丢了，怎么挂失补卡', defaultCategories).code, 'card');
    assert.equal(classify('工地包工头拖欠工资三个月，农民工讨薪无门', defaultCategories).code, 'wage_arrears');
    assert.equal(classify('在外地住院，医保报销怎么办理异地就医备案', defaultCategories).code, 'medical');
  });
  it('gives a confidence and falls back to other', () => {
    const mixed = classify('养老金和社保卡的问题', defaultCategories);
    assert.ok(mixed.confidence > 0 && mixed.confidence < 1);
    assert.deepEqual(classify('你好', defaultCategories), { code: 'other', confidence: 0 });
  });
});
