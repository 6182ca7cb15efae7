import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  accountPension,
  averageContributionIndex,
  basicPension,
  contributionAmount,
  contributionBase,
  divisorFor,
  lateDays,
  lateFee,
  monthlyPension,
  monthsDivisors,
  roundHalfUp,
  roundHalfUpNumber,
  yearlyInterest,
} from './calculators.ts';

/** Asserts a RangeError whose message names the offending argument. */
function throwsRange(fn: () => unknown, argument: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof RangeError, `expected RangeError, got ${String(e)}`);
    assert.ok(e.message.includes(argument), `message "${e.message}" should name ${argument}`);
    return true;
  });
}

describe('roundHalfUp (四舍五入)', () => {
  it('rounds halves up, not to even', () => {
    // 5/2 = 2.5 → 3; 7/2 = 3.5 → 4 (banker's rounding would give 2 and 4)
    assert.equal(roundHalfUp(5n, 2n), 3n);
    assert.equal(roundHalfUp(7n, 2n), 4n);
  });
  it('rounds below a half down and above it up', () => {
    assert.equal(roundHalfUp(1n, 3n), 0n); // 0.333 → 0
    assert.equal(roundHalfUp(2n, 3n), 1n); // 0.667 → 1
    assert.equal(roundHalfUp(0n, 7n), 0n);
    assert.equal(roundHalfUp(12n, 4n), 3n); // exact
  });
  it('rounds negative halves away from zero', () => {
    assert.equal(roundHalfUp(-5n, 2n), -3n); // -2.5 → -3
    assert.equal(roundHalfUp(-4n, 3n), -1n); // -1.333 → -1
    assert.equal(roundHalfUp(-5n, 3n), -2n); // -1.667 → -2
  });
  it('is exact far beyond the float range', () => {
    // (10^30 + 1) / 2 = 5×10^29 + 0.5 → 5×10^29 + 1
    assert.equal(roundHalfUp(10n ** 30n + 1n, 2n), 5n * 10n ** 29n + 1n);
  });
  it('has a number-returning form', () => {
    assert.equal(roundHalfUpNumber(2_100_750n, 1000n), 2101); // 2100.75 → 2101
  });
});

describe('contributionBase (缴费基数 between 60% and 300% of the average wage)', () => {
  it('raises a declared wage under the floor to the floor', () => {
    // 银川 2025: average wage 7,000.00 yuan; declared 3,000.00 → floor 4,200.00 (60%), cap 21,000.00 (300%)
    assert.deepEqual(contributionBase(300_000, 700_000), {
      baseFen: 420_000,
      clamped: 'floor',
      floorFen: 420_000,
      capFen: 2_100_000,
    });
  });
  it('lowers a declared wage over the cap to the cap', () => {
    // average 7,000.00; declared 25,000.00 > cap 21,000.00 (7,000.00 × 300%) → base 21,000.00
    assert.deepEqual(contributionBase(2_500_000, 700_000), {
      baseFen: 2_100_000,
      clamped: 'cap',
      floorFen: 420_000,
      capFen: 2_100_000,
    });
  });
  it('keeps a declared wage inside the band', () => {
    // average 7,000.00; declared 5,000.00 is within 4,200.00..21,000.00 → base 5,000.00
    assert.deepEqual(contributionBase(500_000, 700_000), {
      baseFen: 500_000,
      clamped: null,
      floorFen: 420_000,
      capFen: 2_100_000,
    });
  });
  it('treats a wage exactly on a bound as inside', () => {
    // declared 4,200.00 = floor and 21,000.00 = cap: used as declared, nothing clamped
    assert.equal(contributionBase(420_000, 700_000).clamped, null);
    assert.equal(contributionBase(420_000, 700_000).baseFen, 420_000);
    assert.equal(contributionBase(2_100_000, 700_000).clamped, null);
    assert.equal(contributionBase(2_100_000, 700_000).baseFen, 2_100_000);
  });
  it('clamps one fen past a bound', () => {
    // 4,199.99 < 4,200.00 → floor; 21,000.01 > 21,000.00 → cap
    assert.equal(contributionBase(419_999, 700_000).clamped, 'floor');
    assert.equal(contributionBase(2_100_001, 700_000).clamped, 'cap');
  });
  it('raises a zero declared wage to the floor', () => {
    assert.equal(contributionBase(0, 700_000).baseFen, 420_000);
  });
  it('rounds the floor half up to the fen', () => {
    // average 7,000.03: floor = 7,000.03 × 60% = 4,200.018 → 4,200.02; cap = × 300% = 21,000.09 exactly
    const b = contributionBase(0, 700_003);
    assert.equal(b.floorFen, 420_002);
    assert.equal(b.capFen, 2_100_009);
  });
  it('accepts other bounds', () => {
    // average 7,000.00 with a 40%..300% band: floor 2,800.00; declared 3,000.00 is inside
    assert.deepEqual(contributionBase(300_000, 700_000, 4000, 30000), {
      baseFen: 300_000,
      clamped: null,
      floorFen: 280_000,
      capFen: 2_100_000,
    });
  });
});

