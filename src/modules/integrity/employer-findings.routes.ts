import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals, Nullable, pageOf, Paging, Uuid } from '@core/http/schemas.ts';
import { employerFindingKinds, employerFindingStatuses } from './integrity.tables.ts';
import type { EmployerFindingsService } from './employer-findings.service.ts';

const Finding = Type.Object({
  id: Type.Integer(),
  employerId: Type.String(),
  employerName: Type.String(),
  creditCode: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  occurredOn: Type.String(),
  amountFen: Type.Integer(),
  status: Type.String({ description: 'open, confirmed (counts against the credit rating) or dismissed' }),
  raisedBy: Type.String(),
  raisedByName: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  createdAt: Type.String(),
});

/** Staff: fraud findings against employers (用人单位骗保), recorded by one and decided by another. */
export function employerFindingsRoutes(platform: Platform, findings: EmployerFindingsService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['integrity'];
    const staff = sessions.staffContext;

    app.get(
      '/api/integrity/employer-findings',
      {
        schema: {
          tags,
          summary: 'Fraud findings against employers of my region, newest first',
          querystring: Type.Object({ status: Type.Optional(literals(employerFindingStatuses)), ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(Finding), ...errors(400, 401, 403) },
        },
      },
      async (request) => findings.list(await staff(request), request.query),
    );
    app.get(
      '/api/integrity/employers/:id/findings',
      { schema: { tags, summary: 'One employer’s fraud findings', params: Type.Object({ id: Uuid }), response: { 200: Type.Object({ items: Type.Array(Finding) }), ...errors(400, 401, 403, 404) } } },
      async (request) => findings.ofEmployer(await staff(request), request.params.id),
    );
    app.post(
      '/api/integrity/employers/:id/findings',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Record fraud found or suspected of an employer (骗保线索), for another member of staff to decide',
          params: Type.Object({ id: Uuid }),
          body: Type.Object(
            {
              kind: literals(employerFindingKinds),
              description: Type.String({ minLength: 1, maxLength: 2000 }),
              occurredOn: Type.String({ format: 'date' }),
              amountFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: 'Money obtained or sought by the fraud, in fen' })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Finding, ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await findings.raise(await staff(request), request.params.id, request.body)),
    );
    app.post(
      '/api/integrity/employer-findings/:id/decision',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Confirm a finding (it then counts against the employer’s credit rating) or dismiss it, with a note',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          body: Type.Object({ decision: literals(['confirm', 'dismiss'] as const), note: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
          response: { 200: Finding, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => findings.decide(await staff(request), request.params.id, request.body),
    );
  };
}
