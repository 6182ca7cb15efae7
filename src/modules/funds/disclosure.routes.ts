import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals } from '@core/http/schemas.ts';
import { fundKinds } from './funds.tables.ts';
import type { DisclosureService } from './disclosure.service.ts';

const Period = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'a month, YYYY-MM' });
const Hex = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, 64 hex digits' });
const Sequence = Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'position in the log of disclosures (0 for the first)' });

const AccountAmounts = (names: readonly string[]) => Type.Object(Object.fromEntries(names.map((n) => [n, Type.Integer()])));
const TotalsRow = Type.Object({
  fund: Type.String(),
  region: Type.String({ description: 'county-level region code as in the ledger; sum rows for cities and provinces' }),
  income: AccountAmounts(['contribution_income', 'fiscal_subsidy', 'interest_income']),
  incomeFen: Type.Integer(),
  expenditure: AccountAmounts(['benefit_expense', 'transfer_out', 'management_cost']),
  expenditureFen: Type.Integer(),
  bankDepositFen: Type.Integer({ description: 'balance of bank_deposit at the end of the month' }),
});
const Totals = Type.Object({ period: Type.String(), rows: Type.Array(TotalsRow) }, { description: 'integer fen; totalsHash = SHA-256 of its canonical JSON (keys sorted)' });

const Disclosure = Type.Object({
  format: Type.String(),
  period: Type.String(),
  sequence: Type.Integer(),
  entryCount: Type.Integer(),
  entriesRoot: Type.String({ description: 'RFC 9162 root over blocks of blockSize entry lines, hex' }),
  totalsHash: Type.String(),
  blockSize: Type.Integer(),
  logRoot: Type.String({ description: 'RFC 9162 root over the heads of disclosures 0..sequence, hex' }),
  logSize: Type.Integer(),
  sealedAt: Type.String(),
  head: Type.String({ description: 'canonical JSON {period, sequence, entryCount, entriesRoot, totalsHash}: the leaf bytes in the log' }),
  signedMessage: Type.String({ description: 'canonical JSON the signature is over' }),
  signature: Type.String({ description: 'Ed25519, base64' }),
  publicKey: Type.String({ description: 'the platform’s Ed25519 public key, SPKI PEM' }),
  totals: Totals,
});

const EntryProof = Type.Object({
  line: Type.String({ description: 'the entry’s canonical line' }),
  entry: Type.Object({ id: Type.Integer(), journalId: Type.Integer(), fund: Type.String(), region: Type.String(), account: Type.String(), debitFen: Type.Integer(), creditFen: Type.Integer() }),
  blockIndex: Type.Integer(),
  blockLines: Type.Array(Type.String(), { description: 'every line of the block; other people’s subjects are keyed hashes' }),
  path: Type.Array(Type.String(), { description: 'audit path of the block to entriesRoot, deepest first' }),
});

const LogInclusion = Type.Object({
  sequence: Type.Integer(),
  at: Type.Integer(),
  logSize: Type.Integer(),
  head: Type.String(),
  leafHash: Type.String(),
  path: Type.Array(Type.String()),
  logRoot: Type.String(),
});

/**
 * Sealing (staff), the public transparency API (no login: 社会保险法 Art. 70 makes the funds'
 * income, expenditure and balance public) and a citizen's proofs of their own contributions.
 */
