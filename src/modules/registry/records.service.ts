import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import type { RequestContext, StaffActor } from '@core/access/guard.ts';
import { maskBankAccount } from '@core/crypto/masking.ts';
import { appError } from '@core/http/errors.ts';
import { isValidCreditCode } from '@core/identity/credit-code.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { UnmaskPurpose } from '@core/auth/citizen-accounts.service.ts';
import {
  bankAccounts,
  cards,
  employers,
  employments,
  enrolments,
  incomeRecords,
  personHistory,
  type CardStatus,
  type DossierEntity,
  type EnrolmentStatus,
  type InsuranceScheme,
} from './registry.tables.ts';
import { createPersonScope, type PersonRow } from './person-scope.ts';
import { registryError } from './registry.errors.ts';

/** Schemes an employer pays into; the others are for residents. */
const employeeSchemes: readonly InsuranceScheme[] = ['employee_pension', 'employee_medical', 'unemployment', 'work_injury', 'maternity'];

/** Which card status may follow which: a found card comes back, a replaced or cancelled one never. */
const cardTransitions: Record<CardStatus, readonly CardStatus[]> = {
  active: ['reported_lost', 'cancelled'],
  reported_lost: ['active', 'cancelled'],
  replaced: [],
  cancelled: [],
};
const enrolmentTransitions: Record<EnrolmentStatus, readonly EnrolmentStatus[]> = {
  active: ['suspended', 'ended'],
  suspended: ['active', 'ended'],
  ended: [],
};

export type RecordsService = ReturnType<typeof createRecordsService>;

/**
 * What hangs on a person: employment, social security cards, the bank account benefits are
 * paid into, income and insurance enrolments. Every change goes into the person's dossier
 * with its reason and into the audit log with the person as subject; answers are masked.
 */
