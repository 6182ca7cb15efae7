import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import type { AuditEvent } from '@core/audit/audit.service.ts';
import { maskBankAccount, maskIdNumber } from '@core/crypto/masking.ts';
import { bankAccounts, enrolments, incomeRecords, personHistory, persons, type DossierEntity } from './registry.tables.ts';

/** A partner department's system, as it appears in the dossier and the audit log. */
export interface PartnerActor {
  code: string;
  name: string;
  /** public_security, civil_affairs, health, tax, bank or education. */
  department: string;
  jurisdiction: string;
}

/** Where a partner's change comes from: which batch (or query) of which dataset. */
export interface PartnerChange {
  partner: PartnerActor;
  channel: 'batch' | 'partner_api';
  requestId: string;
  /** `public_security.death@1` */
  dataset: string;
  batchId: string;
  messageId: string;
}

export interface KnownPerson {
  id: string;
  name: string;
  status: 'alive' | 'deceased';
  birthDate: string;
  diedOn: string | null;
  householdRegion: string;
}

/** What applying one item did; a refusal found only inside the transaction rejects the batch. */
export type PartnerOutcome =
  | { effect: 'applied' | 'unchanged'; personId: string }
  | { rejected: 'death_date_conflict' | 'person_exists' | 'account_unknown' | 'person_unknown' };

export type PartnerRecords = ReturnType<typeof createPartnerRecords>;

/** Rows per statement: well below PostgreSQL's 65,535 parameters for the widest row written here. */
const CHUNK = 1000;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * What partner departments change in the registry through the data exchange: deaths, births,
 * dossier entries (imprisonment, marriage, subsistence allowance, student status), income
 * reported by tax, and banks' account-holder verifications. Each function works inside the
 * caller's transaction, so a batch is applied whole or not at all; each change goes into the
 * person's dossier (by the partner) and into the audit log with the person as its subject.
 */
