import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals, Nullable, pageOf, Paging, ProblemSchema, Uuid } from '@core/http/schemas.ts';
import { departmentKinds, messageStatuses } from './exchange.tables.ts';
import { exchangeErrors } from './exchange.errors.ts';
import { datasetCatalogue, exchangePurposes, inboundQueryKinds, outboundQueryKinds, purposeCodes, queryKinds, type BodyFormat } from './datasets.ts';
import { exchangeHeaders, SIGNATURE_SCHEME, SIGNATURE_WINDOW_MS } from './signing.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS, type BatchAnswer, type ExchangeService, type SignedHeaders } from './exchange.service.ts';
import { sendProblem } from '@core/http/problem.ts';

const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

const RecordResultSchema = Type.Object({
  line: Type.Integer({ description: 'line of the body the record starts on (CSV: ends on), counting from 1' }),
  idNumberMasked: Nullable(Type.String({ description: 'e.g. 640104********1234' })),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('valid'), Type.Literal('rejected')]),
  effect: Type.Optional(Type.Union([Type.Literal('applied'), Type.Literal('unchanged')])),
  code: Type.Optional(Type.String()),
  field: Type.Optional(Type.String()),
  message: Type.Optional(Bilingual),
});
const BatchResultSchema = Type.Object({
  messageId: Type.String(),
  batchId: Type.String(),
  dataset: Type.String(),
  status: Type.Union([Type.Literal('applied'), Type.Literal('rejected')]),
  problemCode: Nullable(Type.String()),
  recordCount: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  receivedAt: Type.String(),
  records: Type.Array(RecordResultSchema),
});
const BatchProblem = Type.Object({ ...ProblemSchema.properties, batch: Type.Optional(BatchResultSchema) }, { description: 'problem+json; `batch` lists every record’s result when the batch was checked and rejected' });

const PartnerSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  department: Type.String(),
  jurisdiction: Type.String(),
  jurisdictionName: Type.String(),
  publicKeyPem: Type.String(),
  keyId: Type.String(),
  keyActivatedAt: Type.String(),
  previousKeyId: Nullable(Type.String()),
  previousKeyExpiresAt: Nullable(Type.String()),
  credentialIssuedAt: Type.String(),
  datasets: Type.Array(Type.String()),
  queryKinds: Type.Array(Type.String()),
  purposes: Type.Array(Type.String()),
  adapter: Nullable(Type.String()),
  status: Type.String(),
  statusReason: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const WithCredential = Type.Object({ partner: PartnerSchema, credential: Type.String({ description: 'shown once: the partner sends it as `Authorization: Bearer …`' }) });

const messageFields = {
  id: Type.String(),
  direction: Type.String(),
  kind: Type.String(),
  partnerId: Type.String(),
  partnerCode: Type.String(),
  partnerName: Type.String(),
  dataset: Nullable(Type.String()),
  queryKind: Nullable(Type.String()),
  batchId: Nullable(Type.String()),
  contentType: Nullable(Type.String()),
  bodySha256: Type.String(),
  bodyBytes: Type.Integer(),
  signature: Nullable(Type.String()),
  keyId: Nullable(Type.String()),
  signedAt: Nullable(Type.String()),
  verification: Type.String(),
  status: Type.String(),
  problemCode: Nullable(Type.String()),
  recordCount: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  purpose: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  initiatedByName: Nullable(Type.String()),
  relatedMessageId: Nullable(Type.String()),
  receivedAt: Type.String(),
  completedAt: Nullable(Type.String()),
};
const MessageSchema = Type.Object(messageFields);
const MaskedContent = Type.Object(
  {
    kind: Type.Optional(Type.String()),
    idNumberMasked: Type.Optional(Type.String()),
    accountNumberMasked: Type.Optional(Nullable(Type.String())),
    queryId: Type.Optional(Type.String()),
    found: Type.Optional(Type.Boolean()),
    alive: Type.Optional(Type.Boolean()),
    since: Type.Optional(Nullable(Type.String())),
    holder: Type.Optional(Type.Boolean()),
    enrolled: Type.Optional(Type.Boolean()),
  },
  { description: 'a query or answer, identifiers masked' },
);
const MessageDetail = Type.Object({ ...messageFields, records: Type.Array(RecordResultSchema), content: Nullable(MaskedContent), bodyIntact: Nullable(Type.Boolean()) });

const Answer = Type.Object({ found: Type.Boolean(), alive: Type.Optional(Type.Boolean()), since: Type.Optional(Nullable(Type.String())), holder: Type.Optional(Type.Boolean()) });
const QueryResult = Type.Object({
  messageId: Type.String(),
  answerMessageId: Type.String(),
  partner: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  kind: Type.String(),
  purpose: Type.String(),
  idNumberMasked: Type.String(),
  accountNumberMasked: Nullable(Type.String()),
  answer: Answer,
  askedAt: Type.String(),
  answeredAt: Type.String(),
});

