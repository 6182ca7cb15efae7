import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, customType, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const fundsSchema = pgSchema('funds');

const fen = (name: string) => bigint(name, { mode: 'number' });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** The social insurance funds, each with its own ledger (社会保险法 Art. 64: 分险种、分项目核算). */
export const fundKinds = ['employee_pension', 'resident_pension', 'employee_medical', 'resident_medical', 'unemployment', 'work_injury', 'maternity'] as const;
export type FundKind = (typeof fundKinds)[number];
export const payers = ['employer', 'employee'] as const;
export type Payer = (typeof payers)[number];

// ---------------------------------------------------------------- policy, as data

/**
 * The average monthly wage of urban employees (社平工资) of a province or city for a year: it
 * sets the contribution floor and cap and enters the pension formula.
 */
export const averageWages = fundsSchema.table(
  'average_wages',
  {
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    averageMonthlyWageFen: fen('average_monthly_wage_fen').notNull(),
    /** Contribution floor and cap as a share of the average wage, in basis points (60% = 6000). */
    floorBp: integer('floor_bp').notNull().default(6000),
    capBp: integer('cap_bp').notNull().default(30000),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.year] }),
    check('average_wages_positive', sql`${t.averageMonthlyWageFen} > 0 and ${t.floorBp} > 0 and ${t.capBp} >= ${t.floorBp}`),
  ],
);

/** Contribution rates per region, scheme and payer from a period on (YYYY-MM), in basis points. */
export const contributionRates = fundsSchema.table(
  'contribution_rates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code').notNull(),
    scheme: text('scheme', { enum: fundKinds }).notNull(),
    payer: text('payer', { enum: payers }).notNull(),
    rateBp: integer('rate_bp').notNull(),
    validFrom: text('valid_from').notNull(),
    /** Inclusive last period, or open-ended. */
    validTo: text('valid_to'),
  },
  (t) => [
    uniqueIndex('contribution_rates_key_idx').on(t.regionCode, t.scheme, t.payer, t.validFrom),
    check('contribution_rates_range', sql`${t.rateBp} between 0 and 10000 and (${t.validTo} is null or ${t.validTo} >= ${t.validFrom})`),
  ],
);

/** The yearly crediting rate of individual accounts (记账利率), announced by the ministry. */
export const interestRates = fundsSchema.table(
  'interest_rates',
  { year: integer('year').primaryKey(), rateBp: integer('rate_bp').notNull() },
  (t) => [check('interest_rates_range', sql`${t.rateBp} between 0 and 10000`)],
);

/** Months divisor of the individual-account pension by retirement age (国发〔2005〕38号 计发月数). */
export const monthsDivisors = fundsSchema.table(
  'months_divisors',
  { retirementAge: integer('retirement_age').primaryKey(), months: integer('months').notNull() },
  (t) => [check('months_divisors_positive', sql`${t.months} > 0`)],
);

// ---------------------------------------------------------------- contributions (征缴)

export const declarationStatuses = ['due', 'paid', 'cancelled'] as const;

/**
 * An employer's monthly declaration for one employee: the wage declared, the base after the
 * floor and cap, and what each side owes. One per employer, employee and period.
 */
export const declarations = fundsSchema.table(
  'declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    employerId: uuid('employer_id').notNull(),
    personId: uuid('person_id').notNull(),
    /** The employer's region: whose rates apply and whose staff handle it. */
    region: text('region').notNull(),
    period: text('period').notNull(),
    declaredWageFen: fen('declared_wage_fen').notNull(),
    baseFen: fen('base_fen').notNull(),
    /** `floor` or `cap` when the declared wage was raised or lowered to the limit. */
    clamped: text('clamped', { enum: ['floor', 'cap'] }),
    employerFen: fen('employer_fen').notNull(),
    employeeFen: fen('employee_fen').notNull(),
    totalFen: fen('total_fen').notNull(),
    paidFen: fen('paid_fen').notNull().default(0),
    lateFeeFen: fen('late_fee_fen').notNull().default(0),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    paidOn: date('paid_on', { mode: 'string' }),
    status: text('status', { enum: declarationStatuses }).notNull().default('due'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('declarations_key_idx').on(t.employerId, t.personId, t.period),
    index('declarations_person_idx').on(t.personId, t.period),
    index('declarations_employer_due_idx').on(t.employerId, t.status, t.dueOn),
    check('declarations_amounts', sql`${t.declaredWageFen} >= 0 and ${t.baseFen} >= 0 and ${t.paidFen} between 0 and ${t.totalFen} and ${t.lateFeeFen} >= 0`),
  ],
);