export function createPartnerRecords(platform: Platform) {
  const { audit, crypto } = platform;

  const byPartner = (p: PartnerActor) => ({ byKind: 'partner', byId: p.code, byName: p.name });
  const reasonOf = (c: PartnerChange) => `${c.dataset} ${c.batchId}`;

  function event(c: PartnerChange, personId: string, action: string, target: { kind: string; id: string }, details: Record<string, unknown> = {}): AuditEvent {
    return {
      actor: { kind: 'partner', id: c.partner.code, name: c.partner.name, role: c.partner.department, region: c.partner.jurisdiction },
      action,
      targetKind: target.kind,
      targetId: target.id,
      subjectId: personId,
      channel: c.channel,
      requestId: c.requestId,
      details: { dataset: c.dataset, batchId: c.batchId, messageId: c.messageId, ...details },
    };
  }

  async function dossier(
    tx: Db,
    c: PartnerChange,
    entries: { personId: string; kind: string; entity: DossierEntity; entityId: string | null; changes: Record<string, [unknown, unknown]> }[],
  ) {
    for (const part of chunks(entries)) {
      await tx.insert(personHistory).values(
        part.map((e) => ({ personId: e.personId, kind: e.kind, entityKind: e.entity, entityId: e.entityId, changes: e.changes, reason: reasonOf(c), ...byPartner(c.partner) })),
      );
    }
  }

  async function audited(tx: Db, events: AuditEvent[]) {
    for (const part of chunks(events)) await audit.appendMany(tx, part);
  }

  /** Persons by full ID number (through the keyed index), keyed by the normalised number. */
  async function findPersons(db: Db, idNumbers: readonly string[]): Promise<Map<string, KnownPerson>> {
    const unique = [...new Set(idNumbers)];
    if (unique.length === 0) return new Map();
    const byHash = new Map(unique.map((n) => [crypto.lookupHash('id_number', n), n]));
    const found = new Map<string, KnownPerson>();
    const hashes = [...byHash.keys()];
    for (let i = 0; i < hashes.length; i += 1000) {
      const rows = await db
        .select({ id: persons.id, hash: persons.idNumberHash, name: persons.name, status: persons.status, birthDate: persons.birthDate, diedOn: persons.diedOn, householdRegion: persons.householdRegion })
        .from(persons)
        .where(inArray(persons.idNumberHash, hashes.slice(i, i + 1000)));
      for (const { hash, ...row } of rows) found.set(byHash.get(hash)!, row);
    }
    return found;
  }

  /** Bank accounts by number (through the keyed index), keyed by the number. */
  async function findBankAccounts(db: Db, accountNumbers: readonly string[]): Promise<Map<string, { id: string; personId: string; status: string }[]>> {
    const unique = [...new Set(accountNumbers)];
    if (unique.length === 0) return new Map();
    const byHash = new Map(unique.map((n) => [crypto.lookupHash('bank_account', n), n]));
    const rows = await db
      .select({ id: bankAccounts.id, personId: bankAccounts.personId, status: bankAccounts.status, hash: bankAccounts.accountNumberHash })
      .from(bankAccounts)
      .where(inArray(bankAccounts.accountNumberHash, [...byHash.keys()]));
    const found = new Map<string, { id: string; personId: string; status: string }[]>();
    for (const { hash, ...row } of rows) {
      const number = byHash.get(hash)!;
      found.set(number, [...(found.get(number) ?? []), row]);
    }
    return found;
  }

  /** Deaths reported by public security or a hospital; a second report of the same death changes nothing. */
  async function recordDeaths(tx: Db, c: PartnerChange, items: { personId: string; diedOn: string }[]): Promise<PartnerOutcome[]> {
    const died = new Set<string>();
    for (const part of chunks(items)) {
      // One statement per chunk: only persons still alive change, so a repeated report is a no-op.
      const rows = (await tx.execute(sql`
        update ${persons} as p set status = 'deceased', died_on = d.died_on, death_source = ${c.partner.code}, updated_at = now()
        from unnest(${sql.param(part.map((i) => i.personId))}::uuid[], ${sql.param(part.map((i) => i.diedOn))}::date[]) as d(id, died_on)
        where p.id = d.id and p.status = 'alive'
        returning p.id`)) as unknown as { rows: { id: string }[] };
      for (const row of rows.rows) died.add(row.id);
    }
    const others = items.filter((i) => !died.has(i.personId)).map((i) => i.personId);
    const recorded = new Map<string, string | null>();
    for (const part of chunks(others)) {
      for (const row of await tx.select({ id: persons.id, diedOn: persons.diedOn }).from(persons).where(inArray(persons.id, part))) recorded.set(row.id, row.diedOn);
    }
    const applied = items.filter((i) => died.has(i.personId));
    await dossier(
      tx,
      c,
      applied.map((i) => ({ personId: i.personId, kind: 'died', entity: 'person', entityId: i.personId, changes: { status: ['alive', 'deceased'], diedOn: [null, i.diedOn] } })),
    );
    await audited(tx, applied.map((i) => event(c, i.personId, 'person.died_recorded', { kind: 'person', id: i.personId }, { diedOn: i.diedOn })));
    return items.map((i): PartnerOutcome => {
      if (died.has(i.personId)) return { effect: 'applied', personId: i.personId };
      if (!recorded.has(i.personId)) return { rejected: 'person_unknown' };
      return recorded.get(i.personId) === i.diedOn ? { effect: 'unchanged', personId: i.personId } : { rejected: 'death_date_conflict' };
    });
  }

  /** Births registered by public security: the newborn enters the registry. */
  async function registerBirths(
    tx: Db,
    c: PartnerChange,
    items: { idNumber: string; name: string; sex: 'male' | 'female'; birthDate: string; householdRegion: string }[],
  ): Promise<PartnerOutcome[]> {
    const hashes = items.map((i) => crypto.lookupHash('id_number', i.idNumber));
    const created = new Map<string, string>();
    for (const part of chunks(items.map((item, index) => ({ item, hash: hashes[index]! })))) {
      const rows = await tx
        .insert(persons)
        .values(part.map(({ item, hash }) => ({ idNumberEnc: crypto.encrypt(item.idNumber), idNumberHash: hash, name: item.name, sex: item.sex, birthDate: item.birthDate, householdRegion: item.householdRegion })))
        .onConflictDoNothing()
        .returning({ id: persons.id, hash: persons.idNumberHash });
      for (const row of rows) created.set(row.hash, row.id);
    }
    const existing = new Map<string, { id: string; name: string }>();
    for (const part of chunks(hashes.filter((h) => !created.has(h)))) {
      for (const row of await tx.select({ id: persons.id, name: persons.name, hash: persons.idNumberHash }).from(persons).where(inArray(persons.idNumberHash, part))) existing.set(row.hash, row);
    }
    const births = items.flatMap((item, index) => {
      const id = created.get(hashes[index]!);
      return id ? [{ item, id }] : [];
    });
    await dossier(
      tx,
      c,
      births.map(({ item, id }) => ({ personId: id, kind: 'registered', entity: 'person', entityId: id, changes: { idNumber: [null, maskIdNumber(item.idNumber)], householdRegion: [null, item.householdRegion] } })),
    );
    await audited(tx, births.map(({ item, id }) => event(c, id, 'person.registered', { kind: 'person', id }, { householdRegion: item.householdRegion })));
    return items.map((item, index): PartnerOutcome => {
      const id = created.get(hashes[index]!);
      if (id) return { effect: 'applied', personId: id };
      const found = existing.get(hashes[index]!);
      return found && found.name === item.name ? { effect: 'unchanged', personId: found.id } : { rejected: 'person_exists' };
    });
  }

  /**
   * Facts reported by a partner that the bureau keeps in the person's dossier (人社电子档案袋) as
   * `partner.<dataset>`: imprisonment, marriage, subsistence allowance, student status. The facts
   * are stored as [null, value] pairs, other people's ID numbers masked.
   */
  async function addDossierEntries(tx: Db, c: PartnerChange, datasetName: string, items: { personId: string; facts: Record<string, unknown> }[]): Promise<PartnerOutcome[]> {
    const kind = `partner.${datasetName}`;
    await dossier(
      tx,
      c,
      items.map((i) => ({ personId: i.personId, kind, entity: 'person', entityId: i.personId, changes: Object.fromEntries(Object.entries(i.facts).map(([k, v]) => [k, [null, v]])) })),
    );
    await audited(tx, items.map((i) => event(c, i.personId, `person.${kind}`, { kind: 'person', id: i.personId }, { facts: Object.keys(i.facts) })));
    return items.map((i) => ({ effect: 'applied', personId: i.personId }));
  }

  /**
   * Income reported by tax, one row per person, month and payer: the same values again change
   * nothing; a different amount corrects the row and says so in the dossier.
   */
  async function recordIncome(tx: Db, c: PartnerChange, items: { personId: string; period: string; payerCreditCode: string; amountFen: number }[]): Promise<PartnerOutcome[]> {
    const keyOf = (i: { personId: string; period: string; payerCreditCode: string }) => `${i.personId}|${i.period}|${i.payerCreditCode}`;
    const before = new Map<string, { id: string; amountFen: number }>();
    for (const part of chunks(items)) {
      const rows = (await tx.execute(sql`
        select r.id, r.person_id, r.period, r.payer_credit_code, r.amount_fen from ${incomeRecords} as r
        join unnest(${sql.param(part.map((i) => i.personId))}::uuid[], ${sql.param(part.map((i) => i.period))}::text[], ${sql.param(part.map((i) => i.payerCreditCode))}::text[]) as k(person_id, period, payer)
          on r.person_id = k.person_id and r.period = k.period and r.payer_credit_code = k.payer`)) as unknown as {
        rows: { id: string; person_id: string; period: string; payer_credit_code: string; amount_fen: string | number }[];
      };
      for (const r of rows.rows) before.set(keyOf({ personId: r.person_id, period: r.period, payerCreditCode: r.payer_credit_code }), { id: r.id, amountFen: Number(r.amount_fen) });
    }
    const fresh = items.filter((i) => !before.has(keyOf(i)));
    const ids = new Map<string, string>();
    for (const part of chunks(fresh)) {
      const rows = await tx
        .insert(incomeRecords)
        .values(part.map((i) => ({ ...i, source: c.partner.code })))
        .returning({ id: incomeRecords.id, personId: incomeRecords.personId, period: incomeRecords.period, payerCreditCode: incomeRecords.payerCreditCode });
      for (const row of rows) ids.set(keyOf(row), row.id);
    }
    // Corrections are few: one statement each.
    const corrected = items.filter((i) => before.has(keyOf(i)) && before.get(keyOf(i))!.amountFen !== i.amountFen);
    for (const i of corrected) await tx.update(incomeRecords).set({ amountFen: i.amountFen, source: c.partner.code }).where(eq(incomeRecords.id, before.get(keyOf(i))!.id));
    const changes = [...fresh.map((i) => ({ i, id: ids.get(keyOf(i))!, kind: 'income.recorded', was: null })), ...corrected.map((i) => ({ i, id: before.get(keyOf(i))!.id, kind: 'income.corrected', was: before.get(keyOf(i))!.amountFen }))];
    await dossier(
      tx,
      c,
      changes.map(({ i, id, kind, was }) => ({ personId: i.personId, kind, entity: 'income', entityId: id, changes: { period: [null, i.period], payerCreditCode: [null, i.payerCreditCode], amountFen: [was, i.amountFen] } })),
    );
    await audited(tx, changes.map(({ i, id, kind }) => event(c, i.personId, `person.${kind}`, { kind: 'income', id }, { period: i.period })));
    const changed = new Set(changes.map(({ i }) => keyOf(i)));
    return items.map((i) => ({ effect: changed.has(keyOf(i)) ? 'applied' : 'unchanged', personId: i.personId }));
  }

  /**
   * A bank's answer whether the person holds the account: a match marks the account verified
   * by that bank; a mismatch clears any earlier verification, so payments wait for a check.
   */
  async function recordAccountVerifications(tx: Db, c: PartnerChange, items: { personId: string; accountNumber: string; matches: boolean }[]): Promise<PartnerOutcome[]> {
    const outcomes: PartnerOutcome[] = [];
    const history: Parameters<typeof dossier>[2] = [];
    const events: AuditEvent[] = [];
    for (const item of items) {
      const [account] = await tx
        .select({ id: bankAccounts.id, verifiedAt: bankAccounts.verifiedAt, verifiedBy: bankAccounts.verifiedBy })
        .from(bankAccounts)
        .where(and(eq(bankAccounts.personId, item.personId), eq(bankAccounts.accountNumberHash, crypto.lookupHash('bank_account', item.accountNumber))))
        .limit(1);
      if (!account) {
        outcomes.push({ rejected: 'account_unknown' });
        continue;
      }
      if (item.matches && account.verifiedAt && account.verifiedBy === c.partner.code) {
        outcomes.push({ effect: 'unchanged', personId: item.personId });
        continue;
      }
      const verifiedAt = item.matches ? new Date() : null;
      await tx
        .update(bankAccounts)
        .set({ verifiedAt, verifiedBy: item.matches ? c.partner.code : null })
        .where(eq(bankAccounts.id, account.id));
      const kind = item.matches ? 'bank_account.verified' : 'bank_account.verification_failed';
      history.push({
        personId: item.personId,
        kind,
        entity: 'bank_account',
        entityId: account.id,
        changes: { account: [null, maskBankAccount(item.accountNumber)], verifiedBy: [account.verifiedBy, item.matches ? c.partner.code : null] },
      });
      events.push(event(c, item.personId, `person.${kind}`, { kind: 'bank_account', id: account.id }));
      outcomes.push({ effect: 'applied', personId: item.personId });
    }
    await dossier(tx, c, history);
    await audited(tx, events);
    return outcomes;
  }

  /**
   * The identifiers the platform sends when it asks a partner about a person: the full ID number
   * and a bank account of theirs — the one given by id (closed ones too), else the one benefits
   * are paid into. Callers audit the disclosure.
   */
  async function identifiersOf(db: Db, personId: string, accountId?: string) {
    const [person] = await db.select().from(persons).where(eq(persons.id, personId)).limit(1);
    if (!person) return undefined;
    const [account] = await db
      .select({ id: bankAccounts.id, enc: bankAccounts.accountNumberEnc })
      .from(bankAccounts)
      .where(and(eq(bankAccounts.personId, personId), accountId ? eq(bankAccounts.id, accountId) : eq(bankAccounts.status, 'active')))
      .limit(1);
    return {
      id: person.id,
      idNumber: crypto.decrypt(person.idNumberEnc),
      householdRegion: person.householdRegion,
      status: person.status,
      birthDate: person.birthDate,
      diedOn: person.diedOn,
      bankAccount: account ? { id: account.id, number: crypto.decrypt(account.enc) } : null,
    };
  }

  /** Whether the person is enrolled in a pension scheme now (for a partner's yes/no question). */
  async function pensionEnrolled(db: Db, personId: string): Promise<boolean> {
    const rows = await db
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.personId, personId), inArray(enrolments.scheme, ['employee_pension', 'resident_pension']), eq(enrolments.status, 'active')))
      .limit(1);
    return rows.length > 0;
  }

  /** Whether the person holds the account (active or closed), by keyed hash. */
  async function holdsAccount(db: Db, personId: string, accountNumber: string): Promise<boolean> {
    const rows = await db
      .select({ id: bankAccounts.id })
      .from(bankAccounts)
      .where(and(eq(bankAccounts.personId, personId), eq(bankAccounts.accountNumberHash, crypto.lookupHash('bank_account', accountNumber))))
      .limit(1);
    return rows.length > 0;
  }

  return {
    findPersons,
    findBankAccounts,
    recordDeaths,
    registerBirths,
    addDossierEntries,
    recordIncome,
    recordAccountVerifications,
    identifiersOf,
    pensionEnrolled,
    holdsAccount,
  };
}