const signedHeaderSchema = (subject: 'dataset' | 'query') =>
  Type.Object({
    authorization: Type.Optional(Type.String({ description: 'Bearer <partner credential>' })),
    [exchangeHeaders.batchId]: Type.Optional(Type.String({ description: subject === 'dataset' ? 'the partner’s id of this batch, unique per partner' : 'the partner’s id of this query' })),
    ...(subject === 'dataset'
      ? { [exchangeHeaders.dataset]: Type.Optional(Type.String({ description: 'dataset@version, e.g. public_security.death@1' })) }
      : { 'x-exchange-query': Type.Optional(Type.String({ description: 'query kind, e.g. person_enrolled' })) }),
    [exchangeHeaders.purpose]: Type.Optional(Type.String({ description: `one of ${purposeCodes.join(', ')}` })),
    [exchangeHeaders.timestamp]: Type.Optional(Type.String({ description: `ISO 8601, within ${SIGNATURE_WINDOW_MS / 60_000} minutes of the server clock` })),
    [exchangeHeaders.signature]: Type.Optional(Type.String({ description: `base64 Ed25519 signature of the ${SIGNATURE_SCHEME} canonical string` })),
  });

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

function signedHeaders(request: FastifyRequest, subjectHeader: string): SignedHeaders {
  return {
    batchId: header(request, exchangeHeaders.batchId),
    subject: header(request, subjectHeader),
    purpose: header(request, exchangeHeaders.purpose),
    timestamp: header(request, exchangeHeaders.timestamp),
    signature: header(request, exchangeHeaders.signature),
  };
}

function credentialOf(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header(request, 'authorization') ?? '');
  return match?.[1];
}

const mediaType = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/** A rejected batch is a problem+json whose `batch` member lists every record's result. */
function sendBatch(reply: FastifyReply, request: FastifyRequest, answer: BatchAnswer) {
  if (answer.replayed) void reply.header('exchange-replayed', 'true');
  if (answer.httpStatus === 201) return reply.status(201).send(answer.result);
  const code = answer.httpStatus === 413 ? 'batch_too_large' : 'batch_rejected';
  const spec = exchangeErrors[code];
  const detail = `${answer.result.problemCode}: ${answer.result.rejected} of ${answer.result.recordCount} records rejected; nothing was applied`;
  return sendProblem(reply, request, code, spec, { detail }, { batch: answer.result });
}

/**
 * The exchange's HTTP surface: partner systems (credential + signature, no session) send
 * batches and ask questions; staff register partners, read the message log and ask partners.
 */
