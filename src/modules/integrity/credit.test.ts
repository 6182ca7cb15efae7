import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  CREDIT_RULES_V1,
  daysBetween,
  employerCriteria,
  gradeOf,
  isUnderDeclared,
  monthsBefore,
  personCriteria,
  rateEmployer,
  ratePerson,
  ruleProblems,
  type CreditRules,
  type EmployerCreditFacts,
  type PersonCreditFacts,
  type RecoveryOrderFact,
  type UnpaidMonth,
} from './credit.rules.ts';

const V1 = CREDIT_RULES_V1;
const AS_OF = '2026-11-29';

/** A month of contributions unpaid, due on the 15th of the next month (缴费期限). */
const unpaid = (period: string, outstandingFen = 100_000): UnpaidMonth => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const dueOn = m === 12 ? `${y + 1}-01-15` : `${y}-${String(m + 1).padStart(2, '0')}-15`;
  return { period, dueOn, outstandingFen };
};
const employer = (f: Partial<EmployerCreditFacts>): EmployerCreditFacts => ({ unpaidMonths: [], declaredVsTax: [], confirmedFraudFindings: 0, ...f });
const order = (o: Partial<RecoveryOrderFact> & { orderId: string }): RecoveryOrderFact => ({ reason: 'paid_after_death', amountFen: 240_000, recoveredFen: 0, status: 'open', openedOn: '2026-06-01', periods: ['2026-02'], ...o });
const person = (f: Partial<PersonCreditFacts>): PersonCreditFacts => ({ recoveryOrders: [], stoppedFindings: [], ...f });
const months = (from: number, n: number, year = 2025) => Array.from({ length: n }, (_, i) => `${year + Math.floor((from - 1 + i) / 12)}-${String(((from - 1 + i) % 12) + 1).padStart(2, '0')}`);

