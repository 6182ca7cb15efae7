import type { FundKind, PolicyData } from '@modules/funds';
import type { Minsheng } from '../app.ts';

/** 宁夏回族自治区: the demo's province (GB/T 2260 640000, shortened 64). */
const NINGXIA = '640000';

/**
 * DEMO VALUES, not official figures. A contribution year's floor and cap come from the 全口径
 * average wage of urban employees published for the year before (国办发〔2019〕13号): 2025 uses
 * 宁夏's 2024 figure, about 7,500 yuan a month; 2026 a plausible 2025 figure. A deployment enters
 * the published numbers through PUT /api/funds/policy/average-wages/:region/:year.
 */
const averageWages: NonNullable<PolicyData['averageWages']> = [
  { region: NINGXIA, year: 2025, averageMonthlyWageFen: 750_000, floorBp: 6000, capBp: 30000 },
  { region: NINGXIA, year: 2026, averageMonthlyWageFen: 776_000, floorBp: 6000, capBp: 30000 },
];

/**
 * Rates from 2025-01, open-ended, in basis points [employer, employee]:
 * - 职工养老 16% + 8% (国办发〔2019〕13号 lowered the employer rate to 16%);
 * - 职工医保 8% + 2% (demo; provinces differ);
 * - 失业 0.5% + 0.5% (the phased 1% total);
 * - 工伤 0.4% employer only: the real rate depends on the industry's risk class, and employees
 *   never pay (社会保险法 Art. 33), so the employee row says 0 rather than being missing;
 * - 生育 0 + 0: merged into employee medical insurance (国办发〔2019〕10号). The rows are kept at 0
 *   on purpose: a person may still hold a maternity enrolment, and a declaration must never be
 *   computed with a missing rate, so an explicit 0 says "nothing is due" where a missing row
 *   would stop the declaration (rate_missing).
 */
const ratesFrom2025: [FundKind, number, number][] = [
  ['employee_pension', 1600, 800],
  ['employee_medical', 800, 200],
  ['unemployment', 50, 50],
  ['work_injury', 40, 0],
  ['maternity', 0, 0],
];

/** 记账利率 announced by 人社部、财政部 (2023: 3.97%, 2024: 2.62%). */
const interestRates = [
  { year: 2023, rateBp: 397 },
  { year: 2024, rateBp: 262 },
];

export const demoFundsPolicy: PolicyData = {
  averageWages,
  rates: ratesFrom2025.flatMap(([scheme, employer, employee]) => [
    { region: NINGXIA, scheme, payer: 'employer' as const, rateBp: employer, validFrom: '2025-01', validTo: null },
    { region: NINGXIA, scheme, payer: 'employee' as const, rateBp: employee, validFrom: '2025-01', validTo: null },
  ]),
  interestRates,
};

/**
 * Loads the demo's funds policy for 宁夏 — average wages 2025 and 2026, contribution rates from
 * 2025-01, the crediting rates of 2023 and 2024 — and the official months divisors. Safe to run
 * again: nothing changes the second time.
 */
export async function seedDemoFundsPolicy(minsheng: Minsheng): Promise<{ averageWages: number; ratesAdded: number; interestRates: number }> {
  return minsheng.modules.funds.policy.load(demoFundsPolicy, { kind: 'system', name: 'demo-seed' });
}
