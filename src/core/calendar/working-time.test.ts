import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { officialAdjustments } from './holidays.ts';
import { chinaTime, createWorkingTime } from './working-time.ts';

const wt = createWorkingTime(officialAdjustments);
/** An instant given in China Standard Time. */
const cst = (s: string) => new Date(`${s}+08:00`);

describe('working-day calendar', () => {
  it('knows weekends, public holidays and adjusted working days', () => {
    assert.equal(wt.isWorkingDay('2026-11-27'), true, 'a Friday');
    assert.equal(wt.isWorkingDay('2026-11-28'), false, 'a Saturday');
    assert.equal(wt.isWorkingDay('2026-10-01'), false, 'National Day');
    assert.equal(wt.isWorkingDay('2026-10-05'), false, 'a Monday inside the National Day holiday');
    assert.equal(wt.isWorkingDay('2026-10-10'), true, 'a Saturday worked in exchange');
    assert.equal(wt.isWorkingDay('2026-02-14'), true, 'the Saturday worked before Spring Festival');
    assert.equal(wt.isWorkingDay('2026-02-16'), false, 'Spring Festival Monday');
  });

  it('counts reply deadlines in working days across a weekend', () => {
    // Submitted Friday 27 Nov 2026; 15 working days → Friday 18 Dec, deadline at its end.
    assert.deepEqual(wt.addWorkingDays(cst('2026-11-27T15:00:00'), 15), chinaTime('2026-12-19'));
    assert.deepEqual(wt.addWorkingDays(cst('2026-11-28T10:00:00'), 1), chinaTime('2026-12-01'), 'a Saturday filing counts from Monday');
  });

  it('skips the National Day holiday and counts the adjusted Saturday', () => {
    // Filed Wed 30 Sep 2026: 1 Oct–7 Oct off, Thu 8 and Fri 9 work, Sat 10 Oct works (调休).
    assert.deepEqual(wt.addWorkingDays(cst('2026-09-30T11:00:00'), 1), chinaTime('2026-10-09'));
    assert.deepEqual(wt.addWorkingDays(cst('2026-09-30T11:00:00'), 3), chinaTime('2026-10-11'));
    assert.deepEqual(wt.addWorkingDays(cst('2026-09-30T11:00:00'), 4), chinaTime('2026-10-13'));
  });

  it('skips Spring Festival, counting the Saturdays worked around it', () => {
    // Filed Fri 13 Feb 2026: Sat 14 works, 15–23 off, then Tue 24 …
    assert.deepEqual(wt.addWorkingDays(cst('2026-02-13T09:30:00'), 1), chinaTime('2026-02-15'));
    assert.deepEqual(wt.addWorkingDays(cst('2026-02-13T09:30:00'), 2), chinaTime('2026-02-25'));
  });

  it('adds working hours within 09:00–17:00, across nights, weekends and holidays', () => {
    assert.deepEqual(wt.addWorkingHours(cst('2026-11-25T10:00:00'), 8), cst('2026-11-26T10:00:00'));
    assert.deepEqual(wt.addWorkingHours(cst('2026-11-27T16:00:00'), 2), cst('2026-11-30T10:00:00'), 'Friday afternoon to Monday');
    assert.deepEqual(wt.addWorkingHours(cst('2026-11-28T20:00:00'), 1), cst('2026-11-30T10:00:00'), 'filed on a Saturday evening');
    assert.deepEqual(wt.addWorkingHours(cst('2026-09-30T16:30:00'), 1), cst('2026-10-08T09:30:00'), 'over National Day (1–7 Oct)');
    assert.deepEqual(wt.addWorkingHours(cst('2026-11-25T06:00:00'), 8), cst('2026-11-25T17:00:00'), 'before office hours starts at 09:00');
  });

  it('measures working hours between two instants', () => {
    assert.equal(wt.workingHoursBetween(cst('2026-11-27T16:00:00'), cst('2026-11-30T10:00:00')), 2);
    assert.equal(wt.workingHoursBetween(cst('2026-11-25T10:00:00'), cst('2026-11-25T10:00:00')), 0);
    assert.equal(wt.workingHoursBetween(cst('2026-09-30T09:00:00'), cst('2026-10-09T09:00:00')), 16);
  });

  it('finds the start of the next working day for reminders', () => {
    assert.deepEqual(wt.startOfWorkingDayAfter(chinaTime('2026-12-19')), cst('2026-12-21T09:00:00'));
  });
});
