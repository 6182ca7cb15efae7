import { and, asc, eq, gte, ilike, inArray, isNull, like, lte, ne, or, sql } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { maskBankAccount, maskIdNumber } from '@core/crypto/masking.ts';
import { bankAccounts, cards, employers, employments, enrolments, incomeRecords, personHistory, persons, type CardStatus, type DossierEntity, type InsuranceScheme } from './registry.tables.ts';

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

/** A social security card with the periods it stood reported lost (挂失) until found again (解挂). */
export interface CardFacts {
  id: string;
  personId: string;
  cardNumber: string;
  status: CardStatus;
  /** From the report to the finding again; `to` is null while the card is still reported lost. */
  lostPeriods: { from: Date; to: Date | null }[];
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

  /**
   * Cards by number (as read from a card, case-insensitive) or by id, with when each was reported
   * lost and found again, from the dossier's `card.reported_lost` and `card.active` entries.
   */
  async function cardFacts(db: Db, by: { numbers: readonly string[] } | { ids: readonly string[] }): Promise<CardFacts[]> {
    const keys = [...new Set('numbers' in by ? by.numbers.map((n) => n.trim().toUpperCase()) : by.ids)];
    const out: CardFacts[] = [];
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const rows = await db
        .select({ id: cards.id, personId: cards.personId, cardNumber: cards.cardNumber, status: cards.status, updatedAt: cards.updatedAt })
        .from(cards)
        .where('numbers' in by ? inArray(cards.cardNumber, chunk) : inArray(cards.id, chunk));
      if (rows.length === 0) continue;
      const events = await db
        .select({ entityId: personHistory.entityId, kind: personHistory.kind, at: personHistory.at })
        .from(personHistory)
        .where(
          and(
            eq(personHistory.entityKind, 'card'),
            inArray(personHistory.entityId, rows.map((r) => r.id)),
            inArray(personHistory.kind, ['card.reported_lost', 'card.active']),
          ),
        )
        .orderBy(asc(personHistory.at), asc(personHistory.id));
      for (const r of rows) {
        const lostPeriods: CardFacts['lostPeriods'] = [];
        for (const e of events) {
          if (e.entityId !== r.id) continue;
          const open = lostPeriods.at(-1);
          if (e.kind === 'card.reported_lost' && (!open || open.to)) lostPeriods.push({ from: e.at, to: null });
          else if (e.kind === 'card.active' && open && !open.to) open.to = e.at;
        }
        // A card imported as lost, with no report in its dossier: lost since its last change.
        if (r.status === 'reported_lost' && !lostPeriods.some((p) => !p.to)) lostPeriods.push({ from: r.updatedAt, to: null });
        out.push({ id: r.id, personId: r.personId, cardNumber: r.cardNumber, status: r.status, lostPeriods });
      }
    }
    return out;
  }

  // ---- for the credit system (人社信用, integrity module) ----

  /** Employers by id, in batches. */
  async function employersById(db: Db, ids: readonly string[]): Promise<Map<string, EmployerFacts>> {
    const out = new Map<string, EmployerFacts>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 1000) {
      const rows = await db
        .select({ id: employers.id, name: employers.name, creditCode: employers.creditCode, region: employers.region, status: employers.status })
        .from(employers)
        .where(inArray(employers.id, unique.slice(i, i + 1000)));
      for (const e of rows) out.set(e.id, e);
    }
    return out;
  }

  /**
   * Income tax saw (个税申报) for these persons, months and payers, keyed `person|period|creditCode`:
   * what a declared contribution wage is compared with.
   */
  async function taxIncome(db: Db, keys: readonly { personId: string; period: string; payerCreditCode: string }[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < keys.length; i += 1000) {
      const slice = keys.slice(i, i + 1000);
      const rows = await db
        .select({ personId: incomeRecords.personId, period: incomeRecords.period, payer: incomeRecords.payerCreditCode, amountFen: incomeRecords.amountFen })
        .from(incomeRecords)
        .where(
          sql`(${incomeRecords.personId}, ${incomeRecords.period}, ${incomeRecords.payerCreditCode}) in (select * from unnest(${sql.param(slice.map((k) => k.personId))}::uuid[], ${sql.param(slice.map((k) => k.period))}::text[], ${sql.param(slice.map((k) => k.payerCreditCode))}::text[]))`,
        );
      for (const r of rows) out.set(`${r.personId}|${r.period}|${r.payer}`, r.amountFen);
    }
    return out;
  }

  /**
   * The citizen account of a registered person, if they have one (to notify them in the portal).
   * The account is read on the platform's own connection: call it outside a transaction.
   */
  async function citizenAccountOf(db: Db, personId: string): Promise<string | undefined> {
    const [row] = await db.select({ enc: persons.idNumberEnc }).from(persons).where(eq(persons.id, personId)).limit(1);
    return row ? platform.citizenAccounts.accountIdOf(crypto.decrypt(row.enc)) : undefined;
  }

  /**
   * Parties of a region matching a search: employers by part of the name or the exact credit
   * code; persons by exact name or full ID number. At most `limit` of each.
   */
  async function findParties(db: Db, q: { scope: string; text: string; limit: number }): Promise<{ employerIds: string[]; personIds: string[] }> {
    const text = q.text.trim();
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const [es, ps] = await Promise.all([
      db
        .select({ id: employers.id })
        .from(employers)
        .where(and(like(employers.region, `${q.scope}%`), or(ilike(employers.name, pattern), eq(employers.creditCode, text.toUpperCase()))))
        .limit(q.limit),
      db
        .select({ id: persons.id })
        .from(persons)
        .where(and(like(persons.householdRegion, `${q.scope}%`), or(eq(persons.name, text), eq(persons.idNumberHash, crypto.lookupHash('id_number', text.toUpperCase())))))
        .limit(q.limit),
    ]);
    return { employerIds: es.map((e) => e.id), personIds: ps.map((p) => p.id) };
  }

  return {
    persons: persons_,
    person,
    personByIdNumber,
    personOfCitizen,
    employer,
    employedIn,
    enrolledSchemes,
    benefitAccounts,
    accountNumbers,
    addToDossier,
    cardFacts,
    employersById,
    taxIncome,
    citizenAccountOf,
    findParties,
  };
}
