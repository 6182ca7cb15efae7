/**
 * Pure calculators for social-insurance money.
 *
 * Units: money is integer fen (分); rates are integers in basis points (万分之一: 16% = 1600,
 * the 0.05% daily late fee = 5); a contribution index is an integer in 1/10000 (1.2345 = 12345).
 * Every computation runs in BigInt on exact integers and rounds once, at its end, half up
 * (四舍五入) to the fen, so a caseworker's hand check and the system always agree.
 * Bad input throws a RangeError whose message names the argument.
 */

const BP = 10_000n;

/** Integer division rounded half away from zero (四舍五入); denominator must be positive. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError(`denominator must be positive, got ${denominator}`);
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator; // has the numerator's sign
  const twiceAbs = 2n * (remainder < 0n ? -remainder : remainder);
  if (twiceAbs < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/** roundHalfUp, returned as a number; throws if the result is not a safe integer. */
export function roundHalfUpNumber(numerator: bigint, denominator: bigint, name = 'result'): number {
  return toSafeNumber(roundHalfUp(numerator, denominator), name);
}

function toSafeNumber(value: bigint, name: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${name} is too large to be represented exactly (${value})`);
  }
  return Number(value);
}

function nonNegativeInt(name: string, value: number, what = 'a non-negative integer'): bigint {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be ${what}, got ${value}`);
  return BigInt(value);
}

const fen = (name: string, value: number) => nonNegativeInt(name, value, 'a non-negative integer number of fen');

