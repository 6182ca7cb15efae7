import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals, Nullable, pageOf, Paging, Uuid } from '@core/http/schemas.ts';
import { unmaskPurposes } from '@core/auth/citizen-accounts.service.ts';
import { employerStatuses, insuranceSchemes, enrolmentStatuses } from './registry.tables.ts';
import type { RecordsService } from './records.service.ts';
import type { EmployersService } from './employers.service.ts';

const RegionCode = Type.String({ pattern: '^\\d{4,12}$' });
const Day = Type.String({ format: 'date' });
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Bank = Type.String({ minLength: 2, maxLength: 50 });

export const PersonRecords = Type.Object({
  employments: Type.Array(
    Type.Object({ id: Type.String(), employerId: Type.String(), employerName: Type.String(), employerCreditCode: Type.String(), startedOn: Type.String(), endedOn: Nullable(Type.String()) }),
  ),
  cards: Type.Array(
    Type.Object({ id: Type.String(), cardNumber: Type.String(), issuingBank: Type.String(), status: Type.String(), issuedOn: Type.String(), replacesId: Nullable(Type.String()) }),
  ),
  bankAccounts: Type.Array(
    Type.Object({
      id: Type.String(),
      bankName: Type.String(),
      accountNumberMasked: Type.String({ description: 'e.g. 6222 **** **** 1234' }),
      status: Type.String(),
      verifiedAt: Nullable(Type.String()),
      verifiedBy: Nullable(Type.String()),
      createdAt: Type.String(),
      closedAt: Nullable(Type.String()),
    }),
  ),
  income: Type.Array(
    Type.Object({
      id: Type.String(),
      period: Type.String(),
      payerCreditCode: Type.String(),
      payerName: Nullable(Type.String({ description: 'when the payer is a registered employer' })),
      amountFen: Type.Integer(),
      source: Type.String(),
    }),
  ),
  enrolments: Type.Array(
    Type.Object({
      id: Type.String(),
      scheme: Type.String(),
      status: Type.String(),
      employerId: Nullable(Type.String()),
      employerName: Nullable(Type.String()),
      region: Type.String(),
      regionName: Type.String(),
      startedOn: Type.String(),
      endedOn: Nullable(Type.String()),
    }),
  ),
});

