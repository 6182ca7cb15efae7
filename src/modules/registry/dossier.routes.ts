import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals, Nullable, pageOf, Paging, Uuid } from '@core/http/schemas.ts';
import { correctableFields, type DossierService } from './dossier.service.ts';
import { correctionStatuses } from './registry.tables.ts';
import { PersonRecords } from './records.routes.ts';


const DossierEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  kind: Type.String({ description: 'registered, corrected, died, or <record>.<event> such as card.reported_lost' }),
  entityKind: Type.String(),
  entityId: Nullable(Type.String()),
  changes: Type.Record(Type.String(), Type.Array(Type.Unknown())),
  reason: Nullable(Type.String()),
  byKind: Type.String(),
  byName: Nullable(Type.String()),
});

const OwnPerson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  idNumberMasked: Type.String(),
  sex: Type.String(),
  birthDate: Type.String(),
  householdRegion: Type.String(),
  householdRegionName: Type.String(),
  phoneMasked: Nullable(Type.String()),
  status: Type.String(),
  diedOn: Nullable(Type.String()),
});

const Correction = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  field: Type.String(),
  requested: Type.String(),
  status: Type.String(),
  dueAt: Type.String(),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  resolvedAt: Nullable(Type.String()),
  answer: Nullable(Type.String()),
});

const Access = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  action: Type.String(),
  outcome: Type.String(),
  channel: Type.String({ description: 'staff_screen, citizen_portal, partner_api, batch or system' }),
  purpose: Nullable(Type.String()),
  actorKind: Type.String(),
  actorName: Nullable(Type.String({ description: 'as the deployment’s policy allows: full, family name only, or none' })),
  actorRole: Nullable(Type.String()),
  department: Nullable(Type.String()),
  region: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
});

/** The dossier for staff and for the person, the data tracker, the data copy and correction requests. */
export function dossierRoutes(platform: Platform, dossier: DossierService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['registry'];
    const paging = Type.Object(Paging, { additionalProperties: false });

    app.get(
      '/api/registry/persons/:id/dossier',
      {
        schema: {
          tags,
          summary: 'The person’s dossier (人社电子档案袋): every change to them and their records, newest first',
          params: Type.Object({ id: Uuid }),
          querystring: paging,
          response: { 200: pageOf(DossierEntry), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => dossier.forStaff(await sessions.staffContext(request), request.params.id, request.query),
    );

    app.get(
      '/api/registry/corrections',
      {
        schema: {
          tags,
          summary: 'Citizens’ correction requests in my region, open and most urgent first',
          querystring: Type.Object({ status: Type.Optional(literals(correctionStatuses)), overdue: Type.Optional(Type.Boolean()), ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(Type.Object({ ...Correction.properties, personName: Type.String() })), ...errors(400, 401, 403) },
        },
      },
      async (request) => dossier.listCorrections(await sessions.staffContext(request), request.query),
    );

    app.post(
      '/api/registry/corrections/:id/resolve',
      {
        schema: {
          tags,
          summary: 'Answer a correction request: done (the record was corrected) or refused, with the reason the citizen reads',
          params: Type.Object({ id: Uuid }),
          body: Type.Object({ outcome: literals(['done', 'refused'] as const), answer: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
          response: { 200: Correction, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => dossier.resolveCorrection(await sessions.staffContext(request), request.params.id, request.body),
    );

    const mine = ['my data'];
    app.get(
      '/api/my/dossier',
      {
        schema: {
          tags: mine,
          summary: 'My dossier: my registry record, cards, bank accounts, income, enrolments and their history (masked)',
          querystring: paging,
          response: { 200: Type.Object({ person: OwnPerson, records: PersonRecords, timeline: pageOf(DossierEntry) }), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => dossier.mine(await sessions.citizenContext(request), request.query),
    );

    app.get(
      '/api/my/data-access',
      {
        schema: {
          tags: mine,
          summary: 'Who looked at or changed my data: when, which department and role, for what purpose, through which channel',
          querystring: paging,
          response: { 200: Type.Object({ ...pageOf(Access).properties, staffNamePolicy: Type.String() }), ...errors(400, 401, 403) },
        },
      },
      async (request) => dossier.myDataAccess(await sessions.citizenContext(request), request.query),
    );

    app.get(
      '/api/my/data-access/summary',
      {
        schema: {
          tags: mine,
          summary: 'How often my data was accessed, per month (China Standard Time) and channel',
          querystring: Type.Object({ months: Type.Integer({ minimum: 1, maximum: 36, default: 12 }) }, { additionalProperties: false }),
          response: {
            200: Type.Object({ since: Type.String(), months: Type.Array(Type.Object({ month: Type.String(), channel: Type.String(), count: Type.Integer() })) }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => dossier.myDataAccessSummary(await sessions.citizenContext(request), request.query.months),
    );

    app.get(
      '/api/my/data-export',
      {
        schema: {
          tags: mine,
          summary: 'Download a copy of my data (JSON; identifiers partly hidden)',
          response: { 200: Type.Object({}, { additionalProperties: true }), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const copy = await dossier.exportMine(await sessions.citizenContext(request));
        return reply.header('content-disposition', `attachment; filename="minsheng-my-data-${copy.exportedAt.slice(0, 10)}.json"`).send(copy);
      },
    );

    app.get(
      '/api/my/corrections',
      { schema: { tags: mine, summary: 'My correction requests and their answers', response: { 200: Type.Array(Correction), ...errors(401, 403, 404) } } },
      async (request) => dossier.myCorrections(await sessions.citizenContext(request)),
    );

    app.post(
      '/api/my/corrections',
      {
        config: { idempotent: true },
        schema: {
          tags: mine,
          summary: 'Ask for my data to be corrected; a caseworker of my region answers within the time limit',
          body: Type.Object({ field: literals(correctableFields), requested: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
          response: { 201: Correction, ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await dossier.requestCorrection(await sessions.citizenContext(request), request.body)),
    );
  };
}
