import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { count, sql } from 'drizzle-orm';
import type { Platform } from '../platform.ts';
import { errors } from './schemas.ts';
import { auditEntries } from '../audit/audit.tables.ts';
import { staff } from '../auth/auth.tables.ts';
import { departments } from '../access/access.tables.ts';
import type { CitizenAccounts } from '../auth/citizen-accounts.service.ts';

const startedAt = Date.now();

/** Health for load balancers and operators; a first overview for the console. */
export function systemRoutes(platform: Platform, services: { citizenAccounts: CitizenAccounts }) {
  const { database, sessions, guard, regions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/health',
      {
        config: { rateLimit: false },
        schema: {
          tags: ['system'],
          summary: 'Server and database health',
          response: {
            200: Type.Object({
              status: Type.Literal('ok'),
              version: Type.String(),
              uptimeSeconds: Type.Integer(),
              database: Type.Object({ kind: Type.String(), ok: Type.Boolean(), latencyMs: Type.Number() }),
            }),
            503: Type.Object({ status: Type.Literal('degraded'), database: Type.Object({ kind: Type.String(), ok: Type.Boolean(), error: Type.String() }) }),
          },
        },
      },
      async (_request, reply) => {
        const t0 = performance.now();
        try {
          await database.rows('select 1');
        } catch {
          return reply.status(503).send({ status: 'degraded' as const, database: { kind: database.kind, ok: false, error: 'database unreachable' } });
        }
        return {
          status: 'ok' as const,
          version: '0.1.0',
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          database: { kind: database.kind, ok: true, latencyMs: Math.round((performance.now() - t0) * 100) / 100 },
        };
      },
    );

    app.get(
      '/api/console/overview',
      {
        schema: {
          tags: ['console'],
          summary: 'Counts for my region',
          response: {
            200: Type.Object({
              regionCode: Type.String(),
              regionName: Type.String(),
              citizensInScope: Type.Integer(),
              staffInScope: Type.Integer(),
              auditEntriesToday: Type.Integer(),
            }),
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        const ctx = await sessions.staffContext(request);
        await guard.require(ctx, 'console:overview');
        const scope = guard.scope(ctx);
        const [[staffCount], [auditCount], citizensInScope] = await Promise.all([
          database.db
            .select({ n: count() })
            .from(staff)
            .innerJoin(departments, sql`${departments.id} = ${staff.departmentId}`)
            .where(sql`${departments.regionCode} like ${scope + '%'}`),
          // Today in China Standard Time, for the actions of staff inside my region.
          database.db
            .select({ n: count() })
            .from(auditEntries)
            .where(
              sql`${auditEntries.at} >= (date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai') and ${auditEntries.actorRegion} like ${scope + '%'}`,
            ),
          services.citizenAccounts.countInScope(scope),
        ]);
        return {
          regionCode: scope,
          regionName: regions.fullName(scope),
          citizensInScope,
          staffInScope: staffCount?.n ?? 0,
          auditEntriesToday: auditCount?.n ?? 0,
        };
      },
    );
  };
}
