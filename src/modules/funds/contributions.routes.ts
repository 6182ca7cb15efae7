import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals, Nullable, pageOf, Paging, ProblemSchema, Uuid } from '@core/http/schemas.ts';
import { fundsErrors } from './funds.errors.ts';
import { declarationStatuses } from './funds.tables.ts';
import { MAX_BATCH_ROWS, type ContributionsService } from './contributions.service.ts';
import type { AccountsService } from './accounts.service.ts';
import { Period } from './policy.routes.ts';
import { sendProblem } from '@core/http/problem.ts';

const Day = Type.String({ format: 'date' });
/** Money is whole fen: 12.5 is refused by the schema (400 validation_failed), never rounded. */
const Fen = (extra: { minimum?: number; description?: string } = {}) => Type.Integer({ minimum: 0, maximum: 1e12, ...extra });
const Clamped = Type.Union([Type.Literal('floor'), Type.Literal('cap'), Type.Null()]);

const Declaration = Type.Object({
  id: Type.String(),
  employerId: Type.String(),
  personId: Type.String(),
  personName: Nullable(Type.String()),
  region: Type.String(),
  period: Type.String(),
  declaredWageFen: Type.Integer(),
  baseFen: Type.Integer({ description: 'the declared wage held between the floor and the cap' }),
  clamped: Type.Union([Clamped], { description: '`floor` or `cap` when the declared wage was raised or lowered to that bound; bases outside the bounds are clamped, not refused' }),
  lines: Type.Array(Type.Object({ scheme: Type.String(), payer: Type.String(), rateBp: Type.Integer(), amountFen: Type.Integer() })),
  employerFen: Type.Integer(),
  employeeFen: Type.Integer(),
  totalFen: Type.Integer(),
  paidFen: Type.Integer(),
  lateFeeFen: Type.Integer({ description: 'late fees assessed so far (on principal paid late)' }),
  dueOn: Type.String({ description: 'the 15th of the following month' }),
  paidOn: Nullable(Type.String()),
  status: Type.String(),
  createdAt: Type.String(),
  basis: Type.Optional(
    Type.Object({ averageWageFen: Type.Integer(), averageWageRegion: Type.String(), averageWageYear: Type.Integer(), floorFen: Type.Integer(), capFen: Type.Integer() }, { description: 'what the base was computed from (on creation)' }),
  ),
});

const BatchRow = Type.Object({
  index: Type.Integer(),
  personId: Type.String(),
  status: Type.Union([Type.Literal('declared'), Type.Literal('valid'), Type.Literal('rejected')]),
  declarationId: Type.Optional(Type.String()),
  baseFen: Type.Optional(Type.Integer()),
  clamped: Type.Optional(Clamped),
  totalFen: Type.Optional(Type.Integer()),
  code: Type.Optional(Type.String()),
  message: Type.Optional(Type.Object({ zh: Type.String(), en: Type.String() })),
  detail: Type.Optional(Type.String()),
});
const batchFields = {
  employerId: Type.String(),
  period: Type.String(),
  count: Type.Integer(),
  declared: Type.Integer(),
  rejected: Type.Integer(),
  employerFen: Type.Integer(),
  employeeFen: Type.Integer(),
  totalFen: Type.Integer(),
  rows: Type.Array(BatchRow),
};
const BatchResult = Type.Object(batchFields);
const BatchProblem = Type.Object(
  { ...ProblemSchema.properties, batch: Type.Optional(Type.Object(batchFields)) },
  { description: 'problem+json; `batch` lists every row’s result (valid or with its error) when the batch was checked and refused' },
);

const Payment = Type.Object({
  id: Type.String(),
  employerId: Type.String(),
  amountFen: Type.Integer(),
  receivedOn: Type.String(),
  reference: Type.String(),
  allocatedFen: Type.Integer(),
  unallocatedFen: Type.Integer({ description: 'left over: the employer’s credit' }),
  allocations: Type.Array(
    Type.Object({
      declarationId: Type.String(),
      personId: Type.String(),
      period: Type.String(),
      principalFen: Type.Integer(),
      lateFeeFen: Type.Integer(),
      lateDays: Type.Integer(),
      status: Type.String(),
    }),
  ),
  createdAt: Type.String(),
});

