/**
 * 人社信用: the credit rules as data, and the pure evaluation of a party's facts under them.
 *
 * A rule set is a version: published once, never edited (a change is the next version), and every
 * rating and dishonesty entry names the version it was made under, so anyone can recompute it.
 * Nothing here reads the database or the clock: facts and the day (`asOf`, YYYY-MM-DD, China
 * time) come in, a score, a grade, the reasons and the criteria met go out.
 */
import { flagKinds, type FlagKind } from './integrity.tables.ts';

export const creditGrades = ['A', 'B', 'C', 'D'] as const;
export type CreditGrade = (typeof creditGrades)[number];

/** Deduction caps: null means uncapped. */
type Cap = number | null;

export interface CreditRules {
  /** Every party starts here; deductions are subtracted and the score never goes below 0. */
  startScore: number;
  /** The lowest score of grades A, B and C; anything below C's is D. */
  grades: { A: number; B: number; C: number };
  employer: {
    /** Months with contributions still unpaid more than `graceDays` after their due date (欠费). */
    arrears: { pointsPerMonth: number; cap: Cap; graceDays: number };
    /**
     * Employee-months whose declared wage is below the wage the employer reported to tax for the
     * same person and month by more than `toleranceBp` (少报缴费基数), within the last `lookbackMonths`.
     */
    underDeclared: { pointsPerEmployeeMonth: number; cap: Cap; toleranceBp: number; lookbackMonths: number };
    /** Fraud findings confirmed against the employer (骗保). */
    fraud: { pointsPerFinding: number; cap: Cap };
  };
  person: {
    /**
     * Integrity findings a reviewer confirmed (stopped) of these kinds, where money was drawn: the
     * person has a recovery order. A finding that stopped the money before it left costs nothing.
     */
    drawnFinding: { pointsPerFinding: number; cap: Cap; kinds: FlagKind[] };
    /** Recovery orders (追回) still unpaid more than `afterDays` after they were opened. */
    unrepaidRecovery: { pointsPerOrder: number; cap: Cap; afterDays: number };
  };
  /**
   * The dishonesty list (失信名单). 《社会保险领域严重失信人名单管理暂行办法》 (人社部, 2019), Art. 5:
   * a party is listed for, among others, (4) drawing benefits after losing eligibility for more
   * than 6 months or more than 10,000 yuan and refusing to return them when ordered to. The
   * thresholds are exclusive ("超过"): exactly 6 months or exactly 10,000 yuan is not enough.
   */
  dishonesty: {
    /** A person: an unrepaid recovery order past `unrepaidAfterDays`, for more than the months or the money. */
    personOverdrawn: { moreThanMonths: number; moreThanFen: number; unrepaidAfterDays: number };
    /**
     * An employer: contributions unpaid `afterDemandDays` after their due date (the demand to pay,
     * 责令限期缴纳, is taken as made when a month falls due and given this long), for more than
     * the months or the money.
     */
    employerArrears: { moreThanMonths: number; moreThanFen: number; afterDemandDays: number };
    /** Days after listing before a listed party may be repaired (信用修复), once the debt is paid. */
    repairAfterDays: number;
  };
}

/** The codes of the dishonesty criteria: one live entry per party and code. */
export const dishonestyRuleCodes = ['person_overdrawn_unrepaid', 'employer_arrears_unpaid'] as const;
export type DishonestyRuleCode = (typeof dishonestyRuleCodes)[number];

/**
 * Version 1, as published when the credit system started.
 *
 * Score: start at 100.
 * Employers: −5 per month with contributions unpaid more than 30 days after the due date (at most
 * −40); −10 per employee-month declared more than 10% below the wage reported to tax for the same
 * person and month, over the last 24 months (at most −30); −30 per confirmed fraud finding.
 * Persons: −40 per stopped integrity finding where money was drawn (deceased, duplicate payee,
 * duplicate identity, shared account, incarcerated: each means benefits went to someone not
 * entitled); −20 per recovery order unpaid more than 90 days after it was opened.
 * Grades: A ≥ 90, B ≥ 75, C ≥ 60, D below 60.
 * Dishonesty: a person with recovery orders unpaid more than 90 days that cover more than 6
 * months or more than 10,000 yuan; an employer with more than 12 months or more than 100,000
 * yuan unpaid more than 30 days after the due date. Repair: 365 days (a year) after listing,
 * and only once the debt is paid.
 */
