import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, literals, Nullable, Uuid } from '@core/http/schemas.ts';
import { fundKinds, payers } from './funds.tables.ts';
import type { PolicyService } from './policy.service.ts';


/** A province, city or county code, shortened (64, 6401, 640104) or padded (640000, 640100). */
const RegionCode = Type.String({ pattern: '^\\d{2,12}$', description: 'GB/T 2260 code, e.g. 64, 640000, 6401, 640104' });
export const Period = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'a month, YYYY-MM' });
const Year = Type.Integer({ minimum: 1990, maximum: 2200 });
const Bp = (description: string) => Type.Integer({ minimum: 0, maximum: 10000, description });

const AverageWage = Type.Object({
  regionCode: Type.String(),
  regionName: Type.String(),
  year: Type.Integer({ description: 'the contribution year whose floor and cap this figure sets' }),
  averageMonthlyWageFen: Type.Integer(),
  floorBp: Type.Integer(),
  capBp: Type.Integer(),
  floorFen: Type.Integer({ description: 'the lowest contribution base, rounded half up' }),
  capFen: Type.Integer({ description: 'the highest contribution base, rounded half up' }),
});

const Rate = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  scheme: Type.String(),
  payer: Type.String(),
  rateBp: Type.Integer({ description: 'basis points: 16% = 1600' }),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
});

/** Policy as data: average wages, contribution rates, crediting interest rates, months divisors. */
export function policyRoutes(platform: Platform, policy: PolicyService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    // A fresh install serves the official months divisors from its first request.
    await policy.ensureDefaults();
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['funds'];
    const staff = sessions.staffContext;

    app.get(
      '/api/funds/policy/average-wages',
      {
        schema: {
          tags,
          summary: 'Average wages (社平工资) with floor and cap, of my region and the regions above and inside it',
          querystring: Type.Object({ region: Type.Optional(RegionCode), year: Type.Optional(Year) }, { additionalProperties: false }),
          response: { 200: Type.Array(AverageWage), ...errors(400, 401, 403, 422) },
        },
      },
      async (request) => policy.listAverageWages(await staff(request), request.query),
    );
    app.put(
      '/api/funds/policy/average-wages/:region/:year',
      {
        schema: {
          tags,
          summary: 'Set a province’s, city’s or county’s average monthly wage for a contribution year, with the floor and cap shares',
          params: Type.Object({ region: RegionCode, year: Year }),
          body: Type.Object(
            {
              averageMonthlyWageFen: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
              floorBp: Type.Integer({ minimum: 1, maximum: 100_000, default: 6000, description: '60% = 6000' }),
              capBp: Type.Integer({ minimum: 1, maximum: 100_000, default: 30000, description: '300% = 30000' }),
            },
            { additionalProperties: false },
          ),
          response: { 200: AverageWage, ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => policy.putAverageWage(await staff(request), request.params.region, request.params.year, request.body),
    );

    app.get(
      '/api/funds/policy/rates',
      {
        schema: {
          tags,
          summary: 'Contribution rates of my region and the regions above and inside it, optionally for one scheme or month',
          querystring: Type.Object({ region: Type.Optional(RegionCode), scheme: Type.Optional(literals(fundKinds)), period: Type.Optional(Period) }, { additionalProperties: false }),
          response: { 200: Type.Array(Rate), ...errors(400, 401, 403, 422) },
        },
      },
      async (request) => policy.listRates(await staff(request), request.query),
    );
    app.post(
      '/api/funds/policy/rates',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Add a contribution rate for a region, scheme and payer from a month (open-ended or to a month); overlapping periods are refused',
          body: Type.Object(
            { region: RegionCode, scheme: literals(fundKinds), payer: literals(payers), rateBp: Bp('basis points: 16% = 1600'), validFrom: Period, validTo: Type.Optional(Nullable(Period)) },
            { additionalProperties: false },
          ),
          response: { 201: Rate, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await policy.createRate(await staff(request), request.body)),
    );
    app.put(
      '/api/funds/policy/rates/:id',
      {
        schema: {
          tags,
          summary: 'Change a rate, e.g. end it before a new one starts; past declarations keep the rate they were computed with',
          params: Type.Object({ id: Uuid }),
          body: Type.Object({ rateBp: Bp('basis points'), validFrom: Period, validTo: Type.Optional(Nullable(Period)) }, { additionalProperties: false }),
          response: { 200: Rate, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => policy.updateRate(await staff(request), request.params.id, request.body),
    );

    app.get(
      '/api/funds/policy/effective',
      {
        schema: {
          tags,
          summary: 'The average wage and the rates that apply in a region for a month, each with the region it comes from',
          querystring: Type.Object({ region: RegionCode, period: Period }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              region: Type.String(),
              regionName: Type.String(),
              period: Type.String(),
              averageWage: Nullable(AverageWage),
              rates: Type.Array(Type.Object({ ...Rate.properties })),
            }),
            ...errors(400, 401, 403, 404, 422),
          },
        },
      },
      async (request) => policy.effective(await staff(request), request.query),
    );

    const InterestRate = Type.Object({ year: Type.Integer(), rateBp: Type.Integer({ description: '记账利率 in basis points: 2.62% = 262' }) });
    app.get(
      '/api/funds/policy/interest-rates',
      { schema: { tags, summary: 'Yearly crediting rates of individual accounts (记账利率)', response: { 200: Type.Array(InterestRate), ...errors(401, 403) } } },
      async (request) => policy.listInterestRates(await staff(request)),
    );
    app.put(
      '/api/funds/policy/interest-rates/:year',
      {
        schema: {
          tags,
          summary: 'Set a year’s crediting rate as announced nationally (city level or above)',
          params: Type.Object({ year: Year }),
          body: Type.Object({ rateBp: Bp('basis points: 2.62% = 262') }, { additionalProperties: false }),
          response: { 200: InterestRate, ...errors(400, 401, 403) },
        },
      },
      async (request) => policy.putInterestRate(await staff(request), request.params.year, request.body.rateBp),
    );

    const Divisor = Type.Object({ retirementAge: Type.Integer(), months: Type.Integer() });
    app.get(
      '/api/funds/policy/months-divisors',
      { schema: { tags, summary: 'Months divisors of the individual-account pension by retirement age (计发月数, 国发〔2005〕38号)', response: { 200: Type.Array(Divisor), ...errors(401, 403) } } },
      async (request) => policy.listMonthsDivisors(await staff(request)),
    );
    app.put(
      '/api/funds/policy/months-divisors/:age',
      {
        schema: {
          tags,
          summary: 'Set the months divisor of a retirement age (city level or above)',
          params: Type.Object({ age: Type.Integer({ minimum: 40, maximum: 70 }) }),
          body: Type.Object({ months: Type.Integer({ minimum: 1, maximum: 600 }) }, { additionalProperties: false }),
          response: { 200: Divisor, ...errors(400, 401, 403) },
        },
      },
      async (request) => policy.putMonthsDivisor(await staff(request), request.params.age, request.body.months),
    );
  };
}
