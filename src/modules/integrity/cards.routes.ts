import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals, Nullable, pageOf, Paging, ProblemSchema, Uuid } from '@core/http/schemas.ts';
import { cardUseKinds, institutionKinds } from './integrity.tables.ts';
import { integrityErrors } from './integrity.errors.ts';
import { MAX_CARD_USE_ROWS, type CardsService } from './cards.service.ts';
import { sendProblem } from '@core/http/problem.ts';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const Day = Type.String({ format: 'date' });

const Institution = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  latitude: Type.Number({ description: 'decimal degrees, WGS 84' }),
  longitude: Type.Number({ description: 'decimal degrees, WGS 84' }),
  createdAt: Type.String(),
});

const findingCounts = Type.Object({
  card_impossible_travel: Type.Integer(),
  card_frequency: Type.Integer(),
  card_amount: Type.Integer(),
  card_after_death: Type.Integer(),
  card_after_lost: Type.Integer(),
});
const batchFields = {
  count: Type.Integer(),
  recorded: Type.Integer(),
  unchanged: Type.Integer({ description: 'rows whose reference was already recorded: nothing changed' }),
  rejected: Type.Integer(),
  findings: Type.Union([findingCounts], { description: 'findings this batch raised, per kind' }),
  rows: Type.Array(
    Type.Object({
      index: Type.Integer(),
      reference: Type.String(),
      status: Type.Union([Type.Literal('valid'), Type.Literal('rejected'), Type.Literal('recorded'), Type.Literal('unchanged')]),
      useId: Type.Optional(Type.Integer()),
      code: Type.Optional(Type.String()),
      message: Type.Optional(Bilingual),
    }),
  ),
};
const BatchProblem = Type.Object(
  { ...ProblemSchema.properties, batch: Type.Optional(Type.Object(batchFields)) },
  { description: 'problem+json; `batch` lists every row’s result (valid or with its error) when the batch was checked and refused' },
);

const Trajectory = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  idNumberMasked: Type.String(),
  from: Type.String(),
  to: Type.String(),
  truncated: Type.Boolean({ description: 'more uses than one answer carries: narrow the period' }),
  maxSpeedKmh: Type.Integer(),
  uses: Type.Array(
    Type.Object({
      id: Type.Integer(),
      usedAt: Type.String(),
      kind: Type.String(),
      amountFen: Type.Integer(),
      conditionGroup: Nullable(Type.String()),
      reference: Type.String(),
      cardNumberMasked: Type.String(),
      institution: Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), region: Type.String(), regionName: Type.String(), latitude: Type.Number(), longitude: Type.Number() }),
      flagIds: Type.Array(Type.Integer(), { description: 'card findings whose evidence names this use' }),
    }),
  ),
  flags: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      status: Type.String(),
      source: Type.String(),
      matchKey: Type.String(),
      evidence: Type.Record(Type.String(), Type.Unknown()),
      useIds: Type.Array(Type.Integer()),
      createdAt: Type.String(),
    }),
  ),
});

/** Staff: designated institutions, recording card uses (as the medical insurance system reports them) and a person's card trajectory. */
export function cardsRoutes(platform: Platform, cards: CardsService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['integrity'];
    const staff = sessions.staffContext;

    app.get(
      '/api/integrity/institutions',
      {
        schema: {
          tags,
          summary: 'Designated medical institutions and pharmacies (定点医药机构), by code or name, region and kind',
          querystring: Type.Object(
            { q: Type.Optional(Type.String({ maxLength: 50 })), regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })), kind: Type.Optional(literals(institutionKinds)), ...Paging },
            { additionalProperties: false },
          ),
          response: { 200: pageOf(Institution), ...errors(400, 401, 403) },
        },
      },
      async (request) => cards.listInstitutions(await staff(request), request.query),
    );
    app.post(
      '/api/integrity/institutions',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Register a designated institution with its place (county or town code, decimal degrees)',
          body: Type.Object(
            {
              code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9-]+$', description: '医保定点机构编码' }),
              name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
              kind: literals(institutionKinds),
              region: Type.String({ pattern: '^\\d{6}(\\d{3})?$', description: 'GB/T 2260 county (6 digits) or town (9 digits) code' }),
              latitude: Type.Number({ minimum: -90, maximum: 90 }),
              longitude: Type.Number({ minimum: -180, maximum: 180 }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Institution, ...errors(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await cards.registerInstitution(await staff(request), request.body)),
    );

    app.post(
      '/api/integrity/card-uses/batch',
      {
        config: { idempotent: true },
        // 5000 rows of about 200 bytes each.
        bodyLimit: 4 * 1024 * 1024,
        schema: {
          tags,
          summary: `Record up to ${MAX_CARD_USE_ROWS} uses of social security cards, all together or not at all, with a result per row; a reference already recorded changes nothing. The card detectors run for the holders at once.`,
          body: Type.Object(
            {
              rows: Type.Array(
                Type.Object(
                  {
                    cardNumber: Type.String({ minLength: 1, maxLength: 20 }),
                    institutionCode: Type.String({ minLength: 1, maxLength: 40 }),
                    kind: literals(cardUseKinds),
                    usedAt: Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 with offset, e.g. 2026-03-02T09:15:00+08:00' }),
                    // Checked per row (a fraction or a negative amount is that row's error), not by the schema.
                    amountFen: Type.Number({ description: 'integer fen, 0 or more' }),
                    conditionGroup: Type.Optional(Type.String({ maxLength: 20, description: 'for comparison with peers, e.g. an ICD-10 chapter letter' })),
                    reference: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'the settlement’s reference in the medical insurance system' }),
                  },
                  { additionalProperties: false },
                ),
                { minItems: 1, maxItems: MAX_CARD_USE_ROWS },
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object(batchFields), 422: BatchProblem, ...errors(400, 401, 403, 409, 413) },
        },
      },
      async (request, reply) => {
        const { ok, ...batch } = await cards.recordBatch(await staff(request), request.body);
        if (ok) return reply.status(201).send(batch);
        return sendProblem(reply, request, 'batch_rejected', integrityErrors.batch_rejected, { detail: `${batch.rejected} of ${batch.count} rows refused; nothing was recorded` }, { batch });
      },
    );

    app.get(
      '/api/integrity/persons/:id/card-uses',
      {
        schema: {
          tags,
          summary: 'A person’s card trajectory (用卡轨迹): uses with where they happened, and the person’s card findings; the last 90 days unless a period is given',
          params: Type.Object({ id: Uuid }),
          querystring: Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false }),
          response: { 200: Trajectory, ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => cards.trajectory(await staff(request), request.params.id, request.query),
    );
  };
}