export const CREDIT_RULES_V1: CreditRules = {
  startScore: 100,
  grades: { A: 90, B: 75, C: 60 },
  employer: {
    arrears: { pointsPerMonth: 5, cap: 40, graceDays: 30 },
    underDeclared: { pointsPerEmployeeMonth: 10, cap: 30, toleranceBp: 1000, lookbackMonths: 24 },
    fraud: { pointsPerFinding: 30, cap: null },
  },
  person: {
    drawnFinding: { pointsPerFinding: 40, cap: null, kinds: ['deceased', 'duplicate_payee', 'duplicate_identity', 'shared_account', 'incarcerated'] },
    unrepaidRecovery: { pointsPerOrder: 20, cap: null, afterDays: 90 },
  },
  dishonesty: {
    personOverdrawn: { moreThanMonths: 6, moreThanFen: 1_000_000, unrepaidAfterDays: 90 },
    employerArrears: { moreThanMonths: 12, moreThanFen: 10_000_000, afterDemandDays: 30 },
    repairAfterDays: 365,
  },
};

export const CREDIT_RULES_V1_NOTE = '第 1 版：起始 100 分；单位欠费、少报基数、骗保扣分，个人冒领、追回款逾期扣分；A≥90、B≥75、C≥60；失信名单依《社会保险领域严重失信人名单管理暂行办法》第五条';

// ---------------------------------------------------------------- facts

export interface UnpaidMonth {
  period: string;
  dueOn: string;
  outstandingFen: number;
}

export interface DeclaredVsTax {
  personId: string;
  period: string;
  declaredWageFen: number;
  taxIncomeFen: number;
}

export interface EmployerCreditFacts {
  /** Months with contributions still unpaid (any age), with their due date and what is outstanding. */
  unpaidMonths: UnpaidMonth[];
  /** Declarations set beside the income tax saw for the same person, month and payer (only pairs found in both). */
  declaredVsTax: DeclaredVsTax[];
  /** Fraud findings confirmed against the employer. */
  confirmedFraudFindings: number;
}

export interface RecoveryOrderFact {
  orderId: string;
  reason: string;
  amountFen: number;
  recoveredFen: number;
  status: 'open' | 'recovered' | 'waived';
  /** The day the order was opened (China time). */
  openedOn: string;
  /** The benefit months the order is about. */
  periods: string[];
}

export interface PersonCreditFacts {
  recoveryOrders: RecoveryOrderFact[];
  /** Integrity findings a reviewer confirmed (status stopped). */
  stoppedFindings: { flagId: number; kind: string }[];
}

export interface CreditReason {
  code: string;
  /** Points deducted, as a negative number. */
  points: number;
  detail: Record<string, unknown>;
}

export interface CreditRating {
  score: number;
  grade: CreditGrade;
  reasons: CreditReason[];
}

export interface CriterionHit {
  ruleCode: DishonestyRuleCode;
  evidence: Record<string, unknown> & { basis: string };
}