export function createRecordsService(platform: Platform) {
  const { database, audit, crypto, regions } = platform;
  const { loadInScope, localRegion, byWhom, personEvent } = createPersonScope(platform);

  /** Loads a living person for a change, within the caller's region. */
  async function forChange(ctx: RequestContext, personId: string) {
    const found = await loadInScope(ctx, 'person:correct', personId);
    if (found.row.status !== 'alive') throw registryError('person_not_alive');
    return found;
  }

  /** Dates of events in a person's life fall between their birth and today. */
  function lifeDate(person: PersonRow, day: string) {
    if (day < person.birthDate || day > chinaDate(new Date())) throw registryError('date_out_of_range');
    return day;
  }

  /** One dossier entry and one audit entry, in the change's transaction. */
  async function log(
    tx: Db,
    ctx: RequestContext,
    actor: StaffActor,
    person: PersonRow,
    entry: { kind: string; entity: DossierEntity; entityId: string; changes?: Record<string, [unknown, unknown]>; reason?: string | undefined },
  ) {
    await tx.insert(personHistory).values({
      personId: person.id,
      kind: entry.kind,
      entityKind: entry.entity,
      entityId: entry.entityId,
      changes: entry.changes ?? null,
      reason: entry.reason?.trim() || null,
      ...byWhom(actor),
    });
    await audit.append(tx, personEvent(actor, ctx, person, `person.${entry.kind}`, { target: { kind: entry.entity, id: entry.entityId } }));
  }

  // ---- reading ------------------------------------------------------------------------------

  async function recordsOf(db: Db, personId: string) {
    const [employmentRows, cardRows, accountRows, incomeRows, enrolmentRows] = await Promise.all([
      db
        .select({ e: employments, employerName: employers.name, creditCode: employers.creditCode })
        .from(employments)
        .innerJoin(employers, eq(employers.id, employments.employerId))
        .where(eq(employments.personId, personId))
        .orderBy(desc(employments.startedOn)),
      db.select().from(cards).where(eq(cards.personId, personId)).orderBy(desc(cards.issuedOn), desc(cards.updatedAt)),
      db.select().from(bankAccounts).where(eq(bankAccounts.personId, personId)).orderBy(desc(bankAccounts.createdAt)),
      db
        .select({ i: incomeRecords, payerName: employers.name })
        .from(incomeRecords)
        .leftJoin(employers, eq(employers.creditCode, incomeRecords.payerCreditCode))
        .where(eq(incomeRecords.personId, personId))
        .orderBy(desc(incomeRecords.period))
        .limit(120),
      db
        .select({ e: enrolments, employerName: employers.name })
        .from(enrolments)
        .leftJoin(employers, eq(employers.id, enrolments.employerId))
        .where(eq(enrolments.personId, personId))
        .orderBy(desc(enrolments.startedOn)),
    ]);
    return {
      employments: employmentRows.map(({ e, employerName, creditCode }) => ({
        id: e.id,
        employerId: e.employerId,
        employerName,
        employerCreditCode: creditCode,
        startedOn: e.startedOn,
        endedOn: e.endedOn,
      })),
      cards: cardRows.map((c) => ({ id: c.id, cardNumber: c.cardNumber, issuingBank: c.issuingBank, status: c.status, issuedOn: c.issuedOn, replacesId: c.replacesId })),
      bankAccounts: accountRows.map((a) => ({
        id: a.id,
        bankName: a.bankName,
        accountNumberMasked: maskBankAccount(crypto.decrypt(a.accountNumberEnc)),
        status: a.status,
        verifiedAt: a.verifiedAt?.toISOString() ?? null,
        verifiedBy: a.verifiedBy,
        createdAt: a.createdAt.toISOString(),
        closedAt: a.closedAt?.toISOString() ?? null,
      })),
      income: incomeRows.map(({ i, payerName }) => ({ id: i.id, period: i.period, payerCreditCode: i.payerCreditCode, payerName, amountFen: i.amountFen, source: i.source })),
      enrolments: enrolmentRows.map(({ e, employerName }) => ({
        id: e.id,
        scheme: e.scheme,
        status: e.status,
        employerId: e.employerId,
        employerName,
        region: e.region,
        regionName: regions.fullName(e.region),
        startedOn: e.startedOn,
        endedOn: e.endedOn,
      })),
    };
  }

  async function get(ctx: RequestContext, personId: string) {
    const { row, actor } = await loadInScope(ctx, 'person:read', personId);
    const records = await recordsOf(database.db, personId);
    await audit.record(personEvent(actor, ctx, row, 'person.records_viewed'));
    return records;
  }

  // ---- employment ---------------------------------------------------------------------------

  async function activeEmployer(db: Db, employerId: string) {
    const [employer] = await db.select().from(employers).where(eq(employers.id, employerId)).limit(1);
    if (!employer) throw registryError('employer_not_found');
    if (employer.status !== 'active') throw registryError('employer_not_active');
    return employer;
  }

  async function startEmployment(ctx: RequestContext, personId: string, input: { employerId: string; startedOn: string }) {
    const { row, actor } = await forChange(ctx, personId);
    const employer = await activeEmployer(database.db, input.employerId);
    const startedOn = lifeDate(row, input.startedOn);
    return database.transaction(async (tx) => {
      const [created] = await tx.insert(employments).values({ personId, employerId: employer.id, startedOn }).onConflictDoNothing().returning();
      if (!created) throw registryError('employment_exists');
      await log(tx, ctx, actor, row, { kind: 'employment.started', entity: 'employment', entityId: created.id, changes: { employer: [null, employer.name], startedOn: [null, startedOn] } });
      return recordsOf(tx, personId);
    });
  }

  async function endEmployment(ctx: RequestContext, personId: string, employmentId: string, input: { endedOn: string; reason: string }) {
    const { row, actor } = await loadInScope(ctx, 'person:correct', personId);
    return database.transaction(async (tx) => {
      const [current] = await tx.select().from(employments).where(and(eq(employments.id, employmentId), eq(employments.personId, personId))).for('update');
      if (!current) throw registryError('record_not_found');
      if (current.endedOn) throw registryError('record_not_found', { detail: 'this employment has already ended' });
      if (input.endedOn < current.startedOn) throw registryError('date_out_of_range', { detail: 'an employment cannot end before it started' });
      const endedOn = lifeDate(row, input.endedOn);
      await tx.update(employments).set({ endedOn }).where(eq(employments.id, employmentId));
      await log(tx, ctx, actor, row, { kind: 'employment.ended', entity: 'employment', entityId: employmentId, changes: { endedOn: [null, endedOn] }, reason: input.reason });
      return recordsOf(tx, personId);
    });
  }

  // ---- social security cards ----------------------------------------------------------------

  function cardNumber(input: string) {
    const value = input.trim().toUpperCase();
    if (!/^[A-Z]\d{8}$/.test(value)) throw registryError('invalid_card_number');
    return value;
  }

  async function insertCard(tx: Db, values: typeof cards.$inferInsert) {
    const [taken] = await tx.select({ id: cards.id }).from(cards).where(eq(cards.cardNumber, values.cardNumber)).limit(1);
    if (taken) throw registryError('card_number_taken');
    const [created] = await tx.insert(cards).values(values).onConflictDoNothing().returning();
    if (!created) throw registryError('card_exists');
    return created;
  }

  async function issueCard(ctx: RequestContext, personId: string, input: { cardNumber: string; issuingBank: string; issuedOn: string }) {
    const { row, actor } = await forChange(ctx, personId);
    const values = { personId, cardNumber: cardNumber(input.cardNumber), issuingBank: input.issuingBank.trim(), issuedOn: lifeDate(row, input.issuedOn) };
    return database.transaction(async (tx) => {
      const created = await insertCard(tx, values);
      await log(tx, ctx, actor, row, { kind: 'card.issued', entity: 'card', entityId: created.id, changes: { cardNumber: [null, created.cardNumber], issuingBank: [null, created.issuingBank] } });
      return recordsOf(tx, personId);
    });
  }

  async function lockedCard(tx: Db, personId: string, cardId: string) {
    const [card] = await tx.select().from(cards).where(and(eq(cards.id, cardId), eq(cards.personId, personId))).for('update');
    if (!card) throw registryError('record_not_found');
    return card;
  }

  /** Report a card lost (挂失), found again (解挂), or cancel it (注销). */
  async function changeCardStatus(ctx: RequestContext, personId: string, cardId: string, input: { status: 'active' | 'reported_lost' | 'cancelled'; reason: string }) {
    const { row, actor } = await loadInScope(ctx, 'person:correct', personId);
    return database.transaction(async (tx) => {
      const card = await lockedCard(tx, personId, cardId);
      if (!cardTransitions[card.status].includes(input.status)) {
        throw registryError('card_transition', { detail: `a card that is ${card.status} cannot become ${input.status}` });
      }
      await tx.update(cards).set({ status: input.status, updatedAt: new Date() }).where(eq(cards.id, cardId));
      await log(tx, ctx, actor, row, { kind: `card.${input.status}`, entity: 'card', entityId: cardId, changes: { status: [card.status, input.status] }, reason: input.reason });
      return recordsOf(tx, personId);
    });
  }

  /** Replace a card (补换卡): the old one is marked replaced, the new one points back to it. */
  async function replaceCard(ctx: RequestContext, personId: string, cardId: string, input: { cardNumber: string; issuingBank: string; issuedOn: string; reason: string }) {
    const { row, actor } = await forChange(ctx, personId);
    const number = cardNumber(input.cardNumber);
    const issuedOn = lifeDate(row, input.issuedOn);
    return database.transaction(async (tx) => {
      const old = await lockedCard(tx, personId, cardId);
      if (old.status !== 'active' && old.status !== 'reported_lost') throw registryError('card_transition', { detail: `a card that is ${old.status} cannot be replaced` });
      await tx.update(cards).set({ status: 'replaced', updatedAt: new Date() }).where(eq(cards.id, cardId));
      const created = await insertCard(tx, { personId, cardNumber: number, issuingBank: input.issuingBank.trim(), issuedOn, replacesId: cardId });
      await log(tx, ctx, actor, row, {
        kind: 'card.replaced',
        entity: 'card',
        entityId: created.id,
        changes: { cardNumber: [old.cardNumber, created.cardNumber], issuingBank: [old.issuingBank, created.issuingBank] },
        reason: input.reason,
      });
      return recordsOf(tx, personId);
    });
  }

  // ---- bank accounts ------------------------------------------------------------------------

  function accountNumber(input: string) {
    const digits = input.replace(/[\s-]/g, '');
    if (!/^\d{12,30}$/.test(digits)) throw registryError('invalid_bank_account');
    return digits;
  }

  /** Sets the account benefits are paid into; the one used before is closed in the same step. */
  async function addBankAccount(ctx: RequestContext, personId: string, input: { bankName: string; accountNumber: string; reason?: string | undefined }) {
    const { row, actor } = await forChange(ctx, personId);
    const number = accountNumber(input.accountNumber);
    return database.transaction(async (tx) => {
      const closed = await tx
        .update(bankAccounts)
        .set({ status: 'closed', closedAt: new Date() })
        .where(and(eq(bankAccounts.personId, personId), eq(bankAccounts.status, 'active')))
        .returning();
      const [created] = await tx
        .insert(bankAccounts)
        .values({ personId, bankName: input.bankName.trim(), accountNumberEnc: crypto.encrypt(number), accountNumberHash: crypto.lookupHash('bank_account', number) })
        .returning();
      const before = closed[0] ? `${closed[0].bankName} ${maskBankAccount(crypto.decrypt(closed[0].accountNumberEnc))}` : null;
      await log(tx, ctx, actor, row, {
        kind: 'bank_account.added',
        entity: 'bank_account',
        entityId: created!.id,
        changes: { account: [before, `${created!.bankName} ${maskBankAccount(number)}`] },
        reason: input.reason,
      });
      return recordsOf(tx, personId);
    });
  }

  async function closeBankAccount(ctx: RequestContext, personId: string, accountId: string, input: { reason: string }) {
    const { row, actor } = await loadInScope(ctx, 'person:correct', personId);
    return database.transaction(async (tx) => {
      const [closed] = await tx
        .update(bankAccounts)
        .set({ status: 'closed', closedAt: new Date() })
        .where(and(eq(bankAccounts.id, accountId), eq(bankAccounts.personId, personId), eq(bankAccounts.status, 'active')))
        .returning();
      if (!closed) {
        const [exists] = await tx.select({ id: bankAccounts.id }).from(bankAccounts).where(and(eq(bankAccounts.id, accountId), eq(bankAccounts.personId, personId)));
        throw exists ? registryError('bank_account_closed') : registryError('record_not_found');
      }
      await log(tx, ctx, actor, row, { kind: 'bank_account.closed', entity: 'bank_account', entityId: accountId, changes: { status: ['active', 'closed'] }, reason: input.reason });
      return recordsOf(tx, personId);
    });
  }

  async function unmaskBankAccount(ctx: RequestContext, personId: string, accountId: string, purpose: UnmaskPurpose, note: string | undefined) {
    const { row, actor } = await loadInScope(ctx, 'person:unmask', personId);
    if (purpose === 'other' && !note?.trim()) throw appError('purpose_required', { detail: 'purpose "other" needs a note' });
    const [account] = await database.db.select().from(bankAccounts).where(and(eq(bankAccounts.id, accountId), eq(bankAccounts.personId, personId)));
    if (!account) throw registryError('record_not_found');
    await audit.record(
      personEvent(actor, ctx, row, 'person.bank_account_unmasked', {
        purpose: note?.trim() ? `${purpose}: ${note.trim()}` : purpose,
        target: { kind: 'bank_account', id: accountId },
        details: { fields: ['accountNumber'] },
      }),
    );
    return { accountNumber: crypto.decrypt(account.accountNumberEnc) };
  }

  // ---- income -------------------------------------------------------------------------------

  /** Income entered at the counter (tax sends its own through the exchange). */
  async function addIncome(ctx: RequestContext, personId: string, input: { period: string; payerCreditCode: string; amountFen: number }) {
    const { row, actor } = await loadInScope(ctx, 'person:correct', personId);
    const thisMonth = chinaDate(new Date()).slice(0, 7);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.period) || input.period > thisMonth || input.period < row.birthDate.slice(0, 7)) throw registryError('invalid_period');
    const payer = input.payerCreditCode.trim().toUpperCase();
    if (!isValidCreditCode(payer)) throw registryError('invalid_credit_code');
    return database.transaction(async (tx) => {
      const [created] = await tx.insert(incomeRecords).values({ personId, period: input.period, payerCreditCode: payer, amountFen: input.amountFen, source: 'staff' }).onConflictDoNothing().returning();
      if (!created) throw registryError('income_exists');
      await log(tx, ctx, actor, row, { kind: 'income.recorded', entity: 'income', entityId: created.id, changes: { period: [null, created.period], amountFen: [null, created.amountFen], payer: [null, payer] } });
      return recordsOf(tx, personId);
    });
  }

  // ---- insurance enrolments -----------------------------------------------------------------

  async function enrol(ctx: RequestContext, personId: string, input: { scheme: InsuranceScheme; region: string; startedOn: string; employerId?: string | undefined }) {
    const { row, actor } = await forChange(ctx, personId);
    const region = localRegion(input.region);
    const startedOn = lifeDate(row, input.startedOn);
    const employee = employeeSchemes.includes(input.scheme);
    if (employee && !input.employerId) throw registryError('employer_required');
    const employer = employee && input.employerId ? await activeEmployer(database.db, input.employerId) : undefined;
    return database.transaction(async (tx) => {
      const [created] = await tx
        .insert(enrolments)
        .values({ personId, scheme: input.scheme, region, startedOn, employerId: employer?.id ?? null })
        .onConflictDoNothing()
        .returning();
      if (!created) throw registryError('enrolment_exists');
      await log(tx, ctx, actor, row, {
        kind: 'enrolment.started',
        entity: 'enrolment',
        entityId: created.id,
        changes: { scheme: [null, input.scheme], region: [null, region], employer: [null, employer?.name ?? null], startedOn: [null, startedOn] },
      });
      return recordsOf(tx, personId);
    });
  }

  /** Suspend (暂停), resume or end (终止) an enrolment, with the date it takes effect. */
  async function changeEnrolmentStatus(ctx: RequestContext, personId: string, enrolmentId: string, input: { status: EnrolmentStatus; on: string; reason: string }) {
    const { row, actor } = await loadInScope(ctx, 'person:correct', personId);
    return database.transaction(async (tx) => {
      const [current] = await tx.select().from(enrolments).where(and(eq(enrolments.id, enrolmentId), eq(enrolments.personId, personId))).for('update');
      if (!current) throw registryError('record_not_found');
      if (!enrolmentTransitions[current.status].includes(input.status)) {
        throw registryError('enrolment_transition', { detail: `an enrolment that is ${current.status} cannot become ${input.status}` });
      }
      if (input.on < current.startedOn) throw registryError('date_out_of_range', { detail: 'the change cannot take effect before the enrolment started' });
      const on = input.on;
      if (on > chinaDate(new Date())) throw registryError('date_out_of_range');
      if (input.status === 'active') {
        // Resuming must not collide with a newer enrolment in the same scheme.
        const [other] = await tx
          .select({ id: enrolments.id })
          .from(enrolments)
          .where(and(eq(enrolments.personId, personId), eq(enrolments.scheme, current.scheme), ne(enrolments.id, enrolmentId), inArray(enrolments.status, ['active', 'suspended'])));
        if (other) throw registryError('enrolment_exists');
      }
      await tx
        .update(enrolments)
        .set({ status: input.status, endedOn: input.status === 'ended' ? on : null, updatedAt: new Date() })
        .where(eq(enrolments.id, enrolmentId));
      await log(tx, ctx, actor, row, {
        kind: `enrolment.${input.status === 'active' ? 'resumed' : input.status}`,
        entity: 'enrolment',
        entityId: enrolmentId,
        changes: { scheme: [current.scheme, current.scheme], status: [current.status, input.status], effective: [null, on] },
        reason: input.reason,
      });
      return recordsOf(tx, personId);
    });
  }

  /** Counts for the console overview and the employer page. */
  async function countActiveEmployees(employerId: string) {
    const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(employments).where(and(eq(employments.employerId, employerId), sql`${employments.endedOn} is null`));
    return row?.n ?? 0;
  }

  return {
    get,
    recordsOf,
    startEmployment,
    endEmployment,
    issueCard,
    changeCardStatus,
    replaceCard,
    addBankAccount,
    closeBankAccount,
    unmaskBankAccount,
    addIncome,
    enrol,
    changeEnrolmentStatus,
    countActiveEmployees,
  };
}