describe('contributionAmount (base × rate)', () => {
  it('computes the employer pension contribution on the floor base', () => {
    // 银川 2025: base 4,200.00 (floor of 7,000.00) × 16% employer pension = 672.00 yuan
    const { baseFen } = contributionBase(300_000, 700_000);
    assert.equal(contributionAmount(baseFen, 1600), 67_200);
  });
  it('rounds a fraction above half a fen up', () => {
    // 4,201.50 × 0.5% = 21.0075 yuan = 2,100.75 fen → 2,101 fen = 21.01
    assert.equal(contributionAmount(420_150, 50), 2101);
  });
  it('rounds exactly half a fen up', () => {
    // 4,201.00 × 0.5% = 21.005 yuan = 2,100.5 fen → 2,101 fen = 21.01 (四舍五入, not to even)
    assert.equal(contributionAmount(420_100, 50), 2101);
  });
  it('rounds a fraction under half a fen down', () => {
    // 4,200.99 × 0.5% = 21.00495 yuan = 2,100.495 fen → 2,100 fen = 21.00
    assert.equal(contributionAmount(420_099, 50), 2100);
  });
  it('computes the individual 8% on an ordinary wage', () => {
    // 6,543.21 × 8% = 523.4568 yuan → 523.46
    assert.equal(contributionAmount(654_321, 800), 52_346);
  });
  it('gives zero at a zero rate and 100% at 10000 bp', () => {
    assert.equal(contributionAmount(420_000, 0), 0);
    assert.equal(contributionAmount(420_000, 10_000), 420_000);
  });
});

describe('lateFee and lateDays (社会保险法 Art. 86: 0.05% a day)', () => {
  it('charges 0.05% a day', () => {
    // 1,000.00 unpaid × 0.05% × 10 days = 5.00 yuan
    assert.equal(lateFee(100_000, 10), 500);
  });
  it('rounds half a fen up and less down', () => {
    // 1,230.00 × 0.05% × 1 day = 0.615 yuan = 61.5 fen → 0.62
    assert.equal(lateFee(123_000, 1), 62);
    // 1,229.00 × 0.05% × 1 day = 0.6145 yuan = 61.45 fen → 0.61
    assert.equal(lateFee(122_900, 1), 61);
  });
  it('is zero for zero days or zero unpaid', () => {
    assert.equal(lateFee(100_000, 0), 0);
    assert.equal(lateFee(0, 30), 0);
  });
  it('takes another daily rate', () => {
    // 1,000.00 × 0.1% (10 bp) × 10 days = 10.00
    assert.equal(lateFee(100_000, 10, 10), 1000);
  });
  it('counts days from the day after the due date', () => {
    // due 15 Jan, paid 16 Jan: one day late
    assert.equal(lateDays('2025-01-15', '2025-01-16'), 1);
  });
  it('counts across a month end', () => {
    // due 31 Jan, paid 3 Feb: 1, 2, 3 Feb = 3 days
    assert.equal(lateDays('2025-01-31', '2025-02-03'), 3);
    // due 31 Dec 2024, paid 1 Jan 2025: 1 day across the year end
    assert.equal(lateDays('2024-12-31', '2025-01-01'), 1);
  });
  it('counts the leap day', () => {
    // 2024 is a leap year: due 28 Feb, paid 1 Mar → 29 Feb and 1 Mar = 2 days
    assert.equal(lateDays('2024-02-28', '2024-03-01'), 2);
    // 2025 is not: due 28 Feb, paid 1 Mar = 1 day
    assert.equal(lateDays('2025-02-28', '2025-03-01'), 1);
  });
  it('is zero when paid on or before the due date', () => {
    assert.equal(lateDays('2025-03-15', '2025-03-15'), 0);
    assert.equal(lateDays('2025-03-15', '2025-03-01'), 0);
  });
  it('combines: a February contribution paid a month late in a leap year', () => {
    // due 15 Feb 2024, paid 15 Mar 2024: 16..29 Feb = 14 days + 1..15 Mar = 15 days → 29 days
    // 12,345.67 × 0.05% × 29 = 179.012215 yuan → 179.01
    const days = lateDays('2024-02-15', '2024-03-15');
    assert.equal(days, 29);
    assert.equal(lateFee(1_234_567, days), 17_901);
  });
});