export function disclosureRoutes(platform: Platform, disclosure: DisclosureService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['funds'];
    const open = ['public'];
    const periodParams = Type.Object({ period: Period });

    app.post(
      '/api/funds/disclosures',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Seal and publish a month that has ended: the root of its ledger entries, its totals, signed and appended to the log',
          body: Type.Object({ period: Period }, { additionalProperties: false }),
          response: { 201: Disclosure, ...errors(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await disclosure.seal(await sessions.staffContext(request), request.body.period)),
    );

    app.get(
      '/api/public/funds/disclosures',
      {
        schema: {
          tags: open,
          summary: 'Every sealed monthly disclosure, oldest first, with its signature, the public key and the totals',
          response: {
            200: Type.Object({ format: Type.String(), blockSize: Type.Integer(), entryLineFormat: Type.String(), publicKey: Type.String(), items: Type.Array(Disclosure) }),
          },
        },
      },
      async () => disclosure.list(),
    );

    app.get(
      '/api/public/funds/disclosures/:period',
      { schema: { tags: open, summary: 'One month’s disclosure', params: periodParams, response: { 200: Disclosure, ...errors(400, 404) } } },
      async (request) => disclosure.get(request.params.period),
    );

    app.get(
      '/api/public/funds/disclosures/:period/totals',
      {
        schema: {
          tags: open,
          summary: 'Income, expenditure and balance of each fund and region in the month (integer fen)',
          params: periodParams,
          response: { 200: Type.Object({ period: Type.String(), totalsHash: Type.String(), totals: Totals }), ...errors(400, 404) },
        },
      },
      async (request) => disclosure.totals(request.params.period),
    );

    app.get(
      '/api/public/funds/disclosures/:period/totals.csv',
      {
        schema: {
          tags: open,
          summary: 'The month’s totals as CSV (UTF-8 with BOM, Chinese and English headers, fen and yuan)',
          params: periodParams,
          response: { 200: Type.String({ description: 'text/csv' }), ...errors(400, 404) },
        },
      },
      async (request, reply) => {
        const file = await disclosure.totalsCsv(request.params.period);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .send(file.content);
      },
    );

    app.get(
      '/api/public/funds/series',
      {
        schema: {
          tags: open,
          summary: 'Monthly income, expenditure and balance per fund, for charts; filter by fund and region prefix',
          querystring: Type.Object(
            {
              fund: Type.Optional(literals(fundKinds)),
              region: Type.Optional(Type.String({ pattern: '^\\d{2,12}$', description: 'province, city or county code: its regions are summed' })),
              from: Type.Optional(Period),
              to: Type.Optional(Period),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              fund: Type.Union([Type.String(), Type.Null()]),
              region: Type.Union([Type.String(), Type.Null()]),
              items: Type.Array(Type.Object({ period: Type.String(), fund: Type.String(), incomeFen: Type.Integer(), expenditureFen: Type.Integer(), bankDepositFen: Type.Integer() })),
            }),
            ...errors(400),
          },
        },
      },
      async (request) => disclosure.series(request.query),
    );

    app.get(
      '/api/public/funds/log/consistency',
      {
        schema: {
          tags: open,
          summary: 'RFC 9162 consistency proof between the log as of two sequences: no earlier disclosure was changed after publication',
          querystring: Type.Object({ from: Sequence, to: Sequence }, { additionalProperties: false }),
          response: {
            200: Type.Object({ from: Type.Integer(), to: Type.Integer(), fromSize: Type.Integer(), toSize: Type.Integer(), fromRoot: Hex, toRoot: Hex, proof: Type.Array(Type.String()) }),
            ...errors(400, 404, 422),
          },
        },
      },
      async (request) => disclosure.logConsistency(request.query.from, request.query.to),
    );

    app.get(
      '/api/public/funds/log/inclusion',
      {
        schema: {
          tags: open,
          summary: 'RFC 9162 inclusion proof of a disclosure’s head in the log as of a sequence (default: the latest)',
          querystring: Type.Object({ sequence: Sequence, at: Type.Optional(Sequence) }, { additionalProperties: false }),
          response: { 200: LogInclusion, ...errors(400, 404, 422) },
        },
      },
      async (request) => disclosure.logInclusion(request.query.sequence, request.query.at),
    );

    app.get(
      '/api/my/contributions/proofs',
      {
        schema: {
          tags: ['my data'],
          summary: 'My ledger entries in a sealed month, each with the proof that it is in the published disclosure',
          querystring: Type.Object({ period: Period }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              period: Type.String(),
              entryCount: Type.Integer(),
              blockSize: Type.Integer(),
              blockCount: Type.Integer(),
              entriesRoot: Type.String(),
              entryLineFormat: Type.String(),
              entries: Type.Array(EntryProof),
              disclosure: Type.Object({ head: Type.String(), sequence: Type.Integer(), logRoot: Type.String(), sealedAt: Type.String() }),
              logInclusion: LogInclusion,
            }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request) => disclosure.myProofs(await sessions.citizenContext(request), request.query.period),
    );
  };
}