const moneyTotals = {
  dueFen: Type.Integer(),
  paidFen: Type.Integer(),
  outstandingFen: Type.Integer(),
  lateFeeAssessedFen: Type.Integer(),
  lateFeePaidFen: Type.Integer(),
  lateFeeAccruedFen: Type.Integer({ description: 'on principal still unpaid, to today; computed, not stored' }),
  lateFeeOutstandingFen: Type.Integer(),
};
const Statement = Type.Object({
  employer: Type.Object({ id: Type.String(), name: Type.String(), creditCode: Type.String(), region: Type.String(), regionName: Type.String(), status: Type.String() }),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  asOf: Type.String(),
  periods: Type.Array(Type.Object({ period: Type.String(), dueOn: Type.String(), declaredCount: Type.Integer(), paidCount: Type.Integer(), ...moneyTotals })),
  totals: Type.Object(moneyTotals),
  payments: Type.Array(Type.Object({ id: Type.String(), receivedOn: Type.String(), reference: Type.String(), amountFen: Type.Integer(), allocatedFen: Type.Integer(), unallocatedFen: Type.Integer() })),
  creditFen: Type.Integer({ description: 'money received and not yet allocated, over all payments' }),
});

const Arrear = Type.Object({
  employerId: Type.String(),
  name: Type.String(),
  creditCode: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  status: Type.String(),
  outstandingFen: Type.Integer(),
  declarations: Type.Integer(),
  oldestDueOn: Type.String(),
  lateFeeAccruedFen: Type.Integer(),
});

const AccountSummary = Type.Object({
  balanceFen: Type.Integer(),
  contributionMonths: Type.Integer({ description: '缴费月数; years = months ÷ 12 (the UI shows e.g. 12年3个月)' }),
  interestYear: Nullable(Type.Integer()),
});