export function exchangeRoutes(platform: Platform, service: ExchangeService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['exchange'];
    const idParams = Type.Object({ id: Uuid });

    app.get(
      '/api/exchange/datasets',
      {
        schema: {
          tags,
          summary: 'The dataset catalogue (each dataset@version with its record schema), purposes and query kinds',
          response: {
            200: Type.Object({
              datasets: Type.Array(
                Type.Object({
                  dataset: Type.String(),
                  name: Type.String(),
                  version: Type.Integer(),
                  department: Type.String(),
                  titleZh: Type.String(),
                  titleEn: Type.String(),
                  fields: Type.Array(Type.String()),
                  required: Type.Array(Type.String()),
                  schema: Type.Record(Type.String(), Type.Unknown()),
                }),
              ),
              purposes: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })),
              queryKinds: Type.Object({ outbound: Type.Array(Type.String()), inbound: Type.Array(Type.String()) }),
              departments: Type.Array(Type.String()),
              adapters: Type.Array(Type.String(), { description: 'adapters the platform can ask partners through' }),
              limits: Type.Object({ maxBytes: Type.Integer(), maxRecords: Type.Integer(), signatureWindowMinutes: Type.Integer() }),
            }),
          },
        },
      },
      async () => ({
        datasets: datasetCatalogue(),
        purposes: purposeCodes.map((code) => ({ code, ...exchangePurposes[code] })),
        queryKinds: { outbound: [...outboundQueryKinds], inbound: [...inboundQueryKinds] },
        departments: [...departmentKinds],
        adapters: service.adapterNames(),
        limits: { maxBytes: MAX_BATCH_BYTES, maxRecords: MAX_BATCH_RECORDS, signatureWindowMinutes: SIGNATURE_WINDOW_MS / 60_000 },
      }),
    );

    // ---- staff: partners, the message log, queries to partners ------------------------------

    const partnerSettings = {
      datasets: Type.Array(Type.String({ maxLength: 80 }), { maxItems: 50 }),
      queryKinds: Type.Array(literals(queryKinds), { maxItems: 10 }),
      purposes: Type.Array(literals(purposeCodes), { minItems: 1, maxItems: 20 }),
    };

    app.get(
      '/api/exchange/partners',
      { schema: { tags, summary: 'Partner systems serving my region', response: { 200: Type.Array(PartnerSchema), ...errors(401, 403) } } },
      async (request) => service.listPartners(await sessions.staffContext(request)),
    );

    app.post(
      '/api/exchange/partners',
      {
        schema: {
          tags,
          summary: 'Register a partner system with its Ed25519 public key, datasets, query kinds and purposes; answers its API credential once',
          body: Type.Object(
            {
              code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }),
              name: Type.String({ minLength: 1, maxLength: 100 }),
              department: literals(departmentKinds),
              jurisdiction: Type.String({ pattern: '^\\d{2,12}$' }),
              publicKeyPem: Type.String({ minLength: 1, maxLength: 2000 }),
              ...partnerSettings,
              adapter: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
            },
            { additionalProperties: false },
          ),
          response: { 201: WithCredential, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await service.registerPartner(await sessions.staffContext(request), request.body)),
    );

    app.patch(
      '/api/exchange/partners/:id',
      {
        schema: {
          tags,
          summary: 'Change what a partner may send, ask and state as purpose, and the adapter it is asked through',
          params: idParams,
          body: Type.Object(
            { ...partnerSettings, adapter: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'the adapter the platform asks this partner through; null removes it' }))) },
            { additionalProperties: false },
          ),
          response: { 200: PartnerSchema, ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => service.updatePartnerSettings(await sessions.staffContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/exchange/partners/:id/suspend',
      {
        schema: {
          tags,
          summary: 'Suspend a partner: its batches and queries are refused (and logged) until reactivated',
          params: idParams,
          body: Type.Object({ reason: Reason }, { additionalProperties: false }),
          response: { 200: PartnerSchema, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => service.suspendPartner(await sessions.staffContext(request), request.params.id, request.body.reason),
    );

    app.post(
      '/api/exchange/partners/:id/reactivate',
      {
        schema: { tags, summary: 'Reactivate a suspended partner', params: idParams, body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: { 200: PartnerSchema, ...errors(400, 401, 403, 404) } },
      },
      async (request) => service.reactivatePartner(await sessions.staffContext(request), request.params.id, request.body.reason),
    );

    app.post(
      '/api/exchange/partners/:id/key',
      {
        schema: {
          tags,
          summary: 'Rotate a partner’s public key; the old key stays valid for overlapHours (0: at once)',
          params: idParams,
          body: Type.Object({ publicKeyPem: Type.String({ minLength: 1, maxLength: 2000 }), overlapHours: Type.Integer({ minimum: 0, maximum: 168, default: 24 }) }, { additionalProperties: false }),
          response: { 200: PartnerSchema, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => service.rotateKey(await sessions.staffContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/exchange/partners/:id/credential',
      { schema: { tags, summary: 'Issue a new API credential (shown once); the old one stops working at once', params: idParams, response: { 200: WithCredential, ...errors(400, 401, 403, 404) } } },
      async (request) => service.rotateCredential(await sessions.staffContext(request), request.params.id),
    );

    const messageFilters = {
      partner: Type.Optional(Type.String({ maxLength: 40, description: 'partner code or id' })),
      direction: Type.Optional(literals(['in', 'out'])),
      kind: Type.Optional(literals(['batch', 'query', 'answer'])),
      status: Type.Optional(literals(messageStatuses)),
      dataset: Type.Optional(Type.String({ maxLength: 80 })),
      batchId: Type.Optional(Type.String({ maxLength: 100 })),
      from: Type.Optional(Type.String({ format: 'date-time' })),
      to: Type.Optional(Type.String({ format: 'date-time' })),
    };
    app.get(
      '/api/exchange/messages',
      {
        schema: {
          tags,
          summary: 'The exchange message log: every batch, query and answer with its hash, signature and result',
          querystring: Type.Object({ ...messageFilters, ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(MessageSchema), ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const q = request.query;
        return service.searchMessages(await sessions.staffContext(request), { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
      },
    );

    app.get(
      '/api/exchange/messages/summary',
      {
        schema: {
          tags,
          summary: 'How many messages the log holds per day (China Standard Time) and status, under the same filters',
          querystring: Type.Object(messageFilters, { additionalProperties: false }),
          response: { 200: Type.Object({ days: Type.Array(Type.Object({ day: Type.String(), status: Type.String(), count: Type.Integer() })) }), ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const q = request.query;
        return service.summarizeMessages(await sessions.staffContext(request), { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
      },
    );

    app.get(
      '/api/exchange/messages/:id',
      { schema: { tags, summary: 'One logged message with its per-record results (identifiers masked)', params: idParams, response: { 200: MessageDetail, ...errors(400, 401, 403, 404) } } },
      async (request) => service.getMessage(await sessions.staffContext(request), request.params.id),
    );

    app.post(
      '/api/exchange/partner-queries',
      {
        schema: {
          tags,
          summary: 'Ask a partner about a person of my region (person_alive, account_holder) for a stated purpose; logged and audited',
          body: Type.Object(
            {
              partnerId: Uuid,
              personId: Uuid,
              kind: literals(outboundQueryKinds),
              purpose: literals(purposeCodes),
              accountNumber: Type.Optional(Type.String({ maxLength: 40, description: 'account_holder: a number to check; else accountId; else the person’s active account' })),
              accountId: Type.Optional(Type.String({ format: 'uuid', description: 'account_holder: one of the person’s registry bank accounts, closed ones included' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: QueryResult, ...errors(400, 401, 403, 404, 409, 422, 502) },
        },
      },
      async (request) => {
        const b = request.body;
        return service.askPartner(await sessions.staffContext(request), { ...b, kind: b.kind as 'person_alive' | 'account_holder', purpose: b.purpose as (typeof purposeCodes)[number] });
      },
    );

    // ---- partner systems: credential and signature, raw bodies ------------------------------

    await app.register(async (partnerScope) => {
      const api = partnerScope.withTypeProvider<TypeBoxTypeProvider>();
      // The signature covers the exact bytes, so bodies reach the handler unparsed.
      api.removeAllContentTypeParsers();
      api.addContentTypeParser(['application/x-ndjson', 'application/jsonl', 'text/csv', 'application/json'], { parseAs: 'buffer', bodyLimit: MAX_BATCH_BYTES }, (_request, body, done) =>
        done(null, body),
      );

      api.post(
        '/api/exchange/batches',
        {
          bodyLimit: MAX_BATCH_BYTES,
          schema: {
            tags,
            summary: 'Send a signed batch (JSON Lines or CSV) of one dataset; applied whole or rejected whole with a result per record',
            description:
              'Content-Type application/x-ndjson (one JSON object per line) or text/csv (UTF-8, a header row naming the fields). ' +
              `Sign "${SIGNATURE_SCHEME}\\n<partner code>\\n<batch id>\\n<dataset@version>\\n<purpose>\\n<timestamp>\\n<SHA-256 of the body, hex>" with Ed25519. ` +
              'The same batch id with the same body returns the first answer (header Exchange-Replayed: true) and applies nothing.',
            security: [],
            headers: signedHeaderSchema('dataset'),
            response: { 201: BatchResultSchema, 413: BatchProblem, 422: BatchProblem, ...errors(400, 401, 403, 409, 415) },
          },
        },
        async (request, reply) => {
          const partner = await service.partnerByCredential(credentialOf(request));
          const media = mediaType(request);
          const format: BodyFormat = media === 'text/csv' ? 'csv' : 'ndjson';
          const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const answer = await service.receiveBatch({ partner, headers: signedHeaders(request, exchangeHeaders.dataset), format, contentType: media, body, requestId: request.id });
          return sendBatch(reply, request, answer);
        },
      );

      api.get(
        '/api/exchange/batches/:batchId',
        {
          schema: {
            tags,
            summary: 'The result of one of my batches',
            params: Type.Object({ batchId: Type.String({ minLength: 1, maxLength: 100 }) }),
            headers: Type.Object({ authorization: Type.Optional(Type.String()) }),
            response: { 200: BatchResultSchema, ...errors(400, 401, 403, 404) },
          },
        },
        async (request) => {
          const partner = await service.partnerByCredential(credentialOf(request));
          return (await service.getBatch(partner, request.params.batchId)).result;
        },
      );

      api.post(
        '/api/exchange/queries',
        {
          bodyLimit: 4096,
          schema: {
            tags,
            summary: 'A partner asks the platform (person_enrolled: is the person enrolled in a pension scheme?); signed like a batch, answered yes or no, ID masked',
            description: `Body {"id_number": "…"} as application/json. The canonical string carries "query:<kind>" where a batch carries its dataset.`,
            security: [],
            headers: signedHeaderSchema('query'),
            response: {
              200: Type.Object({ queryId: Type.String(), kind: Type.String(), idNumberMasked: Type.String(), found: Type.Boolean(), enrolled: Type.Boolean() }),
              ...errors(400, 401, 403, 413, 415),
            },
          },
        },
        async (request) => {
          const partner = await service.partnerByCredential(credentialOf(request));
          const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          return service.answerPartnerQuery({ partner, headers: signedHeaders(request, 'x-exchange-query'), contentType: mediaType(request), body, requestId: request.id });
        },
      );
    });
  };
}