describe('yearlyInterest (劳办发〔1997〕116号 individual-account crediting)', () => {
  it('credits 2024 at 2.62%', () => {
    // opening 50,000.00 × 2.62% = 1,310.00
    // contributions 6,000.00 × 2.62% × 1.083 × 1/2 = 157.20 × 1.083 / 2 = 170.2476 / 2 = 85.1238 → 85.12
    // total 1,310.00 + 85.12 = 1,395.12
    assert.deepEqual(yearlyInterest(5_000_000, 600_000, 262), {
      onBalanceFen: 131_000,
      onContributionsFen: 8512,
      totalFen: 139_512,
    });
  });
  it('rounds each part once', () => {
    // 2023 at 3.97%: opening 123,456.78 × 3.97% = 4,901.2341666 → 4,901.23
    // contributions 9,600.00 × 3.97% × 1.083 / 2 = 381.12 × 1.083 / 2 = 412.75296 / 2 = 206.37648 → 206.38
    // total 4,901.23 + 206.38 = 5,107.61
    assert.deepEqual(yearlyInterest(12_345_678, 960_000, 397), {
      onBalanceFen: 490_123,
      onContributionsFen: 20_638,
      totalFen: 510_761,
    });
  });
  it('rounds half a fen on the contributions part up', () => {
    // 600.00 × 5% × 1.083 / 2 = 30.00 × 1.083 / 2 = 32.49 / 2 = 16.245 → 16.25
    assert.deepEqual(yearlyInterest(0, 60_000, 500), { onBalanceFen: 0, onContributionsFen: 1625, totalFen: 1625 });
  });
  it('credits nothing at a zero rate', () => {
    assert.deepEqual(yearlyInterest(5_000_000, 600_000, 0), { onBalanceFen: 0, onContributionsFen: 0, totalFen: 0 });
  });
});