const employerFields = {
  id: Type.String(),
  creditCode: Type.String(),
  name: Type.String(),
  industry: Type.String(),
  industryName: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
const Employer = Type.Object(employerFields);

/** Staff API for employers and for the records that hang on a person; masked, audited. */
export function recordsRoutes(platform: Platform, records: RecordsService, employers: EmployersService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['registry'];
    const staff = sessions.staffContext;
    const personParams = Type.Object({ id: Uuid });
    const recordParams = Type.Object({ id: Uuid, recordId: Uuid });
    const changed = { 200: PersonRecords, ...errors(400, 401, 403, 404, 409, 422) };
    const created = { 201: PersonRecords, ...errors(400, 401, 403, 404, 409, 422) };

    // ---- employers ----
    app.get(
      '/api/registry/employers',
      {
        schema: {
          tags,
          summary: 'Employers in my region: by full unified social credit code or by name',
          querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })), regionCode: Type.Optional(RegionCode), status: Type.Optional(literals(employerStatuses)), ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(Employer), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => employers.search(await staff(request), request.query),
    );
    app.post(
      '/api/registry/employers',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Register an employer (the credit code is checked by GB 32100-2015)',
          body: Type.Object(
            { creditCode: Type.String({ minLength: 1, maxLength: 30 }), name: Type.String({ minLength: 1, maxLength: 100 }), industry: Type.String({ minLength: 1, maxLength: 2 }), region: RegionCode },
            { additionalProperties: false },
          ),
          response: { 201: Employer, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await employers.register(await staff(request), request.body)),
    );
    app.get(
      '/api/registry/employers/:id',
      {
        schema: {
          tags,
          summary: 'One employer with the people working there now (masked)',
          params: personParams,
          querystring: Type.Object(Paging, { additionalProperties: false }),
          response: {
            200: Type.Object({
              ...employerFields,
              employees: pageOf(Type.Object({ personId: Type.String(), name: Type.String(), idNumberMasked: Type.String(), startedOn: Type.String() })),
            }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) => employers.get(await staff(request), request.params.id, request.query.page, request.query.pageSize),
    );
    app.patch(
      '/api/registry/employers/:id',
      {
        schema: {
          tags,
          summary: 'Correct an employer’s name or industry, or change its status, with a reason',
          params: personParams,
          body: Type.Object(
            { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), industry: Type.Optional(Type.String({ minLength: 1, maxLength: 2 })), status: Type.Optional(literals(employerStatuses)), reason: Reason },
            { additionalProperties: false },
          ),
          response: { 200: Employer, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => employers.correct(await staff(request), request.params.id, request.body),
    );

    // ---- a person's records ----
    app.get(
      '/api/registry/persons/:id/records',
      { schema: { tags, summary: 'Employment, cards, bank accounts, income and enrolments of one person (masked)', params: personParams, response: { 200: PersonRecords, ...errors(400, 401, 403, 404) } } },
      async (request) => records.get(await staff(request), request.params.id),
    );
    app.post(
      '/api/registry/persons/:id/employments',
      {
        config: { idempotent: true },
        schema: { tags, summary: 'Record that the person started working for an employer', params: personParams, body: Type.Object({ employerId: Uuid, startedOn: Day }, { additionalProperties: false }), response: created },
      },
      async (request, reply) => reply.status(201).send(await records.startEmployment(await staff(request), request.params.id, request.body)),
    );
    app.post(
      '/api/registry/persons/:id/employments/:recordId/end',
      { schema: { tags, summary: 'Record the end of an employment', params: recordParams, body: Type.Object({ endedOn: Day, reason: Reason }, { additionalProperties: false }), response: changed } },
      async (request) => records.endEmployment(await staff(request), request.params.id, request.params.recordId, request.body),
    );
    app.post(
      '/api/registry/persons/:id/cards',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Issue a social security card (one in use at a time)',
          params: personParams,
          body: Type.Object({ cardNumber: Type.String({ minLength: 1, maxLength: 20 }), issuingBank: Bank, issuedOn: Day }, { additionalProperties: false }),
          response: created,
        },
      },
      async (request, reply) => reply.status(201).send(await records.issueCard(await staff(request), request.params.id, request.body)),
    );
    app.post(
      '/api/registry/persons/:id/cards/:recordId/status',
      {
        schema: {
          tags,
          summary: 'Report a card lost (挂失), found again (解挂), or cancel it (注销)',
          params: recordParams,
          body: Type.Object({ status: literals(['active', 'reported_lost', 'cancelled'] as const), reason: Reason }, { additionalProperties: false }),
          response: changed,
        },
      },
      async (request) => records.changeCardStatus(await staff(request), request.params.id, request.params.recordId, request.body),
    );
    app.post(
      '/api/registry/persons/:id/cards/:recordId/replace',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Replace a card (补换卡): the old one is marked replaced',
          params: recordParams,
          body: Type.Object({ cardNumber: Type.String({ minLength: 1, maxLength: 20 }), issuingBank: Bank, issuedOn: Day, reason: Reason }, { additionalProperties: false }),
          response: created,
        },
      },
      async (request, reply) => reply.status(201).send(await records.replaceCard(await staff(request), request.params.id, request.params.recordId, request.body)),
    );
    app.post(
      '/api/registry/persons/:id/bank-accounts',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Set the bank account benefits are paid into (the previous one is closed)',
          params: personParams,
          body: Type.Object({ bankName: Bank, accountNumber: Type.String({ minLength: 1, maxLength: 40 }), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
          response: created,
        },
      },
      async (request, reply) => reply.status(201).send(await records.addBankAccount(await staff(request), request.params.id, request.body)),
    );
    app.post(
      '/api/registry/persons/:id/bank-accounts/:recordId/close',
      { schema: { tags, summary: 'Close a bank account', params: recordParams, body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: changed } },
      async (request) => records.closeBankAccount(await staff(request), request.params.id, request.params.recordId, request.body),
    );
    app.post(
      '/api/registry/persons/:id/bank-accounts/:recordId/unmask',
      {
        schema: {
          tags,
          summary: 'See a full bank account number for a stated purpose; audited with the person as its subject',
          params: recordParams,
          body: Type.Object({ purpose: literals(unmaskPurposes), note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
          response: { 200: Type.Object({ accountNumber: Type.String() }), ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => records.unmaskBankAccount(await staff(request), request.params.id, request.params.recordId, request.body.purpose, request.body.note),
    );
    app.post(
      '/api/registry/persons/:id/income',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Record a month’s income from one payer, in integer fen',
          params: personParams,
          body: Type.Object(
            { period: Type.String({ pattern: '^\\d{4}-\\d{2}$' }), payerCreditCode: Type.String({ minLength: 1, maxLength: 30 }), amountFen: Type.Integer({ minimum: 0, maximum: 1e12 }) },
            { additionalProperties: false },
          ),
          response: created,
        },
      },
      async (request, reply) => reply.status(201).send(await records.addIncome(await staff(request), request.params.id, request.body)),
    );
    app.post(
      '/api/registry/persons/:id/enrolments',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Enrol the person in an insurance scheme (employee schemes need the employer)',
          params: personParams,
          body: Type.Object({ scheme: literals(insuranceSchemes), region: RegionCode, startedOn: Day, employerId: Type.Optional(Uuid) }, { additionalProperties: false }),
          response: created,
        },
      },
      async (request, reply) => reply.status(201).send(await records.enrol(await staff(request), request.params.id, request.body)),
    );
    app.post(
      '/api/registry/persons/:id/enrolments/:recordId/status',
      {
        schema: {
          tags,
          summary: 'Suspend (暂停), resume or end (终止) an enrolment from a date',
          params: recordParams,
          body: Type.Object({ status: literals(enrolmentStatuses), on: Day, reason: Reason }, { additionalProperties: false }),
          response: changed,
        },
      },
      async (request) => records.changeEnrolmentStatus(await staff(request), request.params.id, request.params.recordId, request.body),
    );
  };
}