/** The computed amount of one scheme and payer, with the rate that produced it. */
export const declarationLines = fundsSchema.table(
  'declaration_lines',
  {
    declarationId: uuid('declaration_id')
      .notNull()
      .references(() => declarations.id),
    scheme: text('scheme', { enum: fundKinds }).notNull(),
    payer: text('payer', { enum: payers }).notNull(),
    rateBp: integer('rate_bp').notNull(),
    amountFen: fen('amount_fen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.declarationId, t.scheme, t.payer] })],
);

/** Money an employer paid in; allocated to its oldest unpaid declarations first. */
export const employerPayments = fundsSchema.table(
  'employer_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    employerId: uuid('employer_id').notNull(),
    amountFen: fen('amount_fen').notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** The bank's transaction reference: the same payment is never booked twice. */
    reference: text('reference').notNull(),
    /** Part of the payment no declaration was due for yet (credit on account). */
    unallocatedFen: fen('unallocated_fen').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('employer_payments_reference_idx').on(t.employerId, t.reference), check('employer_payments_positive', sql`${t.amountFen} > 0`)],
);

export const paymentAllocations = fundsSchema.table(
  'payment_allocations',
  {
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => employerPayments.id),
    declarationId: uuid('declaration_id')
      .notNull()
      .references(() => declarations.id),
    principalFen: fen('principal_fen').notNull(),
    lateFeeFen: fen('late_fee_fen').notNull(),
    lateDays: integer('late_days').notNull(),
  },
  (t) => [primaryKey({ columns: [t.paymentId, t.declarationId] })],
);

// ---------------------------------------------------------------- individual accounts

/** The basic pension individual account (个人账户) of an insured person. */
export const individualAccounts = fundsSchema.table(
  'individual_accounts',
  {
    personId: uuid('person_id').primaryKey(),
    balanceFen: fen('balance_fen').notNull().default(0),
    /** Months with contributions paid (缴费年限 = months ÷ 12). */
    contributionMonths: integer('contribution_months').notNull().default(0),
    /** Last year interest was credited for. */
    interestYear: integer('interest_year'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [check('individual_accounts_nonnegative', sql`${t.balanceFen} >= 0 and ${t.contributionMonths} >= 0`)],
);

export const accountEntryKinds = ['contribution', 'interest', 'opening', 'payout'] as const;

export const accountEntries = fundsSchema.table(
  'account_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id').notNull(),
    kind: text('kind', { enum: accountEntryKinds }).notNull(),
    /** YYYY-MM for contributions, YYYY for interest. */
    period: text('period').notNull(),
    amountFen: fen('amount_fen').notNull(),
    /** The declaration a contribution came from, or the year's rate for interest. */
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('account_entries_key_idx').on(t.personId, t.kind, t.period, t.source)],
);

// ---------------------------------------------------------------- pensions and payroll

export const pensionStatuses = ['active', 'suspended', 'stopped'] as const;
export type PensionStatus = (typeof pensionStatuses)[number];

