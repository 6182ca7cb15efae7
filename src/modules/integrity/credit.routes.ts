import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, Nullable, pageOf, Paging, Uuid } from '@core/http/schemas.ts';
import { dishonestyStatuses, flagKinds, partyKinds } from './integrity.tables.ts';
import { creditGrades } from './credit.rules.ts';
import type { CreditService } from './credit.service.ts';

const Count = (options: { maximum?: number; minimum?: number; description?: string } = {}) => Type.Integer({ minimum: 0, ...options });
const Cap = Nullable(Type.Integer({ minimum: 0, description: 'Most points this deduction may take; null for no cap' }));
const strict = { additionalProperties: false } as const;

/** A whole rule set: every field is required, so a version reads on its own. */
const CreditRulesSchema = Type.Object(
  {
    startScore: Type.Integer({ minimum: 1, maximum: 1000 }),
    grades: Type.Object({ A: Count(), B: Count(), C: Count() }, { ...strict, description: 'Lowest score of A, B and C; below C is D' }),
    employer: Type.Object(
      {
        arrears: Type.Object({ pointsPerMonth: Count(), cap: Cap, graceDays: Count({ maximum: 3650 }) }, strict),
        underDeclared: Type.Object({ pointsPerEmployeeMonth: Count(), cap: Cap, toleranceBp: Count({ maximum: 10_000 }), lookbackMonths: Count({ minimum: 1, maximum: 120 }) }, strict),
        fraud: Type.Object({ pointsPerFinding: Count(), cap: Cap }, strict),
      },
      strict,
    ),
    person: Type.Object(
      {
        drawnFinding: Type.Object({ pointsPerFinding: Count(), cap: Cap, kinds: Type.Array(Type.Enum(flagKinds), { maxItems: flagKinds.length }) }, strict),
        unrepaidRecovery: Type.Object({ pointsPerOrder: Count(), cap: Cap, afterDays: Count({ maximum: 3650 }) }, strict),
      },
      strict,
    ),
    dishonesty: Type.Object(
      {
        personOverdrawn: Type.Object({ moreThanMonths: Count({ maximum: 600 }), moreThanFen: Count({ maximum: 1e12 }), unrepaidAfterDays: Count({ maximum: 3650 }) }, strict),
        employerArrears: Type.Object({ moreThanMonths: Count({ maximum: 600 }), moreThanFen: Count({ maximum: 1e12 }), afterDemandDays: Count({ maximum: 3650 }) }, strict),
        repairAfterDays: Count({ maximum: 3650 }),
      },
      strict,
    ),
  },
  { ...strict, description: 'Credit rules (人社信用): scoring, grades and dishonesty criteria; money in integer fen' },
);

const RuleSet = Type.Object({ version: Type.Integer(), rules: CreditRulesSchema, note: Type.String(), createdBy: Type.String(), createdAt: Type.String(), current: Type.Boolean() });
const Reason = Type.Object({ code: Type.String(), points: Type.Integer(), detail: Type.Record(Type.String(), Type.Unknown()) });
const Rating = {
  id: Type.Integer(),
  ruleVersion: Type.Integer(),
  score: Type.Integer(),
  grade: Type.Enum(creditGrades),
  reasons: Type.Array(Reason),
  ratedAt: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
};
const PartyName = {
  partyKind: Type.Enum(partyKinds),
  partyId: Type.String(),
  name: Type.String({ description: 'Employer name; a person’s name masked in lists' }),
  creditCode: Nullable(Type.String()),
  idNumberMasked: Nullable(Type.String()),
};
const RatingRow = Type.Object({ ...PartyName, ...Rating, dishonesty: Nullable(Type.String({ description: 'Status of a live dishonesty entry, if any' })) });
const EntryCore = {
  id: Type.String(),
  ruleCode: Type.String(),
  ruleVersion: Type.Integer(),
  evidence: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Enum(dishonestyStatuses),
  notifiedAt: Type.String(),
  objection: Nullable(Type.String()),
  objectedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  listedAt: Nullable(Type.String()),
  repairableOn: Nullable(Type.String()),
  repairedAt: Nullable(Type.String()),
};
const Entry = Type.Object({ ...PartyName, ...EntryCore, region: Type.String(), regionName: Type.String(), decidedBy: Nullable(Type.String()) });
const OwnEntry = Type.Object(EntryCore);
const Grades = Type.Object({ A: Type.Integer(), B: Type.Integer(), C: Type.Integer(), D: Type.Integer() });
const Note = Type.String({ minLength: 1, maxLength: 1000 });

/**
 * 人社信用. Staff: rules, rating runs, ratings, a party's history, the dishonesty list and its
 * decisions. Citizens: their own rating and entries, and objections. The public: employers listed.
 */