// ---------------------------------------------------------------- arithmetic on days

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The month `months` before the month of `day`: monthsBefore('2026-11-29', 24) = '2024-11'. */
export function monthsBefore(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- scoring

export function gradeOf(rules: CreditRules, score: number): CreditGrade {
  if (score >= rules.grades.A) return 'A';
  if (score >= rules.grades.B) return 'B';
  if (score >= rules.grades.C) return 'C';
  return 'D';
}

function deduction(count: number, per: number, cap: Cap) {
  const raw = count * per;
  const points = cap === null ? raw : Math.min(raw, cap);
  return { points, capped: points < raw };
}

function rating(rules: CreditRules, reasons: CreditReason[]): CreditRating {
  const score = Math.max(0, rules.startScore + reasons.reduce((s, r) => s + r.points, 0));
  return { score, grade: gradeOf(rules, score), reasons };
}

/** Declared more than `toleranceBp` below what tax saw: (tax − declared) / tax > tolerance, in integers. */
export function isUnderDeclared(declaredWageFen: number, taxIncomeFen: number, toleranceBp: number): boolean {
  return taxIncomeFen > 0 && (taxIncomeFen - declaredWageFen) * 10_000 > taxIncomeFen * toleranceBp;
}

/** Unpaid months more than `days` past their due date on `asOf`. */
function overdueMonths(months: UnpaidMonth[], asOf: string, days: number): UnpaidMonth[] {
  return months.filter((m) => m.outstandingFen > 0 && daysBetween(m.dueOn, asOf) > days).sort((a, b) => a.period.localeCompare(b.period));
}

export function rateEmployer(rules: CreditRules, facts: EmployerCreditFacts, asOf: string): CreditRating {
  const r = rules.employer;
  const reasons: CreditReason[] = [];
  const overdue = overdueMonths(facts.unpaidMonths, asOf, r.arrears.graceDays);
  if (overdue.length > 0) {
    const d = deduction(overdue.length, r.arrears.pointsPerMonth, r.arrears.cap);
    reasons.push({
      code: 'employer_arrears',
      points: -d.points,
      detail: {
        months: overdue.length,
        periods: overdue.map((m) => m.period),
        outstandingFen: overdue.reduce((s, m) => s + m.outstandingFen, 0),
        graceDays: r.arrears.graceDays,
        pointsPerMonth: r.arrears.pointsPerMonth,
        cap: r.arrears.cap,
        capped: d.capped,
      },
    });
  }
  const under = facts.declaredVsTax.filter((x) => isUnderDeclared(x.declaredWageFen, x.taxIncomeFen, r.underDeclared.toleranceBp));
  if (under.length > 0) {
    const d = deduction(under.length, r.underDeclared.pointsPerEmployeeMonth, r.underDeclared.cap);
    reasons.push({
      code: 'employer_under_declared',
      points: -d.points,
      detail: {
        employeeMonths: under.length,
        // A few examples to check by hand; the count is what scores.
        examples: under.slice(0, 5),
        toleranceBp: r.underDeclared.toleranceBp,
        pointsPerEmployeeMonth: r.underDeclared.pointsPerEmployeeMonth,
        cap: r.underDeclared.cap,
        capped: d.capped,
      },
    });
  }
  if (facts.confirmedFraudFindings > 0) {
    const d = deduction(facts.confirmedFraudFindings, r.fraud.pointsPerFinding, r.fraud.cap);
    reasons.push({ code: 'employer_fraud', points: -d.points, detail: { findings: facts.confirmedFraudFindings, pointsPerFinding: r.fraud.pointsPerFinding, cap: r.fraud.cap, capped: d.capped } });
  }
  return rating(rules, reasons);
}

/** Open orders with money still owed more than `days` after they were opened. */
function unrepaidOrders(orders: RecoveryOrderFact[], asOf: string, days: number): RecoveryOrderFact[] {
  return orders.filter((o) => o.status === 'open' && o.amountFen > o.recoveredFen && daysBetween(o.openedOn, asOf) > days).sort((a, b) => a.openedOn.localeCompare(b.openedOn) || a.orderId.localeCompare(b.orderId));
}

export function ratePerson(rules: CreditRules, facts: PersonCreditFacts, asOf: string): CreditRating {
  const r = rules.person;
  const reasons: CreditReason[] = [];
  // Money was drawn: a recovery order exists (paid, waived or open). Without one the finding
  // stopped the money before it left, and the person drew nothing.
  const drawn = facts.recoveryOrders.length > 0;
  const findings = drawn ? facts.stoppedFindings.filter((f) => (r.drawnFinding.kinds as readonly string[]).includes(f.kind)) : [];
  if (findings.length > 0) {
    const d = deduction(findings.length, r.drawnFinding.pointsPerFinding, r.drawnFinding.cap);
    reasons.push({
      code: 'person_drawn_finding',
      points: -d.points,
      detail: { findings: findings.length, kinds: findings.map((f) => f.kind), flagIds: findings.map((f) => f.flagId), pointsPerFinding: r.drawnFinding.pointsPerFinding, cap: r.drawnFinding.cap, capped: d.capped },
    });
  }
  const unpaid = unrepaidOrders(facts.recoveryOrders, asOf, r.unrepaidRecovery.afterDays);
  if (unpaid.length > 0) {
    const d = deduction(unpaid.length, r.unrepaidRecovery.pointsPerOrder, r.unrepaidRecovery.cap);
    reasons.push({
      code: 'person_unrepaid_recovery',
      points: -d.points,
      detail: {
        orders: unpaid.length,
        orderIds: unpaid.map((o) => o.orderId),
        outstandingFen: unpaid.reduce((s, o) => s + o.amountFen - o.recoveredFen, 0),
        afterDays: r.unrepaidRecovery.afterDays,
        pointsPerOrder: r.unrepaidRecovery.pointsPerOrder,
        cap: r.unrepaidRecovery.cap,
        capped: d.capped,
      },
    });
  }
  return rating(rules, reasons);
}

// ---------------------------------------------------------------- dishonesty criteria

/** 冒领、多领超过 6 个月或者数额超过 1 万元，经责令退回仍拒不退回 (the order is the demand to return it). */
export function personCriteria(rules: CreditRules, facts: PersonCreditFacts, asOf: string): CriterionHit[] {
  const c = rules.dishonesty.personOverdrawn;
  const unpaid = unrepaidOrders(facts.recoveryOrders, asOf, c.unrepaidAfterDays);
  if (unpaid.length === 0) return [];
  const months = new Set(unpaid.flatMap((o) => o.periods)).size;
  const drawnFen = unpaid.reduce((s, o) => s + o.amountFen, 0);
  const byMonths = months > c.moreThanMonths;
  const byAmount = drawnFen > c.moreThanFen;
  if (!byMonths && !byAmount) return [];
  const orderIds = unpaid.map((o) => o.orderId).sort();
  return [
    {
      ruleCode: 'person_overdrawn_unrepaid',
      evidence: {
        orderIds,
        months,
        drawnFen,
        outstandingFen: unpaid.reduce((s, o) => s + o.amountFen - o.recoveredFen, 0),
        oldestOpenedOn: unpaid[0]!.openedOn,
        byMonths,
        byAmount,
        thresholds: { ...c },
        // What the entry is about: a dismissal covers these orders, and a new order is a new notice.
        basis: orderIds.join(','),
      },
    },
  ];
}

/** 欠缴社会保险费超过 12 个月或者 10 万元，经责令限期缴纳仍不缴纳. */
export function employerCriteria(rules: CreditRules, facts: EmployerCreditFacts, asOf: string): CriterionHit[] {
  const c = rules.dishonesty.employerArrears;
  const overdue = overdueMonths(facts.unpaidMonths, asOf, c.afterDemandDays);
  if (overdue.length === 0) return [];
  const outstandingFen = overdue.reduce((s, m) => s + m.outstandingFen, 0);
  const byMonths = overdue.length > c.moreThanMonths;
  const byAmount = outstandingFen > c.moreThanFen;
  if (!byMonths && !byAmount) return [];
  const periods = overdue.map((m) => m.period);
  return [
    {
      ruleCode: 'employer_arrears_unpaid',
      evidence: { periods, months: overdue.length, outstandingFen, oldestDueOn: overdue[0]!.dueOn, byMonths, byAmount, thresholds: { ...c }, basis: periods.join(',') },
    },
  ];
}

// ---------------------------------------------------------------- validation

export interface RuleProblem {
  path: string;
  message: string;
}

/**
 * What a well-formed rule set must also satisfy beyond its shape: grades strictly descending and
 * reachable from the start score, finding kinds that exist.
 */
export function ruleProblems(rules: CreditRules): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const { A, B, C } = rules.grades;
  if (!(A > B && B > C)) problems.push({ path: '/grades', message: `grades must descend strictly: A ${A} > B ${B} > C ${C}` });
  if (A > rules.startScore) problems.push({ path: '/grades/A', message: `grade A (${A}) is above the start score (${rules.startScore}) and could never be reached` });
  if (C < 1) problems.push({ path: '/grades/C', message: 'grade C needs at least 1 point, or no party could be D' });
  const known = new Set<string>(flagKinds);
  rules.person.drawnFinding.kinds.forEach((k, i) => {
    if (!known.has(k)) problems.push({ path: `/person/drawnFinding/kinds/${i}`, message: `unknown finding kind ${k}` });
  });
  if (new Set(rules.person.drawnFinding.kinds).size !== rules.person.drawnFinding.kinds.length) problems.push({ path: '/person/drawnFinding/kinds', message: 'a finding kind is listed twice' });
  return problems;
}