/** A pension in payment: the entitlement as computed. It is paid into the person's current benefit account. */
export const pensions = fundsSchema.table(
  'pensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull(),
    region: text('region').notNull(),
    scheme: text('scheme', { enum: fundKinds }).notNull().default('employee_pension'),
    status: text('status', { enum: pensionStatuses }).notNull().default('active'),
    basicFen: fen('basic_fen').notNull(),
    accountFen: fen('account_fen').notNull(),
    monthlyFen: fen('monthly_fen').notNull(),
    /** First period paid (YYYY-MM). */
    startPeriod: text('start_period').notNull(),
    retirementAge: integer('retirement_age').notNull(),
    /** The inputs of the formula, so anyone can recompute it. */
    basis: jsonb('basis').$type<Record<string, unknown>>().notNull(),
    suspendedFrom: text('suspended_from'),
    /** Benefit owed for months that were suspended and then resumed (补发), paid by the next run. */
    arrearsFen: fen('arrears_fen').notNull().default(0),
    statusReason: text('status_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('pensions_person_scheme_idx').on(t.personId, t.scheme).where(sql`status <> 'stopped'`),
    // A person's payment instructions are found through their pensions (stopped ones too).
    index('pensions_person_idx').on(t.personId),
    index('pensions_region_idx').on(t.region, t.status),
    check('pensions_amounts', sql`${t.basicFen} >= 0 and ${t.accountFen} >= 0 and ${t.monthlyFen} = ${t.basicFen} + ${t.accountFen} and ${t.arrearsFen} >= 0`),
  ],
);

export const runStatuses = ['preparing', 'ready', 'paid'] as const;
export type RunStatus = (typeof runStatuses)[number];

/**
 * A monthly payroll run (待遇发放). One per region and period, enforced by the database; each step is
 * idempotent, so a run that died midway resumes from its status without paying anyone twice.
 */
export const payrollRuns = fundsSchema.table(
  'payroll_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The pooling region (统筹区) whose pensions the run pays: the starting department's region. */
    region: text('region').notNull(),
    period: text('period').notNull(),
    status: text('status', { enum: runStatuses }).notNull().default('preparing'),
    startedBy: text('started_by').notNull(),
    /** The server working on the run, with its heartbeat: the lease that keeps two from racing. */
    worker: text('worker'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** Refreshed while a server works on the run; a stale one may be resumed by another. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().default(sql`now()`),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    summary: jsonb('summary').$type<Record<string, number>>(),
  },
  (t) => [uniqueIndex('payroll_runs_region_period_idx').on(t.region, t.period)],
);

export const instructionStatuses = ['ready', 'held', 'released', 'stopped', 'sent'] as const;
export type InstructionStatus = (typeof instructionStatuses)[number];

/**
 * One payment to one payee in one run; unique per run, pension and kind. A run writes one per
 * pensioner — a million a month in a province — so the table carries no foreign keys (their
 * per-row checks were 40% of preparing a run): instructions are written only by the run's own
 * statement, from its pensions, and pensions and runs are never deleted (a trigger refuses it).
 */
export const paymentInstructions = fundsSchema.table(
  'payment_instructions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id').notNull(),
    pensionId: uuid('pension_id').notNull(),
    /** The month paid: with the pension and kind, unique across runs, so overlapping runs never pay twice. */
    period: text('period').notNull(),
    personId: uuid('person_id').notNull(),
    region: text('region').notNull(),
    /** `monthly`, or `arrears` for suspended months paid after resumption. */
    kind: text('kind', { enum: ['monthly', 'arrears'] }).notNull().default('monthly'),
    amountFen: fen('amount_fen').notNull(),
    /** The payee's benefit account when the run was prepared; none means the payment is held. */
    bankAccountId: uuid('bank_account_id'),
    bankName: text('bank_name'),
    status: text('status', { enum: instructionStatuses }).notNull().default('ready'),
    bankFileId: uuid('bank_file_id'),
  },
  (t) => [
    // Unique per pension, month and kind; a run has one month, so this is also unique per run.
    uniqueIndex('payment_instructions_pension_period_idx').on(t.pensionId, t.period, t.kind),
    index('payment_instructions_run_status_idx').on(t.runId, t.status),
    check('payment_instructions_positive', sql`${t.amountFen} > 0`),
  ],
);