describe('averageContributionIndex (平均缴费指数)', () => {
  it('averages month ratios against each year’s own average wage', () => {
    // 2022: 12 months on 4,500.00 against average 6,000.00 → 0.75
    // 2023: 12 months on 7,000.00 against average 7,000.00 → 1.00
    // 2024: 12 months on 10,500.00 against average 7,500.00 → 1.40
    // (12 × 0.75 + 12 × 1.00 + 12 × 1.40) / 36 = 37.8 / 36 = 1.05 → 10500
    const months = [
      ...Array.from({ length: 12 }, () => ({ baseFen: 450_000, averageWageFen: 600_000 })),
      ...Array.from({ length: 12 }, () => ({ baseFen: 700_000, averageWageFen: 700_000 })),
      ...Array.from({ length: 12 }, () => ({ baseFen: 1_050_000, averageWageFen: 750_000 })),
    ];
    assert.equal(averageContributionIndex(months), 10_500);
  });
  it('keeps repeating ratios exact and rounds at the end', () => {
    // 5,000.00 / 6,000.00 = 5/6; 10,000.00 / 7,000.00 = 10/7; 4,200.00 / 7,000.00 = 3/5
    // (5/6 + 10/7 + 3/5) / 3 = (175 + 300 + 126) / 210 / 3 = 601/630 = 0.953968… → 0.9540
    assert.equal(
      averageContributionIndex([
        { baseFen: 500_000, averageWageFen: 600_000 },
        { baseFen: 1_000_000, averageWageFen: 700_000 },
        { baseFen: 420_000, averageWageFen: 700_000 },
      ]),
      9540,
    );
  });
  it('does not round month by month', () => {
    // 10,000.50 / 10,000.00 = 1.00005; 12,500.50 / 12,500.00 = 1.00004
    // mean = 1.000045 → 1.0000 (rounding each month first would give (1.0001 + 1.0000) / 2 → 1.0001)
    assert.equal(
      averageContributionIndex([
        { baseFen: 1_000_050, averageWageFen: 1_000_000 },
        { baseFen: 1_250_050, averageWageFen: 1_250_000 },
      ]),
      10_000,
    );
  });
  it('handles a single month', () => {
    // 4,200.00 / 7,000.00 = 0.6 → 6000
    assert.equal(averageContributionIndex([{ baseFen: 420_000, averageWageFen: 700_000 }]), 6000);
  });
});

describe('pension at retirement (国发〔2005〕38号)', () => {
  it('computes the full example', () => {
    // average wage 8,000.00, index 1.2000, 35 years (420 months), balance 180,000.00, retiring at 60:
    // indexed wage = 8,000.00 × 1.2000 = 9,600.00
    // basic = (8,000.00 + 9,600.00) / 2 × 35 × 1% = 8,800.00 × 0.35 = 3,080.00
    // account = 180,000.00 / 139 = 1,294.9640… → 1,294.96
    // total = 3,080.00 + 1,294.96 = 4,374.96
    const input = { provincialAverageWageFen: 800_000, indexBp4: 12_000, contributionMonths: 420 };
    assert.deepEqual(basicPension(input), { indexedWageFen: 960_000, basicFen: 308_000 });
    assert.equal(accountPension(18_000_000, divisorFor(60)), 129_496);
    assert.deepEqual(monthlyPension({ ...input, accountBalanceFen: 18_000_000, retirementAge: 60 }), {
      basicFen: 308_000,
      accountFen: 129_496,
      totalFen: 437_496,
    });
  });
  it('chains index, basic and account parts with a half fen', () => {
    // index 1.0500 (the three-year example above), average wage 8,500.00, 15 years (180 months),
    // balance 60,000.00, retiring at 55:
    // indexed = 8,500.00 × 1.05 = 8,925.00
    // basic = (8,500.00 + 8,925.00) / 2 × 15 × 1% = 8,712.50 × 0.15 = 1,306.875 → 1,306.88
    // account = 60,000.00 / 170 = 352.941… → 352.94
    // total = 1,306.88 + 352.94 = 1,659.82
    assert.deepEqual(
      monthlyPension({
        provincialAverageWageFen: 850_000,
        indexBp4: 10_500,
        contributionMonths: 180,
        accountBalanceFen: 6_000_000,
        retirementAge: 55,
      }),
      { basicFen: 130_688, accountFen: 35_294, totalFen: 165_982 },
    );
  });
  it('uses whole months, not whole years', () => {
    // 8,000.00 average, index 1.0000, 15 years 1 month (181 months):
    // basic = (8,000.00 + 8,000.00) / 2 × 181/12 × 1% = 8,000.00 × 15.08333… % = 1,206.666… → 1,206.67
    // (rounding the years to 15 would give 1,200.00)
    assert.equal(basicPension({ provincialAverageWageFen: 800_000, indexBp4: 10_000, contributionMonths: 181 }).basicFen, 120_667);
  });
  it('computes the basic part from the printed indexed wage', () => {
    // average 8,000.10, index 1.2345: indexed = 9,876.12345 → 9,876.12 (as printed on the sheet)
    // basic = (8,000.10 + 9,876.12) / 2 × 181/12 × 1% = 17,876.22 × 181 / 2400 = 1,348.164925 → 1,348.16
    // (the unrounded 9,876.12345 would give 1,348.1651… → 1,348.17, which the sheet cannot show)
    assert.deepEqual(basicPension({ provincialAverageWageFen: 800_010, indexBp4: 12_345, contributionMonths: 181 }), {
      indexedWageFen: 987_612,
      basicFen: 134_816,
    });
  });
  it('pays no basic part for zero months', () => {
    assert.equal(basicPension({ provincialAverageWageFen: 800_000, indexBp4: 10_000, contributionMonths: 0 }).basicFen, 0);
  });
  it('rounds the account part half up', () => {
    // 100,000.00 / 139 = 719.4244… → 719.42; 100,000.69 / 139 = 719.42942… → 719.43
    // 0.03 / 2 = 0.015 → 0.02 (exactly half); 0.01 / 3 = 0.0033… → 0.00
    assert.equal(accountPension(10_000_000, 139), 71_942);
    assert.equal(accountPension(10_000_069, 139), 71_943);
    assert.equal(accountPension(3, 2), 2);
    assert.equal(accountPension(1, 3), 0);
  });
});

