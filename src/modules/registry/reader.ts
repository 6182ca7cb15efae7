import { and, eq, gte, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { maskBankAccount, maskIdNumber } from '@core/crypto/masking.ts';
import { bankAccounts, employers, employments, enrolments, personHistory, persons, type DossierEntity, type InsuranceScheme } from './registry.tables.ts';

export interface PersonFacts {
  id: string;
  name: string;
  idNumberMasked: string;
  sex: 'male' | 'female';
  birthDate: string;
  householdRegion: string;
  status: 'alive' | 'deceased';
  diedOn: string | null;
}

export interface EmployerFacts {
  id: string;
  name: string;
  creditCode: string;
  region: string;
  status: 'active' | 'suspended' | 'closed';
}

export interface BenefitAccount {
  id: string;
  personId: string;
  bankName: string;
  accountNumberMasked: string;
  verifiedAt: Date | null;
}

export type RegistryReader = ReturnType<typeof createRegistryReader>;

/**
 * What other modules read of the registry, by id and in batches. These functions do not check
 * access: the calling module's service has already passed the guard for its own action.
 */
export function createRegistryReader(platform: Platform) {
  const { crypto } = platform;

  async function persons_(db: Db, ids: readonly string[]): Promise<Map<string, PersonFacts>> {
    const out = new Map<string, PersonFacts>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await db.select().from(persons).where(inArray(persons.id, unique.slice(i, i + 1000)));
      for (const p of rows) {
        out.set(p.id, {
          id: p.id,
          name: p.name,
          idNumberMasked: maskIdNumber(crypto.decrypt(p.idNumberEnc)),
          sex: p.sex,
          birthDate: p.birthDate,
          householdRegion: p.householdRegion,
          status: p.status,
          diedOn: p.diedOn,
        });
      }
    }
    return out;
  }

  async function person(db: Db, id: string): Promise<PersonFacts | undefined> {
    return (await persons_(db, [id])).get(id);
  }

  /** The person with this full ID number, found through the keyed index. */
  async function personByIdNumber(db: Db, idNumber: string): Promise<PersonFacts | undefined> {
    const [row] = await db
      .select({ id: persons.id })
      .from(persons)
      .where(eq(persons.idNumberHash, crypto.lookupHash('id_number', idNumber.toUpperCase())))
      .limit(1);
    return row ? person(db, row.id) : undefined;
  }

  async function employer(db: Db, id: string): Promise<EmployerFacts | undefined> {
    const [row] = await db
      .select({ id: employers.id, name: employers.name, creditCode: employers.creditCode, region: employers.region, status: employers.status })
      .from(employers)
      .where(eq(employers.id, id))
      .limit(1);
    return row;
  }

  /** Whether the person worked for the employer at some time in the month (YYYY-MM). */
  async function employedIn(db: Db, personId: string, employerId: string, period: string): Promise<boolean> {
    const first = `${period}-01`;
    const [y, m] = period.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const [row] = await db
      .select({ id: employments.id })
      .from(employments)
      .where(and(eq(employments.personId, personId), eq(employments.employerId, employerId), lte(employments.startedOn, last), or(isNull(employments.endedOn), gte(employments.endedOn, first))))
      .limit(1);
    return Boolean(row);
  }

  /** The registry person of a signed-in citizen (through the keyed hash of their ID number), if registered. */
  async function personOfCitizen(db: Db, citizenAccountId: string): Promise<PersonFacts | undefined> {
    const hash = await platform.citizenAccounts.idNumberHashOf(citizenAccountId);
    if (!hash) return undefined;
    const [row] = await db.select({ id: persons.id }).from(persons).where(eq(persons.idNumberHash, hash)).limit(1);
    return row ? person(db, row.id) : undefined;
  }

  /**
   * The schemes the person was enrolled in at some time in the month (YYYY-MM), through
   * `employerId` when given. A suspended enrolment counts for no month: the row does not keep
   * when the suspension began, so it must be resumed (or ended from a date) first.
   */
  async function enrolledSchemes(db: Db, personId: string, period: string, employerId?: string): Promise<InsuranceScheme[]> {
    const first = `${period}-01`;
    const [y, m] = period.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const rows = await db
      .selectDistinct({ scheme: enrolments.scheme })
      .from(enrolments)
      .where(
        and(
          eq(enrolments.personId, personId),
          ne(enrolments.status, 'suspended'),
          lte(enrolments.startedOn, last),
          or(isNull(enrolments.endedOn), gte(enrolments.endedOn, first)),
          employerId ? eq(enrolments.employerId, employerId) : undefined,
        ),
      );
    return rows.map((r) => r.scheme);
  }

  /** The account benefits are paid into now, if any (masked). */
  async function benefitAccounts(db: Db, personIds: readonly string[]): Promise<Map<string, BenefitAccount>> {
    const out = new Map<string, BenefitAccount>();
    const unique = [...new Set(personIds)];
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await db
        .select()
        .from(bankAccounts)
        .where(and(inArray(bankAccounts.personId, unique.slice(i, i + 1000)), eq(bankAccounts.status, 'active')));
      for (const a of rows) {
        out.set(a.personId, { id: a.id, personId: a.personId, bankName: a.bankName, accountNumberMasked: maskBankAccount(crypto.decrypt(a.accountNumberEnc)), verifiedAt: a.verifiedAt });
      }
    }
    return out;
  }

  /**
   * Full account numbers, for the payment file a bank needs to pay; only the payroll's bank
   * export asks for them, and its caller audits the export.
   */
  async function accountNumbers(db: Db, accountIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const unique = [...new Set(accountIds)];
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await db
        .select({ id: bankAccounts.id, enc: bankAccounts.accountNumberEnc })
        .from(bankAccounts)
        .where(inArray(bankAccounts.id, unique.slice(i, i + 1000)));
      for (const r of rows) out.set(r.id, crypto.decrypt(r.enc));
    }
    return out;
  }

  /** Adds entries made by another module (a pension granted, a payment held) to persons' dossiers. */
  async function addToDossier(
    tx: Db,
    by: { byKind: string; byId: string | null; byName: string | null },
    entries: { personId: string; kind: string; entity: DossierEntity; entityId: string; changes?: Record<string, [unknown, unknown]>; reason?: string | null }[],
  ) {
    for (let i = 0; i < entries.length; i += 1000) {
      await tx.insert(personHistory).values(
        entries.slice(i, i + 1000).map((e) => ({ personId: e.personId, kind: e.kind, entityKind: e.entity, entityId: e.entityId, changes: e.changes ?? null, reason: e.reason ?? null, ...by })),
      );
    }
  }

  return { persons: persons_, person, personByIdNumber, personOfCitizen, employer, employedIn, enrolledSchemes, benefitAccounts, accountNumbers, addToDossier };
}
