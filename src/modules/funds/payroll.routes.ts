import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals, Nullable, pageOf, Paging, Uuid } from '@core/http/schemas.ts';
import { pensionStatuses, recoveryStatuses } from './funds.tables.ts';
import type { PensionsService } from './pensions.service.ts';
import type { PayrollService } from './payroll.service.ts';
import type { RecoveriesService } from './recoveries.service.ts';

const Period = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Fen = Type.Integer({ minimum: 0, description: 'integer fen (分)' });

const Pension = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  idNumberMasked: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  scheme: Type.String(),
  status: Type.String(),
  basicFen: Type.Integer(),
  accountFen: Type.Integer(),
  monthlyFen: Type.Integer(),
  arrearsFen: Type.Integer(),
  startPeriod: Type.String(),
  retirementAge: Type.Integer(),
  basis: Type.Record(Type.String(), Type.Unknown(), { description: 'The formula’s inputs and where each came from' }),
  suspendedFrom: Nullable(Type.String()),
  statusReason: Nullable(Type.String()),
  bankName: Nullable(Type.String()),
  accountNumberMasked: Nullable(Type.String()),
  accountVerified: Type.Boolean(),
});

const Run = Type.Object({
  id: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  period: Type.String(),
  status: Type.String({ description: 'preparing (the checks, then the payments), ready (checked; held payments await review) or paid' }),
  startedBy: Type.String(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  summary: Nullable(Type.Record(Type.String(), Type.Integer(), { description: 'payees, totalFen, and <status>Count / <status>Fen per instruction status' })),
});
const BankFile = Type.Object({ id: Type.String(), bankName: Type.String(), sequence: Type.Integer(), count: Type.Integer(), totalFen: Type.Integer(), sha256: Type.String(), createdAt: Type.String() });

/** Staff API for pensions in payment and the monthly payroll runs. */
const Recovery = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  idNumberMasked: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  reason: Type.String({ description: 'paid_after_death' }),
  amountFen: Type.Integer(),
  recoveredFen: Type.Integer(),
  outstandingFen: Type.Integer(),
  status: Type.String(),
  evidence: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export function payrollRoutes(platform: Platform, pensions: PensionsService, payroll: PayrollService, recoveries: RecoveriesService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['funds'];
    const staff = sessions.staffContext;
    const idParams = Type.Object({ id: Uuid });

    app.get(
      '/api/funds/pensions',
      {
        schema: {
          tags,
          summary: 'Pensions in payment in my region (masked)',
          querystring: Type.Object({ status: Type.Optional(literals(pensionStatuses)), regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })), personId: Type.Optional(Uuid), ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(Pension), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => pensions.search(await staff(request), request.query),
    );
    app.post(
      '/api/funds/pensions',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Grant an urban employee basic pension: the amount is computed by 国发〔2005〕38号',
          body: Type.Object(
            {
              personId: Uuid,
              retirementAge: Type.Integer({ minimum: 40, maximum: 70 }),
              startPeriod: Period,
              averageWageFen: Type.Optional(Type.Integer({ minimum: 1 })),
              indexBp4: Type.Optional(Type.Integer({ minimum: 0, maximum: 30000, description: 'average contribution index × 10000' })),
              contributionMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 12 * 60 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Pension, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await pensions.grant(await staff(request), request.body)),
    );
    app.get(
      '/api/funds/pensions/:id',
      { schema: { tags, summary: 'One pension with the inputs of its formula', params: idParams, response: { 200: Pension, ...errors(400, 401, 403, 404) } } },
      async (request) => pensions.get(await staff(request), request.params.id),
    );
    app.post(
      '/api/funds/pensions/:id/status',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Suspend, resume (optionally paying the suspended months) or stop a pension, with a reason',
          params: idParams,
          body: Type.Object({ to: literals(pensionStatuses), period: Period, reason: Reason, payArrears: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: { 200: Pension, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => pensions.changeStatus(await staff(request), request.params.id, request.body),
    );

    app.get(
      '/api/funds/recoveries',
      {
        schema: {
          tags,
          summary: 'Recovery orders (追回) of my region: benefits paid that were not due',
          querystring: Type.Object({ status: Type.Optional(literals(recoveryStatuses)), ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(Recovery), ...errors(400, 401, 403) },
        },
      },
      async (request) => recoveries.list(await staff(request), request.query),
    );
    app.post(
      '/api/funds/recoveries/:id/repayments',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Book money paid back on a recovery order (once per bank reference)',
          params: idParams,
          body: Type.Object({ amountFen: Type.Integer({ minimum: 1 }), receivedOn: Type.String({ format: 'date' }), reference: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }),
          response: { 200: Recovery, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => recoveries.repay(await staff(request), request.params.id, request.body),
    );
    app.post(
      '/api/funds/recoveries/:id/waiver',
      {
        config: { idempotent: true },
        schema: { tags, summary: 'Waive what is left of a recovery order, with the reason', params: idParams, body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: { 200: Recovery, ...errors(400, 401, 403, 404) } },
      },
      async (request) => recoveries.waive(await staff(request), request.params.id, request.body),
    );

    app.get(
      '/api/funds/payroll/runs',
      { schema: { tags, summary: 'Payroll runs of my region, newest period first', querystring: Type.Object(Paging, { additionalProperties: false }), response: { 200: pageOf(Run), ...errors(400, 401, 403) } } },
      async (request) => payroll.list(await staff(request), request.query),
    );
    app.post(
      '/api/funds/payroll/runs',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Start the payroll run of a month for my region; once per month, and checks run before anything is paid',
          body: Type.Object({ period: Period }, { additionalProperties: false }),
          response: { 202: Run, ...errors(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.status(202).send(await payroll.start(await staff(request), request.body)),
    );
    app.get(
      '/api/funds/payroll/runs/:id',
      {
        schema: {
          tags,
          summary: 'A run: its status, counts and amounts by instruction status, and its bank files',
          params: idParams,
          response: { 200: Type.Object({ ...Run.properties, files: Type.Array(BankFile) }), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => payroll.get(await staff(request), request.params.id),
    );
    app.post(
      '/api/funds/payroll/runs/:id/resume',
      {
        schema: { tags, summary: 'Resume a run whose server stopped midway (its lease has lapsed)', params: idParams, response: { 200: Run, ...errors(400, 401, 403, 404, 409) } },
      },
      async (request) => payroll.resume(await staff(request), request.params.id),
    );
    app.post(
      '/api/funds/payroll/runs/:id/send',
      {
        schema: {
          tags,
          summary: 'Write the bank files of what is payable (checked and released payments); again later for payments released since',
          params: idParams,
          response: { 200: Type.Object({ run: Run, files: Type.Array(Type.Object({ bankName: Type.String(), sequence: Type.Integer(), count: Type.Integer(), totalFen: Fen })) }), ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => payroll.send(await staff(request), request.params.id),
    );
    app.get(
      '/api/funds/payroll/runs/:id/files/:fileId',
      {
        schema: {
          tags,
          summary: 'Download a bank file (CSV with full account numbers; the download is audited)',
          params: Type.Object({ id: Uuid, fileId: Uuid }),
          response: { 200: Type.String({ description: 'text/csv' }), ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const file = await payroll.bankFile(await staff(request), request.params.id, request.params.fileId);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('x-content-sha256', file.sha256)
          .send(file.content);
      },
    );
  };
}