describe('monthsDivisors (计发月数表, 国发〔2005〕38号 附件)', () => {
  it('has the official spot values', () => {
    assert.equal(divisorFor(50), 195);
    assert.equal(divisorFor(55), 170);
    assert.equal(divisorFor(60), 139);
    assert.equal(divisorFor(40), 233);
    assert.equal(divisorFor(70), 56);
  });
  it('covers every age 40..70 and falls as the age rises', () => {
    const ages = Object.keys(monthsDivisors).map(Number);
    assert.deepEqual(ages, Array.from({ length: 31 }, (_, i) => 40 + i));
    for (let age = 41; age <= 70; age++) assert.ok(divisorFor(age) < divisorFor(age - 1), `age ${age}`);
  });
  it('cannot be changed', () => {
    assert.ok(Object.isFrozen(monthsDivisors));
  });
  it('rejects ages outside the table', () => {
    throwsRange(() => divisorFor(39), 'age');
    throwsRange(() => divisorFor(71), 'age');
    throwsRange(() => divisorFor(60.5), 'age');
    throwsRange(() => divisorFor(Number.NaN), 'age');
  });
});

describe('RangeError on bad input', () => {
  it('roundHalfUp', () => {
    throwsRange(() => roundHalfUp(1n, 0n), 'denominator');
    throwsRange(() => roundHalfUp(1n, -2n), 'denominator');
    throwsRange(() => roundHalfUpNumber(2n ** 60n, 1n), 'result');
  });
  it('contributionBase', () => {
    throwsRange(() => contributionBase(-1, 700_000), 'declaredWageFen');
    throwsRange(() => contributionBase(4200.5, 700_000), 'declaredWageFen');
    throwsRange(() => contributionBase(Number.NaN, 700_000), 'declaredWageFen');
    throwsRange(() => contributionBase(2 ** 53, 700_000), 'declaredWageFen');
    throwsRange(() => contributionBase(300_000, 0), 'averageMonthlyWageFen');
    throwsRange(() => contributionBase(300_000, -700_000), 'averageMonthlyWageFen');
    throwsRange(() => contributionBase(300_000, 700_000, -1), 'floorBp');
    throwsRange(() => contributionBase(300_000, 700_000, 6000, 1.5), 'capBp');
    throwsRange(() => contributionBase(300_000, 700_000, 30001, 30000), 'floorBp');
  });
  it('contributionAmount', () => {
    throwsRange(() => contributionAmount(-1, 1600), 'baseFen');
    throwsRange(() => contributionAmount(0.5, 1600), 'baseFen');
    throwsRange(() => contributionAmount(420_000, -1), 'rateBp');
    throwsRange(() => contributionAmount(420_000, 10_001), 'rateBp');
    throwsRange(() => contributionAmount(420_000, 16.5), 'rateBp');
  });
  it('lateFee', () => {
    throwsRange(() => lateFee(-1, 10), 'unpaidFen');
    throwsRange(() => lateFee(100.5, 10), 'unpaidFen');
    throwsRange(() => lateFee(100_000, -1), 'days');
    throwsRange(() => lateFee(100_000, 1.5), 'days');
    throwsRange(() => lateFee(100_000, 10, 10_001), 'dailyBp');
    throwsRange(() => lateFee(100_000, 10, -5), 'dailyBp');
    // a result past 2^53 fen cannot be returned exactly
    throwsRange(() => lateFee(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 10_000), 'lateFee');
  });
  it('lateDays', () => {
    throwsRange(() => lateDays('2025-02-29', '2025-03-01'), 'dueDate'); // 2025 has no leap day
    throwsRange(() => lateDays('2025-1-5', '2025-03-01'), 'dueDate');
    throwsRange(() => lateDays('2025/01/05', '2025-03-01'), 'dueDate');
    throwsRange(() => lateDays('2025-13-01', '2025-03-01'), 'dueDate');
    throwsRange(() => lateDays('2025-01-05T00:00:00Z', '2025-03-01'), 'dueDate');
    throwsRange(() => lateDays('0099-01-01', '2025-03-01'), 'dueDate');
    throwsRange(() => lateDays('2025-01-05', ''), 'paidOn');
    throwsRange(() => lateDays('2025-01-05', '2025-04-31'), 'paidOn');
  });
  it('yearlyInterest', () => {
    throwsRange(() => yearlyInterest(-1, 0, 262), 'openingBalanceFen');
    throwsRange(() => yearlyInterest(0, 1.5, 262), 'contributionsThisYearFen');
    throwsRange(() => yearlyInterest(0, 0, 10_001), 'rateBp');
    throwsRange(() => yearlyInterest(0, 0, 2.62), 'rateBp');
  });
  it('averageContributionIndex', () => {
    throwsRange(() => averageContributionIndex([]), 'months');
    throwsRange(() => averageContributionIndex([{ baseFen: -1, averageWageFen: 700_000 }]), 'months[0].baseFen');
    throwsRange(
      () =>
        averageContributionIndex([
          { baseFen: 420_000, averageWageFen: 700_000 },
          { baseFen: 420_000, averageWageFen: 0 },
        ]),
      'months[1].averageWageFen',
    );
  });
  it('basicPension', () => {
    throwsRange(() => basicPension({ provincialAverageWageFen: 0, indexBp4: 10_000, contributionMonths: 180 }), 'provincialAverageWageFen');
    throwsRange(() => basicPension({ provincialAverageWageFen: 800_000, indexBp4: -1, contributionMonths: 180 }), 'indexBp4');
    throwsRange(() => basicPension({ provincialAverageWageFen: 800_000, indexBp4: 1.2, contributionMonths: 180 }), 'indexBp4');
    throwsRange(() => basicPension({ provincialAverageWageFen: 800_000, indexBp4: 10_000, contributionMonths: -12 }), 'contributionMonths');
    throwsRange(() => basicPension({ provincialAverageWageFen: 800_000, indexBp4: 10_000, contributionMonths: 15.5 }), 'contributionMonths');
  });
  it('accountPension', () => {
    throwsRange(() => accountPension(-1, 139), 'balanceFen');
    throwsRange(() => accountPension(18_000_000, 0), 'divisor');
    throwsRange(() => accountPension(18_000_000, 139.5), 'divisor');
  });
  it('monthlyPension', () => {
    const input = { provincialAverageWageFen: 800_000, indexBp4: 12_000, contributionMonths: 420, accountBalanceFen: 18_000_000, retirementAge: 60 };
    throwsRange(() => monthlyPension({ ...input, retirementAge: 75 }), 'retirementAge');
    throwsRange(() => monthlyPension({ ...input, accountBalanceFen: -1 }), 'accountBalanceFen');
    throwsRange(() => monthlyPension({ ...input, indexBp4: -1 }), 'indexBp4');
  });
});