/** A payment file for one bank: what was sent is exactly these bytes. */
export const bankFiles = fundsSchema.table(
  'bank_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => payrollRuns.id),
    bankName: text('bank_name').notNull(),
    /** 1 for the run's file; later numbers for held payments released afterwards. */
    sequence: integer('sequence').notNull(),
    count: integer('count').notNull(),
    totalFen: fen('total_fen').notNull(),
    sha256: text('sha256').notNull(),
    content: text('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('bank_files_key_idx').on(t.runId, t.bankName, t.sequence)],
);

export const recoveryStatuses = ['open', 'recovered', 'waived'] as const;

/** Money paid that was not due (e.g. after the payee's death): to be recovered (追回). */
export const recoveryOrders = fundsSchema.table(
  'recovery_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id').notNull(),
    region: text('region').notNull(),
    reason: text('reason').notNull(),
    /** The payment instructions the order is about: one order per instruction, never two. */
    instructionIds: jsonb('instruction_ids').$type<number[]>().notNull(),
    amountFen: fen('amount_fen').notNull(),
    recoveredFen: fen('recovered_fen').notNull().default(0),
    status: text('status', { enum: recoveryStatuses }).notNull().default('open'),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('recovery_orders_person_idx').on(t.personId), check('recovery_orders_amounts', sql`${t.amountFen} > 0 and ${t.recoveredFen} between 0 and ${t.amountFen}`)],
);

/** Which instruction a recovery order covers: the primary key stops a second order for the same money. */
export const recoveredInstructions = fundsSchema.table('recovered_instructions', {
  instructionId: bigint('instruction_id', { mode: 'number' })
    .primaryKey()
    .references(() => paymentInstructions.id),
  orderId: uuid('order_id')
    .notNull()
    .references(() => recoveryOrders.id),
});

// ---------------------------------------------------------------- ledger and disclosure

export const ledgerAccounts = {
  bank_deposit: 'asset',
  contribution_income: 'income',
  fiscal_subsidy: 'income',
  interest_income: 'income',
  benefit_expense: 'expenditure',
  transfer_out: 'expenditure',
  management_cost: 'expenditure',
} as const;
export type LedgerAccount = keyof typeof ledgerAccounts;

/** A balanced journal entry: its lines' debits equal their credits (checked at commit). */
export const journals = fundsSchema.table(
  'journals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    fund: text('fund', { enum: fundKinds }).notNull(),
    region: text('region').notNull(),
    period: text('period').notNull(),
    kind: text('kind').notNull(),
    memo: text('memo').notNull(),
    /** What produced it (a payment, a payroll file): the same source is never posted twice. */
    sourceRef: text('source_ref').notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('journals_source_idx').on(t.kind, t.sourceRef)],
);

export const ledgerEntries = fundsSchema.table(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    journalId: bigint('journal_id', { mode: 'number' })
      .notNull()
      .references(() => journals.id),
    fund: text('fund', { enum: fundKinds }).notNull(),
    region: text('region').notNull(),
    period: text('period').notNull(),
    account: text('account').notNull(),
    debitFen: fen('debit_fen').notNull().default(0),
    creditFen: fen('credit_fen').notNull().default(0),
    /**
     * For a person's own contribution: a keyed hash of the person, so that the sealed leaf
     * commits to whose money it is without publishing who.
     */
    subject: text('subject'),
  },
  (t) => [
    index('ledger_entries_period_idx').on(t.period, t.id),
    index('ledger_entries_subject_idx').on(t.subject),
    index('ledger_entries_journal_idx').on(t.journalId),
    check('ledger_entries_one_side', sql`${t.debitFen} >= 0 and ${t.creditFen} >= 0 and (${t.debitFen} = 0) <> (${t.creditFen} = 0)`),
  ],
);

/**
 * A sealed monthly disclosure (信息公开): the Merkle root over the month's ledger entries, the
 * published totals, and the root of the log of all disclosures so far, signed (Ed25519).
 */
export const disclosures = fundsSchema.table(
  'disclosures',
  {
    period: text('period').primaryKey(),
    /** Position in the log of disclosures (0 for the first). */
    sequence: integer('sequence').notNull(),
    entryCount: integer('entry_count').notNull(),
    entriesRoot: bytea('entries_root').notNull(),
    totals: jsonb('totals').$type<unknown>().notNull(),
    totalsHash: bytea('totals_hash').notNull(),
    /** Root of the Merkle tree over the heads of disclosures 0..sequence. */
    logRoot: bytea('log_root').notNull(),
    signature: bytea('signature').notNull(),
    publicKey: text('public_key').notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('disclosures_sequence_idx').on(t.sequence)],
);
