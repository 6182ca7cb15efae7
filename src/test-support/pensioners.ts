import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { makeResidentId } from '@core/identity/resident-id.ts';
import type { Cookies, TestApp } from './harness.ts';

export interface TestPensioner {
  name: string;
  idNumber: string;
  personId: string;
  pensionId: string;
  monthlyFen: number;
}

let sequence = 100;

/**
 * Registers a person, sets their benefit account and grants a pension through the HTTP API,
 * as a caseworker would. The bank's confirmation that the person holds the account arrives
 * through the exchange in real life; a test states it directly.
 */
export async function addPensioner(
  t: TestApp,
  caseworker: Cookies,
  p: { name: string; birthDate?: string; region?: string; account: string; bank?: string; verified?: boolean; idNumber?: string; startPeriod?: string },
): Promise<TestPensioner> {
  const region = p.region ?? '640104001';
  const idNumber = p.idNumber ?? makeResidentId(region.slice(0, 6), p.birthDate ?? '1960-05-01', (sequence += 2));
  const person = await t.request('POST', '/api/registry/persons', caseworker, { idNumber, name: p.name, householdRegion: region });
  assert.equal(person.statusCode, 201, person.body);
  const personId = person.json().id as string;
  const account = await t.request('POST', `/api/registry/persons/${personId}/bank-accounts`, caseworker, { bankName: p.bank ?? '中国工商银行', accountNumber: p.account });
  assert.equal(account.statusCode, 201, account.body);
  if (p.verified !== false) {
    await t.minsheng.platform.database.db.execute(sql`update registry.bank_accounts set verified_at = now(), verified_by = 'test bank' where person_id = ${personId}`);
  }
  const pension = await t.request('POST', '/api/funds/pensions', caseworker, {
    personId,
    retirementAge: 60,
    startPeriod: p.startPeriod ?? '2026-01',
    averageWageFen: 800_000,
    indexBp4: 10_000,
    contributionMonths: 360,
  });
  assert.equal(pension.statusCode, 201, pension.body);
  return { name: p.name, idNumber, personId, pensionId: pension.json().id, monthlyFen: pension.json().monthlyFen };
}

/** Waits until a payroll run has finished its checks. */
export async function runUntilReady(t: TestApp, head: Cookies, period: string): Promise<{ id: string; summary: Record<string, number> }> {
  const started = await t.request('POST', '/api/funds/payroll/runs', head, { period });
  assert.equal(started.statusCode, 202, started.body);
  const id = started.json().id as string;
  for (let i = 0; i < 200; i++) {
    const run = await t.request('GET', `/api/funds/payroll/runs/${id}`, head);
    if (run.json().status === 'ready') return run.json();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${period} did not get ready`);
}