export function creditRoutes(platform: Platform, credit: CreditService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['credit'];
    const staff = sessions.staffContext;
    const entryParams = Type.Object({ id: Uuid });

    app.get(
      '/api/integrity/credit/rules',
      { schema: { tags, summary: 'Every version of the credit rules, newest first', response: { 200: Type.Array(RuleSet), ...errors(401, 403) } } },
      async (request) => credit.listRules(await staff(request)),
    );
    app.post(
      '/api/integrity/credit/rules',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Publish the next version of the credit rules (the whole set; old versions are never changed)',
          body: Type.Object({ rules: CreditRulesSchema, note: Note }, strict),
          response: { 201: RuleSet, ...errors(400, 401, 403, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await credit.publishRules(await staff(request), request.body)),
    );
    app.post(
      '/api/integrity/credit/ratings/run',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Rate every employer and person with facts in my region under the latest rules, and notify those meeting a dishonesty criterion',
          response: {
            200: Type.Object({ ruleVersion: Type.Integer(), asOf: Type.String(), region: Type.String(), regionName: Type.String(), employers: Type.Integer(), persons: Type.Integer(), byGrade: Grades, entriesCreated: Type.Integer() }),
            ...errors(401, 403),
          },
        },
      },
      async (request) => credit.run(await staff(request)),
    );
    app.get(
      '/api/integrity/credit/ratings',
      {
        schema: {
          tags,
          summary: 'The latest rating of each party in my region, lowest score first, with the grade distribution (persons masked)',
          querystring: Type.Object(
            { partyKind: Type.Optional(Type.Enum(partyKinds)), grade: Type.Optional(Type.Enum(creditGrades)), q: Type.Optional(Type.String({ maxLength: 100 })), ...Paging },
            strict,
          ),
          response: { 200: Type.Object({ ...pageOf(RatingRow).properties, byGrade: Grades }), ...errors(400, 401, 403) },
        },
      },
      async (request) => credit.listRatings(await staff(request), request.query),
    );
    app.get(
      '/api/integrity/credit/parties/:kind/:id',
      {
        schema: {
          tags,
          summary: 'A party’s ratings (each naming its rule version) and dishonesty entries',
          params: Type.Object({ kind: Type.Enum(partyKinds), id: Uuid }),
          response: { 200: Type.Object({ ...PartyName, region: Type.String(), regionName: Type.String(), ratings: Type.Array(Type.Object(Rating)), entries: Type.Array(Entry) }), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => credit.party(await staff(request), request.params.kind, request.params.id),
    );
    app.get(
      '/api/integrity/credit/dishonesty',
      {
        schema: {
          tags,
          summary: 'The dishonesty list (失信名单) of my region: notices, objections, listings, repairs',
          querystring: Type.Object({ status: Type.Optional(Type.Enum(dishonestyStatuses)), partyKind: Type.Optional(Type.Enum(partyKinds)), ...Paging }, strict),
          response: { 200: pageOf(Entry), ...errors(400, 401, 403) },
        },
      },
      async (request) => credit.dishonestyList(await staff(request), request.query),
    );
    app.post(
      '/api/integrity/credit/dishonesty/:id/objection',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Record an objection the party made in writing or at the counter (an employer has no portal account)',
          params: entryParams,
          body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, strict),
          response: { 200: Entry, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => credit.recordObjection(await staff(request), request.params.id, request.body),
    );
    app.post(
      '/api/integrity/credit/dishonesty/:id/decision',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'List the party or dismiss the notice, with a note; listing sets the day repair may be applied for',
          params: entryParams,
          body: Type.Object({ decision: Type.Enum(['list', 'dismiss'] as const), note: Note }, strict),
          response: { 200: Entry, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => credit.decide(await staff(request), request.params.id, request.body),
    );
    app.post(
      '/api/integrity/credit/dishonesty/:id/repair',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Credit repair (信用修复): take a listed party off the list once the period has passed and the debt is paid',
          params: entryParams,
          body: Type.Object({ note: Note }, strict),
          response: { 200: Entry, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => credit.repair(await staff(request), request.params.id, request.body),
    );

    // ---- citizens ----
    app.get(
      '/api/my/credit',
      {
        schema: {
          tags,
          summary: 'My credit rating with its reasons, and any dishonesty notices about me',
          response: { 200: Type.Object({ registered: Type.Boolean(), rating: Nullable(Type.Object(Rating)), entries: Type.Array(OwnEntry) }), ...errors(401, 403) },
        },
      },
      async (request) => credit.mine(await sessions.citizenContext(request)),
    );
    app.post(
      '/api/my/credit/objections/:entryId',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Object to a dishonesty notice about me, while it is a notice',
          params: Type.Object({ entryId: Uuid }),
          body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, strict),
          response: { 200: OwnEntry, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => credit.object(await sessions.citizenContext(request), request.params.entryId, request.body),
    );

    // ---- the public ----
    app.get(
      '/api/public/credit/dishonest-employers',
      {
        schema: {
          tags: ['public'],
          summary: 'Employers on the dishonesty list and not repaired: name and credit code (persons are never published)',
          querystring: Type.Object(Paging, strict),
          response: { 200: pageOf(Type.Object({ name: Type.String(), creditCode: Type.String(), regionName: Type.String(), listedOn: Type.String() })), ...errors(400) },
        },
      },
      async (request) => credit.publicEmployers(request.query),
    );
  };
}
