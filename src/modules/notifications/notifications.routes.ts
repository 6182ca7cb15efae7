import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, Uuid } from '@core/http/schemas.ts';
import type { NotificationsService } from './notifications.service.ts';

const Item = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});

export function notificationsRoutes(platform: Platform, service: NotificationsService) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['notifications'];
    app.get(
      '/api/my/notifications',
      {
        schema: {
          tags,
          summary: 'My notification centre, newest first',
          querystring: Type.Object({ page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ items: Type.Array(Item), total: Type.Integer(), unread: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const ctx = await sessions.citizenContext(request);
        const page = await service.list(ctx.actor.id, request.query.page, request.query.pageSize);
        return { ...page, items: page.items.map((n) => ({ ...n, createdAt: n.createdAt.toISOString(), readAt: n.readAt ? n.readAt.toISOString() : null })) };
      },
    );
    app.post(
      '/api/my/notifications/:id/read',
      { schema: { tags, summary: 'Mark one notification read', params: Type.Object({ id: Uuid }), response: { 200: Type.Object({ updated: Type.Integer() }), ...errors(400, 401, 403) } } },
      async (request) => ({ updated: await service.markRead((await sessions.citizenContext(request)).actor.id, request.params.id) }),
    );
    app.post(
      '/api/my/notifications/read-all',
      { schema: { tags, summary: 'Mark every notification read', response: { 200: Type.Object({ updated: Type.Integer() }), ...errors(401, 403) } } },
      async (request) => ({ updated: await service.markRead((await sessions.citizenContext(request)).actor.id) }),
    );
  };
}
