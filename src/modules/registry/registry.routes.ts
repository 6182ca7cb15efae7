import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, Nullable, pageOf, Paging, Uuid } from '@core/http/schemas.ts';
import { unmaskPurposes } from '@core/auth/citizen-accounts.service.ts';
import type { RegistryService } from './registry.service.ts';
import { NAME_MAX_LENGTH } from './person-fields.ts';

const Sex = Type.Union([Type.Literal('male'), Type.Literal('female')]);
const RegionCode = Type.String({ pattern: '^\\d{4,12}$' });
const Day = Type.String({ format: 'date' });
const Reason = Type.String({ minLength: 1, maxLength: 500 });

const personFields = {
  id: Type.String(),
  name: Type.String(),
  idNumberMasked: Type.String({ description: 'e.g. 640104********1234' }),
  sex: Sex,
  birthDate: Type.String(),
  householdRegion: Type.String(),
  householdRegionName: Type.String(),
  phoneMasked: Nullable(Type.String()),
  status: Type.Union([Type.Literal('alive'), Type.Literal('deceased')]),
  diedOn: Nullable(Type.String()),
  deathSource: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
const Person = Type.Object(personFields);
const PersonWithHistory = Type.Object({
  ...personFields,
  history: Type.Array(
    Type.Object({
      at: Type.String(),
      kind: Type.String(),
      entityKind: Type.String(),
      changes: Type.Record(Type.String(), Type.Array(Type.Unknown())),
      reason: Nullable(Type.String()),
      byKind: Type.String({ description: 'staff, citizen, import or partner' }),
      byName: Nullable(Type.String()),
    }),
  ),
});

/** Staff screens' API for the person registry; every identifier masked, every read audited. */
export function registryRoutes(platform: Platform, service: RegistryService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['registry'];
    const idParams = Type.Object({ id: Uuid });

    app.get(
      '/api/registry/persons',
      {
        schema: {
          tags,
          summary: 'Persons registered in my region: by full ID number (exact, through the keyed index) or by name',
          querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })), regionCode: Type.Optional(RegionCode), ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(Person), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => service.search(await sessions.staffContext(request), request.query),
    );

    app.post(
      '/api/registry/persons',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Register a person (the ID number is checked by GB 11643; sex and birth date are those it encodes)',
          body: Type.Object(
            {
              idNumber: Type.String({ minLength: 1, maxLength: 30 }),
              name: Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
              householdRegion: RegionCode,
              phone: Type.Optional(Type.String({ maxLength: 20 })),
              sex: Type.Optional(Sex),
              birthDate: Type.Optional(Day),
            },
            { additionalProperties: false },
          ),
          response: { 201: Person, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await service.register(await sessions.staffContext(request), request.body)),
    );

    app.get(
      '/api/registry/persons/:id',
      { schema: { tags, summary: 'One person with the history of changes (masked)', params: idParams, response: { 200: PersonWithHistory, ...errors(400, 401, 403, 404) } } },
      async (request) => service.get(await sessions.staffContext(request), request.params.id),
    );

    app.patch(
      '/api/registry/persons/:id',
      {
        schema: {
          tags,
          summary: 'Correct a person’s name, household region or phone, with a reason (kept in the history)',
          params: idParams,
          body: Type.Object(
            { name: Type.Optional(Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH })), householdRegion: Type.Optional(RegionCode), phone: Type.Optional(Type.String({ maxLength: 20 })), reason: Reason },
            { additionalProperties: false },
          ),
          response: { 200: Person, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => service.correct(await sessions.staffContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/registry/persons/:id/death',
      {
        schema: {
          tags,
          summary: 'Record a death reported at the counter',
          params: idParams,
          body: Type.Object({ diedOn: Day, reason: Reason }, { additionalProperties: false }),
          response: { 200: Person, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => service.recordDeath(await sessions.staffContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/registry/persons/:id/unmask',
      {
        schema: {
          tags,
          summary: 'See the full ID number and phone for a stated purpose; audited with the person as its subject',
          params: idParams,
          body: Type.Object({ purpose: Type.Union(unmaskPurposes.map((p) => Type.Literal(p))), note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
          response: { 200: Type.Object({ idNumber: Type.String(), phone: Nullable(Type.String()) }), ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => service.unmask(await sessions.staffContext(request), request.params.id, request.body.purpose, request.body.note),
    );
  };
}
