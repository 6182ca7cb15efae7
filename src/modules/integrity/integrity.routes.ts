import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals, NoContent, Nullable, pageOf, Paging, Uuid } from '@core/http/schemas.ts';
import { flagKinds, flagStatuses } from './integrity.tables.ts';
import type { IntegrityService } from './integrity.service.ts';

const RegionCode = Type.String({ pattern: '^\\d{2,12}$' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const MaskedPerson = { personId: Type.String(), name: Type.String(), idNumberMasked: Type.String() };

const Flag = Type.Object({
  id: Type.Integer(),
  ...MaskedPerson,
  kind: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  source: Type.String(),
  evidence: Type.Record(Type.String(), Type.Unknown(), { description: 'What matched: dates, reporting department, shared account (by id), other persons (by id)' }),
  related: Type.Array(Type.Object(MaskedPerson), { description: 'Other persons the evidence names, masked' }),
  heldFen: Type.Integer(),
  status: Type.String(),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  reviewNote: Nullable(Type.String()),
  createdAt: Type.String(),
});

const Certification = {
  lastCertifiedOn: Nullable(Type.String()),
  method: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  due: Type.Boolean(),
};
const Relative = Type.Object({ id: Type.String(), pensionerId: Type.String(), relation: Type.String(), name: Type.String(), idNumberMasked: Type.String(), createdAt: Type.String() });
const RelativeCertification = Type.Object({ pensionerId: Type.String(), name: Type.String(), idNumberMasked: Type.String(), relation: Type.String(), ...Certification });

/** Staff: the review queue, certification at the counter, relatives, the sweep and the report. Citizens: their certification. */
export function integrityRoutes(platform: Platform, integrity: IntegrityService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['integrity'];
    const staff = sessions.staffContext;
    const flagParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

    app.get(
      '/api/integrity/flags',
      {
        schema: {
          tags,
          summary: 'Review queue: findings of the checks before payment, in my region (masked)',
          querystring: Type.Object(
            { status: Type.Optional(literals(flagStatuses)), kind: Type.Optional(literals(flagKinds)), regionCode: Type.Optional(RegionCode), personId: Type.Optional(Uuid), ...Paging },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ ...pageOf(Flag).properties, openByKind: Type.Record(Type.String(), Type.Integer()) }), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => integrity.queue(await staff(request), request.query),
    );
    app.get(
      '/api/integrity/flags/:id',
      { schema: { tags, summary: 'One finding with its evidence', params: flagParams, response: { 200: Flag, ...errors(400, 401, 403, 404) } } },
      async (request) => integrity.get(await staff(request), request.params.id),
    );
    app.post(
      '/api/integrity/flags/:id/decision',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Release the held payments (the finding does not hold) or stop them (confirmed), with a note',
          params: flagParams,
          body: Type.Object({ decision: literals(['release', 'stop'] as const), note: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
          response: { 200: Flag, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => integrity.decide(await staff(request), request.params.id, request.body),
    );
    app.post(
      '/api/integrity/persons/:id/certification',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Certify a pensioner’s living status at the counter (待遇资格认证)',
          params: Type.Object({ id: Uuid }),
          response: { 200: Type.Object(Certification), ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => integrity.certifyAtCounter(await staff(request), request.params.id),
    );
    app.post(
      '/api/integrity/persons/:id/relatives',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Register a citizen account as a relative who may certify for the pensioner (亲情服务)',
          params: Type.Object({ id: Uuid }),
          body: Type.Object({ relativeIdNumber: Type.String({ minLength: 15, maxLength: 18 }), relation: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }),
          response: { 201: Type.Object({ id: Type.String(), pensionerId: Type.String(), relation: Type.String(), createdAt: Type.String() }), ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await integrity.addRelative(await staff(request), request.params.id, request.body)),
    );
    app.get(
      '/api/integrity/persons/:id/relatives',
      {
        schema: {
          tags,
          summary: 'The relatives registered to certify for the pensioner (names and masked ID numbers)',
          params: Type.Object({ id: Uuid }),
          response: { 200: Type.Object({ items: Type.Array(Relative) }), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => integrity.relativesOf(await staff(request), request.params.id),
    );
    app.delete(
      '/api/integrity/persons/:id/relatives/:relativeId',
      {
        schema: {
          tags,
          summary: 'End a relative’s registration: they can no longer certify for the pensioner',
          params: Type.Object({ id: Uuid, relativeId: Uuid }),
          response: { 204: NoContent, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await integrity.removeRelative(await staff(request), request.params.id, request.params.relativeId);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/api/integrity/data-quality',
      {
        schema: {
          tags,
          summary: 'Improbable records among pensioners in my region: over 110 with no death recorded, or dead and still paid',
          querystring: Type.Object(Paging, { additionalProperties: false }),
          response: {
            200: pageOf(Type.Object({ ...MaskedPerson, region: Type.String(), regionName: Type.String(), birthDate: Type.String(), diedOn: Nullable(Type.String()), problem: Type.String() })),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => integrity.dataQuality(await staff(request), request.query),
    );
    app.get(
      '/api/integrity/report',
      {
        schema: {
          tags,
          summary: 'Monthly adjudication report: matches, confirmed, released, open, amounts prevented and recovered',
          querystring: Type.Object({ month: Month }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              month: Type.String(),
              region: Type.String(),
              regionName: Type.String(),
              byKind: Type.Array(Type.Object({ kind: Type.String(), matches: Type.Integer(), confirmed: Type.Integer(), released: Type.Integer(), open: Type.Integer(), preventedFen: Type.Integer() })),
              totals: Type.Object({ matches: Type.Integer(), confirmed: Type.Integer(), released: Type.Integer(), open: Type.Integer(), preventedFen: Type.Integer(), recoveredFen: Type.Integer() }),
            }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => integrity.report(await staff(request), request.query.month),
    );

    // ---- citizens ----
    app.get(
      '/api/my/certification',
      {
        schema: {
          tags,
          summary: 'My living-status certification, and that of pensioners I may certify for',
          response: { 200: Type.Object({ pensioner: Type.Boolean(), ...Certification, relatives: Type.Array(RelativeCertification) }), ...errors(401, 403) },
        },
      },
      async (request) => integrity.myCertification(await sessions.citizenContext(request)),
    );
    app.post(
      '/api/my/certification',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Certify that I am alive (待遇资格认证), as a pensioner',
          response: { 200: Type.Object({ pensioner: Type.Boolean(), ...Certification, relatives: Type.Array(RelativeCertification) }), ...errors(401, 403, 404, 409) },
        },
      },
      async (request) => integrity.certifySelf(await sessions.citizenContext(request)),
    );
    app.post(
      '/api/my/certification/relatives/:id',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Certify for a pensioner whose registered relative I am (亲情服务)',
          params: Type.Object({ id: Uuid }),
          response: { 200: RelativeCertification, ...errors(400, 401, 403, 409) },
        },
      },
      async (request) => integrity.certifyForRelative(await sessions.citizenContext(request), request.params.id),
    );
  };
}