describe('credit rules, version 1 (pure)', () => {
  it('grades A ≥ 90, B ≥ 75, C ≥ 60, D below', () => {
    assert.deepEqual(
      [100, 90, 89, 75, 74, 60, 59, 0].map((s) => gradeOf(V1, s)),
      ['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D'],
    );
  });

  it('rates an employer with no debt and honest declarations 100, A, with no reasons', () => {
    assert.deepEqual(rateEmployer(V1, employer({ declaredVsTax: [{ personId: 'p', period: '2026-05', declaredWageFen: 600_000, taxIncomeFen: 600_000 }] }), AS_OF), { score: 100, grade: 'A', reasons: [] });
  });

  it('worked example: 3 months in arrears and 1 under-declared employee-month → 100 − 15 − 10 = 75, B', () => {
    // As of 2026-11-29: 2026-06 (due 07-15, 137 days late), 2026-07 (due 08-15), 2026-08 (due 09-15, 75 days):
    // three months more than 30 days past due → 3 × −5 = −15.
    // 2026-10 (due 11-15, 14 days) is late but within the 30-day grace: no deduction.
    // One employee declared 3,000.00 yuan in 2026-05 while tax saw 6,000.00 (50% below) → −10.
    // A second declared 5,500.00 against 6,000.00 (8.3% below, within 10%) → nothing.
    const r = rateEmployer(
      V1,
      employer({
        unpaidMonths: [unpaid('2026-06'), unpaid('2026-07'), unpaid('2026-08'), unpaid('2026-10')],
        declaredVsTax: [
          { personId: 'a', period: '2026-05', declaredWageFen: 300_000, taxIncomeFen: 600_000 },
          { personId: 'b', period: '2026-05', declaredWageFen: 550_000, taxIncomeFen: 600_000 },
        ],
      }),
      AS_OF,
    );
    assert.equal(r.score, 75);
    assert.equal(r.grade, 'B');
    assert.deepEqual(
      r.reasons.map((x) => [x.code, x.points]),
      [
        ['employer_arrears', -15],
        ['employer_under_declared', -10],
      ],
    );
    assert.deepEqual(r.reasons[0]!.detail.periods, ['2026-06', '2026-07', '2026-08']);
    assert.equal(r.reasons[0]!.detail.outstandingFen, 300_000);
    assert.equal(r.reasons[1]!.detail.employeeMonths, 1);
  });

  it('caps the deductions: 10 months in arrears take 40, not 50; 5 under-declared months take 30, not 50; fraud is uncapped', () => {
    // 100 − 40 (arrears, capped) − 30 (under-declared, capped) − 2 × 30 (fraud) = −30 → 0, D.
    const r = rateEmployer(
      V1,
      employer({
        unpaidMonths: months(1, 10).map((p) => unpaid(p)),
        declaredVsTax: months(1, 5, 2026).map((period) => ({ personId: 'a', period, declaredWageFen: 100_000, taxIncomeFen: 500_000 })),
        confirmedFraudFindings: 2,
      }),
      AS_OF,
    );
    assert.deepEqual(
      r.reasons.map((x) => [x.code, x.points, x.detail.capped]),
      [
        ['employer_arrears', -40, true],
        ['employer_under_declared', -30, true],
        ['employer_fraud', -60, false],
      ],
    );
    assert.equal(r.score, 0, 'the score never goes below 0');
    assert.equal(r.grade, 'D');
  });

  it('counts a month as in arrears only when more than 30 days past due: exactly 30 is not', () => {
    // 2026-09 is due 2026-10-15; 2026-11-14 is 30 days later, 2026-11-15 is 31.
    assert.equal(daysBetween('2026-10-15', '2026-11-14'), 30);
    assert.deepEqual(rateEmployer(V1, employer({ unpaidMonths: [unpaid('2026-09')] }), '2026-11-14').reasons, []);
    assert.equal(rateEmployer(V1, employer({ unpaidMonths: [unpaid('2026-09')] }), '2026-11-15').reasons[0]!.points, -5);
    // A month paid in full is no arrears, whatever its age.
    assert.deepEqual(rateEmployer(V1, employer({ unpaidMonths: [unpaid('2026-01', 0)] }), AS_OF).reasons, []);
  });

  it('counts under-declaration only when more than 10% below what tax saw: exactly 10% is not', () => {
    assert.equal(isUnderDeclared(540_000, 600_000, 1000), false, '5,400 against 6,000 is exactly 10% below');
    assert.equal(isUnderDeclared(539_999, 600_000, 1000), true, 'one fen less is more than 10%');
    assert.equal(isUnderDeclared(600_000, 0, 1000), false, 'nothing reported to tax: nothing to compare');
    assert.equal(isUnderDeclared(700_000, 600_000, 1000), false, 'declaring more than tax saw is not under-declaring');
  });

  it('worked example: a person with a stopped death finding and an order unpaid for 100 days → 100 − 40 − 20 = 40, D', () => {
    const r = ratePerson(
      V1,
      person({
        recoveryOrders: [order({ orderId: 'o1', amountFen: 1_200_000, openedOn: addDays(AS_OF, -100), periods: months(2, 5, 2026) })],
        stoppedFindings: [{ flagId: 7, kind: 'deceased' }],
      }),
      AS_OF,
    );
    assert.deepEqual(
      r.reasons.map((x) => [x.code, x.points]),
      [
        ['person_drawn_finding', -40],
        ['person_unrepaid_recovery', -20],
      ],
    );
    assert.deepEqual([r.score, r.grade], [40, 'D']);
    assert.equal(r.reasons[1]!.detail.outstandingFen, 1_200_000);
  });

  it('does not count a stopped finding where no money was drawn, nor kinds that are not about drawing money', () => {
    // Stopped before payment: no recovery order, so nothing was drawn.
    assert.deepEqual(ratePerson(V1, person({ stoppedFindings: [{ flagId: 1, kind: 'duplicate_identity' }] }), AS_OF), { score: 100, grade: 'A', reasons: [] });
    // A lapsed certification is a procedural hold, not drawing money one is not entitled to.
    const r = ratePerson(V1, person({ recoveryOrders: [order({ orderId: 'o', status: 'recovered', recoveredFen: 240_000 })], stoppedFindings: [{ flagId: 2, kind: 'certification_overdue' }] }), AS_OF);
    assert.deepEqual([r.score, r.reasons.length], [100, 0]);
  });

  it('counts an order as unrepaid only more than 90 days after it was opened, and not when paid or waived', () => {
    const at = (days: number, o: Partial<RecoveryOrderFact> = {}) => ratePerson(V1, person({ recoveryOrders: [order({ orderId: 'o', openedOn: addDays(AS_OF, -days), ...o })] }), AS_OF).score;
    assert.equal(at(90), 100, 'exactly 90 days: still within the time to repay');
    assert.equal(at(91), 80);
    assert.equal(at(200, { status: 'recovered', recoveredFen: 240_000 }), 100);
    assert.equal(at(200, { status: 'waived' }), 100);
    assert.equal(at(200, { recoveredFen: 100_000 }), 80, 'partly repaid is still unrepaid');
  });
});