/** Declarations, payments, statements and arrears for staff; the individual account; the citizen's own record. */
export function contributionsRoutes(platform: Platform, contributions: ContributionsService, accounts: AccountsService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['funds'];
    const staff = sessions.staffContext;
    const employerParams = Type.Object({ id: Uuid });

    app.post(
      '/api/funds/declarations',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Declare one employee’s wage for a month (申报); the base is clamped to the floor and cap, the contribution computed per scheme and payer',
          body: Type.Object({ employerId: Uuid, personId: Uuid, period: Period, declaredWageFen: Fen() }, { additionalProperties: false }),
          response: { 201: Declaration, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await contributions.declare(await staff(request), request.body)),
    );
    app.post(
      '/api/funds/declarations/batch',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: `An employer’s monthly declaration in one call: up to ${MAX_BATCH_ROWS} employees, declared all together or not at all, with a result per row`,
          body: Type.Object(
            {
              employerId: Uuid,
              period: Period,
              rows: Type.Array(Type.Object({ personId: Uuid, declaredWageFen: Fen() }, { additionalProperties: false }), { minItems: 1, maxItems: MAX_BATCH_ROWS }),
            },
            { additionalProperties: false },
          ),
          response: { 201: BatchResult, 422: BatchProblem, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const answer = await contributions.declareBatch(await staff(request), request.body);
        const { ok, ...batch } = answer;
        if (ok) return reply.status(201).send(batch);
        return sendProblem(reply, request, 'batch_rejected', fundsErrors.batch_rejected, { detail: `${batch.rejected} of ${batch.count} rows refused; nothing was declared` }, { batch });
      },
    );
    app.get(
      '/api/funds/declarations/:id',
      { schema: { tags, summary: 'One declaration with its lines', params: employerParams, response: { 200: Declaration, ...errors(400, 401, 403, 404) } } },
      async (request) => contributions.getDeclaration(await staff(request), request.params.id),
    );
    app.get(
      '/api/funds/employers/:id/declarations',
      {
        schema: {
          tags,
          summary: 'An employer’s declarations, newest month first',
          params: employerParams,
          querystring: Type.Object({ period: Type.Optional(Period), status: Type.Optional(literals(declarationStatuses)), ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(Declaration), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => contributions.listDeclarations(await staff(request), request.params.id, request.query),
    );

    app.post(
      '/api/funds/employers/:id/payments',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Book money an employer paid in (到账): principal of the oldest declarations first, then late fees; the rest stays as credit',
          params: employerParams,
          body: Type.Object(
            {
              amountFen: Fen({ minimum: 1 }),
              receivedOn: Day,
              reference: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'the bank’s transaction reference, unique per employer' }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Payment, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await contributions.recordPayment(await staff(request), request.params.id, request.body)),
    );
    app.get(
      '/api/funds/employers/:id/statement',
      {
        schema: {
          tags,
          summary: 'An employer’s statement by month: declared, due, paid, outstanding, late fees (accrued to today for what is unpaid), payments and credit',
          params: employerParams,
          querystring: Type.Object({ from: Type.Optional(Period), to: Type.Optional(Period) }, { additionalProperties: false }),
          response: { 200: Statement, ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => contributions.statement(await staff(request), request.params.id, request.query),
    );
    app.get(
      '/api/funds/arrears',
      {
        schema: {
          tags,
          summary: 'Employers in my region (or a region inside it) with contributions past due and unpaid, the largest debt first',
          querystring: Type.Object({ region: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })), ...Paging }, { additionalProperties: false }),
          response: { 200: Type.Object({ ...pageOf(Arrear).properties, asOf: Type.String() }), ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => contributions.arrears(await staff(request), request.query),
    );

    app.get(
      '/api/funds/accounts/:personId',
      {
        schema: {
          tags,
          summary: 'A person’s pension individual account: balance, contribution months and entries, newest first',
          params: Type.Object({ personId: Uuid }),
          querystring: Type.Object(Paging, { additionalProperties: false }),
          response: {
            200: Type.Object({
              personId: Type.String(),
              name: Type.String(),
              idNumberMasked: Type.String(),
              ...AccountSummary.properties,
              entries: pageOf(Type.Object({ id: Type.Integer(), kind: Type.String(), period: Type.String(), amountFen: Type.Integer(), source: Type.String(), createdAt: Type.String() })),
            }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) => accounts.get(await staff(request), request.params.personId, request.query),
    );
    app.post(
      '/api/funds/accounts/interest',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Credit a year’s interest (记账利率) to every individual account not yet credited for it; running it again credits nobody twice',
          body: Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2200 }) }, { additionalProperties: false }),
          response: {
            200: Type.Object({ year: Type.Integer(), rateBp: Type.Integer(), accounts: Type.Integer({ description: 'accounts processed in this run' }), credited: Type.Integer(), totalFen: Type.Integer() }),
            ...errors(400, 401, 403, 422),
          },
        },
      },
      async (request) => accounts.creditInterest(await staff(request), request.body.year),
    );

    app.get(
      '/api/my/contributions',
      {
        schema: {
          tags: ['my data'],
          summary: 'My contributions by month (employer, base, my share and the employer’s, paid or due) and my pension individual account',
          querystring: Type.Object(Paging, { additionalProperties: false }),
          response: {
            200: Type.Object({
              person: Type.Object({ name: Type.String(), idNumberMasked: Type.String() }),
              account: AccountSummary,
              ...pageOf(
                Type.Object({
                  period: Type.String(),
                  employerName: Type.String(),
                  baseFen: Type.Integer(),
                  clamped: Clamped,
                  employeeFen: Type.Integer(),
                  employerFen: Type.Integer(),
                  totalFen: Type.Integer(),
                  status: Type.Union([Type.Literal('paid'), Type.Literal('due')]),
                  dueOn: Type.String(),
                  paidOn: Nullable(Type.String()),
                }),
              ).properties,
            }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) => contributions.mine(await sessions.citizenContext(request), request.query),
    );
  };
}
