import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../platform.ts';
import { errors, pageOf, Paging } from '../http/schemas.ts';
import { auditActorOf } from '../access/guard.ts';

const Entry = Type.Object({
  id: Type.Integer(),
  /** Null for the few seconds before the chainer links the entry. */
  seq: Type.Union([Type.Integer(), Type.Null()]),
  at: Type.String(),
  actorKind: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  actorRegion: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetKind: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  channel: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.Union([Type.String(), Type.Null()]),
});

/** The audit log is read by the audit administrator only (GB/T 22239 separation of duties). */
export function auditRoutes(platform: Platform) {
  const { sessions, guard, audit } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/audit/entries',
      {
        schema: {
          tags: ['audit'],
          summary: 'Search the audit log (audit administrator)',
          querystring: Type.Object(
            {
              subject: Type.Optional(Type.String({ maxLength: 64 })),
              actor: Type.Optional(Type.String({ maxLength: 64 })),
              action: Type.Optional(Type.String({ maxLength: 64 })),
              from: Type.Optional(Type.String({ format: 'date-time' })),
              to: Type.Optional(Type.String({ format: 'date-time' })),
              ...Paging,
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOf(Entry), ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const ctx = await sessions.staffContext(request);
        const actor = await guard.require(ctx, 'audit:read');
        const q = request.query;
        const result = await audit.search({ ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
        // Reading the log is itself recorded.
        await audit.record({
          actor: auditActorOf(actor),
          action: 'audit.searched',
          channel: ctx.channel,
          requestId: ctx.requestId,
          details: { subject: q.subject ?? null, actor: q.actor ?? null, action: q.action ?? null },
        });
        return { items: result.items.map((e) => ({ ...e, at: e.at.toISOString() })), total: result.total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/audit/verify',
      {
        config: { rateLimit: { max: 6, timeWindow: '1 minute' } },
        schema: {
          tags: ['audit'],
          summary: 'Verify the hash chain and every signed checkpoint (audit administrator)',
          response: {
            200: Type.Object({
              ok: Type.Boolean(),
              entries: Type.Integer(),
              checkpoints: Type.Integer(),
              unsealedEntries: Type.Integer(),
              firstBadSeq: Type.Optional(Type.Integer()),
              badCheckpointId: Type.Optional(Type.Integer()),
              problem: Type.Optional(Type.String()),
              unchainedEntries: Type.Optional(Type.Integer()),
            }),
            ...errors(401, 403, 429),
          },
        },
      },
      async (request) => {
        await guard.require(await sessions.staffContext(request), 'audit:verify');
        return audit.verifyAll();
      },
    );
  };
}