function positiveFen(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer number of fen, got ${value}`);
  }
  return BigInt(value);
}

function rateBp(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0 || value > 10_000) {
    throw new RangeError(`${name} must be an integer rate in basis points within 0..10000, got ${value}`);
  }
  return BigInt(value);
}

function positiveInt(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return BigInt(value);
}

// ---------------------------------------------------------------------------------------------
// Contributions

export interface ContributionBase {
  baseFen: number;
  /** Which bound replaced the declared wage; null when the declared wage was used as is. */
  clamped: 'floor' | 'cap' | null;
  floorFen: number;
  capFen: number;
}

/**
 * 缴费基数: the declared wage held between 60% and 300% of the local average wage of urban
 * employees (国发〔1997〕26号 and 劳办发〔1997〕116号 set the 60%/300% bounds; 国办发〔2019〕13号
 * has them taken from the 全口径 urban average wage).
 * The bounds are rounded half up to the fen; a wage exactly on a bound is not "clamped".
 */
export function contributionBase(
  declaredWageFen: number,
  averageMonthlyWageFen: number,
  floorBp = 6000,
  capBp = 30000,
): ContributionBase {
  const declared = fen('declaredWageFen', declaredWageFen);
  const average = positiveFen('averageMonthlyWageFen', averageMonthlyWageFen);
  const floor = nonNegativeInt('floorBp', floorBp);
  const cap = nonNegativeInt('capBp', capBp);
  if (floor > cap) throw new RangeError(`floorBp (${floorBp}) must not exceed capBp (${capBp})`);
  const floorFen = roundHalfUp(average * floor, BP);
  const capFen = roundHalfUp(average * cap, BP);
  let base = declared;
  let clamped: ContributionBase['clamped'] = null;
  if (declared < floorFen) {
    base = floorFen;
    clamped = 'floor';
  } else if (declared > capFen) {
    base = capFen;
    clamped = 'cap';
  }
  return {
    baseFen: toSafeNumber(base, 'baseFen'),
    clamped,
    floorFen: toSafeNumber(floorFen, 'floorFen'),
    capFen: toSafeNumber(capFen, 'capFen'),
  };
}

/** One contribution: base × rate, rounded half up to the fen. */
export function contributionAmount(baseFen: number, rateBpValue: number): number {
  const base = fen('baseFen', baseFen);
  const rate = rateBp('rateBp', rateBpValue);
  return roundHalfUpNumber(base * rate, BP, 'contribution');
}

// ---------------------------------------------------------------------------------------------
// Late payment

/**
 * 滞纳金 (社会保险法 Art. 86: 自欠缴之日起，按日加收万分之五): 0.05% of the unpaid amount a day,
 * counted from the day after the due date; unpaid × days × daily rate, rounded once.
 */
export function lateFee(unpaidFen: number, days: number, dailyBp = 5): number {
  const unpaid = fen('unpaidFen', unpaidFen);
  const d = nonNegativeInt('days', days);
  const rate = rateBp('dailyBp', dailyBp);
  return roundHalfUpNumber(unpaid * d * rate, BP, 'lateFee');
}

const DAY_MS = 86_400_000;

/** Parses a strict calendar date 'YYYY-MM-DD' to its UTC midnight, rejecting 2025-02-29 etc. */
function utcDay(name: string, value: string): number {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    // Date.UTC maps years 0..99 to 1900..1999; the round trip check rejects those too.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t;
  }
  throw new RangeError(`${name} must be a calendar date 'YYYY-MM-DD', got ${String(value)}`);
}

/**
 * Whole days late: the count starts the day after the due date (Art. 86), so paying on the
 * day after is 1 day late; paying on or before the due date is 0. UTC dates only, so no
 * time zone or daylight-saving shift can add or lose a day.
 */
export function lateDays(dueDate: string, paidOn: string): number {
  const due = utcDay('dueDate', dueDate);
  const paid = utcDay('paidOn', paidOn);
  return paid > due ? (paid - due) / DAY_MS : 0;
}

// ---------------------------------------------------------------------------------------------
// Individual account interest

export interface YearlyInterest {
  onBalanceFen: number;
  onContributionsFen: number;
  totalFen: number;
}

/**
 * Year-end interest on the individual account (劳办发〔1997〕116号, 职工基本养老保险个人账户管理暂行办法):
 * - on the opening balance: balance × rate;
 * - on this year's contributions: contributions × rate × 1.083 × 1/2, where 1.083 is the annuity
 *   coefficient for twelve monthly contributions (each earns interest only from its month).
 * Each part is rounded once, half up; the total is their sum.
 */
export function yearlyInterest(openingBalanceFen: number, contributionsThisYearFen: number, rateBpValue: number): YearlyInterest {
  const opening = fen('openingBalanceFen', openingBalanceFen);
  const contributions = fen('contributionsThisYearFen', contributionsThisYearFen);
  const rate = rateBp('rateBp', rateBpValue);
  const onBalance = roundHalfUp(opening * rate, BP);
  // × 1083/1000 × 1/2
  const onContributions = roundHalfUp(contributions * rate * 1083n, BP * 1000n * 2n);
  return {
    onBalanceFen: toSafeNumber(onBalance, 'onBalanceFen'),
    onContributionsFen: toSafeNumber(onContributions, 'onContributionsFen'),
    totalFen: toSafeNumber(onBalance + onContributions, 'totalFen'),
  };
}

// ---------------------------------------------------------------------------------------------
// Pension at retirement (国发〔2005〕38号)

export interface ContributionMonth {
  baseFen: number;
  /** The average monthly wage of the year the month belongs to. */
  averageWageFen: number;
}

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

/**
 * 平均缴费指数: the mean over months of base ÷ that year's average wage, in 1/10000.
 * The ratios are summed as an exact fraction and rounded once at the end, so no per-month
 * rounding (or float error) can move the fourth decimal.
 */
export function averageContributionIndex(months: readonly ContributionMonth[]): number {
  if (!Array.isArray(months) || months.length === 0) throw new RangeError('months must be a non-empty array');
  let num = 0n;
  let den = 1n;
  months.forEach((m, i) => {
    const base = fen(`months[${i}].baseFen`, m.baseFen);
    const avg = positiveFen(`months[${i}].averageWageFen`, m.averageWageFen);
    num = num * avg + base * den;
    den = den * avg;
    const g = gcd(num, den);
    num /= g;
    den /= g;
  });
  return roundHalfUpNumber(num * BP, den * BigInt(months.length), 'index');
}

export interface BasicPensionInput {
  /** 上年度全省职工月平均工资 (全口径) at retirement. */
  provincialAverageWageFen: number;
  /** Average contribution index in 1/10000. */
  indexBp4: number;
  contributionMonths: number;
}

export interface BasicPension {
  /** 指数化月平均缴费工资: average wage × index, rounded half up. */
  indexedWageFen: number;
  basicFen: number;
}

/**
 * 基础养老金 = (average wage + indexed wage) ÷ 2 × contribution years × 1%, years = months ÷ 12
 * exactly, i.e. (avg + indexed) × months ÷ 2400 with a single rounding. The indexed wage is the
 * fen amount printed on the pension sheet (itself rounded once), so the basic part can be checked
 * by hand from the two printed wages.
 */
export function basicPension(input: BasicPensionInput): BasicPension {
  const avg = positiveFen('provincialAverageWageFen', input.provincialAverageWageFen);
  const index = nonNegativeInt('indexBp4', input.indexBp4);
  const months = nonNegativeInt('contributionMonths', input.contributionMonths);
  const indexed = roundHalfUp(avg * index, BP);
  return {
    indexedWageFen: toSafeNumber(indexed, 'indexedWageFen'),
    basicFen: roundHalfUpNumber((avg + indexed) * months, 2400n, 'basicFen'),
  };
}

/** 个人账户养老金 = account balance ÷ 计发月数, rounded half up. */
export function accountPension(balanceFen: number, divisor: number): number {
  const balance = fen('balanceFen', balanceFen);
  const d = positiveInt('divisor', divisor);
  return roundHalfUpNumber(balance, d, 'accountPension');
}

/**
 * 计发月数 by retirement age, 国发〔2005〕38号 附件 (个人账户养老金计发月数表).
 * The database seeds its table from this constant.
 */
export const monthsDivisors: Readonly<Record<number, number>> = Object.freeze({
  40: 233, 41: 230, 42: 226, 43: 223, 44: 220, 45: 216, 46: 212, 47: 207, 48: 204, 49: 199,
  50: 195, 51: 190, 52: 185, 53: 180, 54: 175, 55: 170, 56: 164, 57: 158, 58: 152, 59: 145,
  60: 139, 61: 132, 62: 125, 63: 117, 64: 109, 65: 101, 66: 93, 67: 84, 68: 75, 69: 65,
  70: 56,
});

/** The 计发月数 for a whole retirement age; the official table covers 40..70 only. */
export function divisorFor(age: number, name = 'age'): number {
  const divisor = Number.isInteger(age) ? monthsDivisors[age] : undefined;
  if (divisor === undefined) throw new RangeError(`${name} must be an integer within 40..70, got ${age}`);
  return divisor;
}

export interface MonthlyPensionInput extends BasicPensionInput {
  /** 个人账户储存额 at retirement. */
  accountBalanceFen: number;
  /** Whole retirement age, 40..70, picking the 计发月数. */
  retirementAge: number;
}

export interface MonthlyPension {
  basicFen: number;
  accountFen: number;
  totalFen: number;
}

/** Monthly basic pension = 基础养老金 + 个人账户养老金, each part rounded on its own as paid. */
export function monthlyPension(input: MonthlyPensionInput): MonthlyPension {
  const divisor = divisorFor(input.retirementAge, 'retirementAge');
  const { basicFen } = basicPension(input);
  fen('accountBalanceFen', input.accountBalanceFen); // so the error names this input's field
  const accountFen = accountPension(input.accountBalanceFen, divisor);
  return { basicFen, accountFen, totalFen: toSafeNumber(BigInt(basicFen) + BigInt(accountFen), 'totalFen') };
}