describe('dishonesty criteria, version 1 (《社会保险领域严重失信人名单管理暂行办法》 Art. 5)', () => {
  const opened = addDays(AS_OF, -120);

  it('lists a person for more than 6 months after losing eligibility: exactly 6 is not enough', () => {
    const six = person({ recoveryOrders: [order({ orderId: 'o', amountFen: 600_000, openedOn: opened, periods: months(1, 6, 2026) })] });
    assert.deepEqual(personCriteria(V1, six, AS_OF), []);
    const seven = person({ recoveryOrders: [order({ orderId: 'o', amountFen: 700_000, openedOn: opened, periods: months(1, 7, 2026) })] });
    const [hit] = personCriteria(V1, seven, AS_OF);
    assert.equal(hit?.ruleCode, 'person_overdrawn_unrepaid');
    assert.deepEqual([hit?.evidence.months, hit?.evidence.byMonths, hit?.evidence.byAmount], [7, true, false]);
  });

  it('lists a person for more than 10,000 yuan: exactly 10,000.00 is not enough, 10,000.01 is', () => {
    const exactly = person({ recoveryOrders: [order({ orderId: 'o', amountFen: 1_000_000, openedOn: opened, periods: months(2, 5, 2026) })] });
    assert.deepEqual(personCriteria(V1, exactly, AS_OF), []);
    const more = person({ recoveryOrders: [order({ orderId: 'o', amountFen: 1_000_001, openedOn: opened, periods: months(2, 5, 2026) })] });
    const [hit] = personCriteria(V1, more, AS_OF);
    assert.deepEqual([hit?.evidence.drawnFen, hit?.evidence.byAmount, hit?.evidence.byMonths, hit?.evidence.basis], [1_000_001, true, false, 'o']);
  });

  it('adds up a person’s unrepaid orders, and lists nobody still within the 90 days to repay', () => {
    const two = person({
      recoveryOrders: [
        order({ orderId: 'b', amountFen: 600_000, openedOn: opened, periods: ['2026-02', '2026-03', '2026-04'] }),
        order({ orderId: 'a', amountFen: 600_000, openedOn: opened, periods: ['2026-05', '2026-06', '2026-07', '2026-08'] }),
      ],
    });
    const [hit] = personCriteria(V1, two, AS_OF);
    assert.deepEqual([hit?.evidence.months, hit?.evidence.drawnFen, hit?.evidence.basis], [7, 1_200_000, 'a,b']);
    const recent = person({ recoveryOrders: [order({ orderId: 'o', amountFen: 5_000_000, openedOn: addDays(AS_OF, -90), periods: months(1, 12, 2026) })] });
    assert.deepEqual(personCriteria(V1, recent, AS_OF), [], 'the order is the demand to return; 90 days to do so');
    const repaid = person({ recoveryOrders: [order({ orderId: 'o', amountFen: 5_000_000, recoveredFen: 5_000_000, status: 'recovered', openedOn: opened, periods: months(1, 12, 2026) })] });
    assert.deepEqual(personCriteria(V1, repaid, AS_OF), []);
  });

  it('lists an employer for more than 12 months unpaid after the demand: exactly 12 is not enough', () => {
    const twelve = employer({ unpaidMonths: months(9, 12).map((p) => unpaid(p, 10_000)) }); // 2025-09 … 2026-08
    assert.deepEqual(employerCriteria(V1, twelve, AS_OF), []);
    const thirteen = employer({ unpaidMonths: months(8, 13).map((p) => unpaid(p, 10_000)) });
    const [hit] = employerCriteria(V1, thirteen, AS_OF);
    assert.deepEqual([hit?.ruleCode, hit?.evidence.months, hit?.evidence.byMonths, hit?.evidence.byAmount], ['employer_arrears_unpaid', 13, true, false]);
  });

  it('lists an employer for more than 100,000 yuan unpaid after the demand: exactly 100,000.00 is not enough', () => {
    const exactly = employer({ unpaidMonths: [unpaid('2026-07', 5_000_000), unpaid('2026-08', 5_000_000)] });
    assert.deepEqual(employerCriteria(V1, exactly, AS_OF), []);
    const more = employer({ unpaidMonths: [unpaid('2026-07', 5_000_000), unpaid('2026-08', 5_000_001)] });
    assert.equal(employerCriteria(V1, more, AS_OF)[0]?.evidence.outstandingFen, 10_000_001);
    // A month not yet 30 days past due does not count towards the money (the demand has not run out).
    const fresh = employer({ unpaidMonths: [unpaid('2026-08', 5_000_000), unpaid('2026-10', 9_000_000)] });
    assert.deepEqual(employerCriteria(V1, fresh, AS_OF), []);
  });
});

describe('rule sets as data', () => {
  it('accepts version 1 and refuses grades that do not descend or cannot be reached, and unknown kinds', () => {
    assert.deepEqual(ruleProblems(V1), []);
    const bad: CreditRules = {
      ...V1,
      startScore: 80,
      grades: { A: 90, B: 90, C: 0 },
      person: { ...V1.person, drawnFinding: { ...V1.person.drawnFinding, kinds: ['deceased', 'deceased', 'nonsense' as never] } },
    };
    assert.deepEqual(
      ruleProblems(bad).map((p) => p.path),
      ['/grades', '/grades/A', '/grades/C', '/person/drawnFinding/kinds/2', '/person/drawnFinding/kinds'],
    );
  });

  it('scores by the version given: a version with heavier arrears rates the same facts lower', () => {
    const v2: CreditRules = { ...V1, employer: { ...V1.employer, arrears: { ...V1.employer.arrears, pointsPerMonth: 8 } } };
    const facts = employer({ unpaidMonths: [unpaid('2026-06'), unpaid('2026-07'), unpaid('2026-08')] });
    assert.deepEqual([rateEmployer(V1, facts, AS_OF).score, rateEmployer(v2, facts, AS_OF).score], [85, 76]);
  });

  it('does arithmetic on days and months in the calendar', () => {
    assert.equal(addDays('2026-11-29', 365), '2027-11-29');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(monthsBefore('2026-11-29', 24), '2024-11');
    assert.equal(monthsBefore('2026-01-05', 1), '2025-12');
    assert.equal(daysBetween('2026-01-01', '2026-12-31'), 364);
  });
});
