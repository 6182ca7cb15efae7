import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { errors, pageOf, Uuid } from '@core/http/schemas.ts';
import { maskPhone } from '@core/crypto/masking.ts';
import { openStatuses, type AppealsService } from './appeals.service.ts';
import type { appeals, appealEvents } from './appeals.tables.ts';
import {
  Body,
  CategoryDto,
  CitizenAppealDto,
  EventDto,
  FileBody,
  ListQuery,
  PublicAppealDto,
  Kind,
  StaffAppealDto,
  Status,
} from './appeals.schemas.ts';
import { appealError } from './appeals.errors.ts';

type AppealRow = typeof appeals.$inferSelect;
type EventRow = typeof appealEvents.$inferSelect;
type Names = Map<string, { name: string; regionCode: string }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function appealsRoutes(platform: Platform, service: AppealsService) {
  const { sessions, regions, crypto } = platform;

  function common(a: AppealRow, names: Names) {
    const open = openStatuses.includes(a.status);
    return {
      id: a.id,
      trackingNo: a.trackingNo,
      kind: a.kind,
      categoryCode: a.categoryCode,
      title: a.title,
      body: a.body,
      regionCode: a.regionCode,
      regionName: regions.fullName(a.regionCode),
      departmentName: names.get(a.departmentId)?.name ?? '',
      status: a.status,
      isPublic: a.isPublic,
      anonymous: a.anonymous,
      channel: a.channel,
      createdAt: a.createdAt.toISOString(),
      ackDueAt: a.ackDueAt.toISOString(),
      replyDueAt: a.replyDueAt.toISOString(),
      acknowledgedAt: iso(a.acknowledgedAt),
      repliedAt: iso(a.repliedAt),
      closedAt: iso(a.closedAt),
      publicReply: a.publicReply,
      rating: a.rating,
      ratingComment: a.ratingComment,
      overdue: open && a.replyDueAt < new Date(),
    };
  }

  function staffDto(a: AppealRow, names: Names) {
    return {
      ...common(a, names),
      departmentId: a.departmentId,
      categoryConfidence: a.categoryConfidence,
      contactName: a.contactName,
      contactPhoneMasked: a.contactPhoneEnc ? maskPhone(crypto.decrypt(a.contactPhoneEnc)) : null,
      resolved: a.resolved,
      redoCount: a.redoCount,
      transferCount: a.transferCount,
      escalationLevel: a.escalationLevel,
      extensionCount: a.extensionCount,
      extensionRequestedDays: a.extensionRequestedDays,
      extensionReason: a.extensionReason,
      remindedAt: iso(a.remindedAt),
      noticedAt: iso(a.noticedAt),
      callbackDueAt: iso(a.callbackDueAt),
      callbackDoneAt: iso(a.callbackDoneAt),
      duplicateOf: a.duplicateOf,
    };
  }

  function eventDto(e: EventRow, names: Names) {
    return {
      id: e.id,
      at: e.at.toISOString(),
      type: e.type,
      visibility: e.visibility,
      actorKind: e.actorKind,
      // Citizens see departments, not the names of individual staff.
      actorName: e.actorName,
      departmentName: e.departmentId ? (names.get(e.departmentId)?.name ?? null) : null,
      body: e.body,
      details: e.details ?? null,
    };
  }

  function publicDto(a: AppealRow, names: Names) {
    const text = service.publicText(a);
    return {
      trackingNo: a.trackingNo,
      kind: a.kind,
      categoryCode: a.categoryCode,
      title: a.isPublic ? text.title : null,
      body: a.isPublic ? text.body : null,
      filer: a.isPublic ? text.filer : null,
      regionName: regions.fullName(a.regionCode),
      status: a.status,
      departmentName: names.get(a.departmentId)?.name ?? '',
      createdAt: a.createdAt.toISOString(),
      replyDueAt: a.replyDueAt.toISOString(),
      repliedAt: iso(a.repliedAt),
      publicReply: a.isPublic ? text.publicReply : null,
      repliedBy: a.repliedByDepartment ? (names.get(a.repliedByDepartment)?.name ?? null) : null,
      handlingHours: a.repliedAt ? Math.round(service.workingHoursBetween(a.createdAt, a.repliedAt) * 10) / 10 : null,
    };
  }

  const namesFor = (rows: AppealRow[], events: EventRow[] = []) =>
    service.departmentNames([...rows.flatMap((a) => [a.departmentId, a.repliedByDepartment]), ...events.map((e) => e.departmentId)]);

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['appeals'];
    const idParams = Type.Object({ id: Uuid });
    const withEvents = (dto: ReturnType<typeof Type.Object>) => Type.Object({ appeal: dto, events: Type.Array(EventDto) });

    app.get(
      '/api/appeals/categories',
      { schema: { tags, summary: 'Appeal categories (public)', response: { 200: Type.Array(CategoryDto) } } },
      async () => (await service.activeCategories()).map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, descriptionZh: c.descriptionZh })),
    );

    // ----- citizens -----
    app.post(
      '/api/appeals',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'File an appeal (citizen portal). Send an Idempotency-Key to make retries safe.',
          body: FileBody,
          response: { 201: CitizenAppealDto, ...errors(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => {
        const ctx = await sessions.citizenContext(request);
        const appeal = await service.file(request.body, { channel: 'portal', actor: ctx.actor, requestId: request.id });
        return reply.status(201).send(common(appeal, await namesFor([appeal])));
      },
    );

    app.get(
      '/api/my/appeals',
      { schema: { tags, summary: 'My appeals', querystring: Type.Object(ListQuery, { additionalProperties: false }), response: { 200: pageOf(CitizenAppealDto), ...errors(400, 401, 403) } } },
      async (request) => {
        const page = await service.listOwn(await sessions.citizenContext(request), request.query);
        const names = await namesFor(page.items);
        return { ...page, items: page.items.map((a) => common(a, names)) };
      },
    );

    app.get(
      '/api/my/appeals/:id',
      { schema: { tags, summary: 'One of my appeals with its public timeline', params: idParams, response: { 200: withEvents(CitizenAppealDto), ...errors(400, 401, 403, 404) } } },
      async (request) => {
        const { appeal, events } = await service.getOwn(await sessions.citizenContext(request), request.params.id);
        const names = await namesFor([appeal], events);
        return { appeal: common(appeal, names), events: events.map((e) => ({ ...eventDto(e, names), actorName: e.actorKind === 'staff' ? null : e.actorName })) };
      },
    );

    app.post(
      '/api/my/appeals/:id/rating',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Rate the handling: 5 非常满意 … 1 非常不满意. 1–2 send it back for redoing, then up a level.',
          params: idParams,
          body: Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
          response: { 200: CitizenAppealDto, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const appeal = await service.rate(await sessions.citizenContext(request), request.params.id, request.body);
        return common(appeal, await namesFor([appeal]));
      },
    );

    // ----- staff -----
    app.post(
      '/api/appeals/hotline',
      {
        config: { idempotent: true },
        schema: {
          tags,
          summary: 'Enter a 12333 hotline call on the caller’s behalf',
          body: FileBody,
          response: { 201: StaffAppealDto, ...errors(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => {
        const ctx = await sessions.staffContext(request);
        await platform.guard.require(ctx, 'appeal:intake');
        const appeal = await service.file(request.body, { channel: 'hotline', actor: ctx.actor, requestId: request.id });
        return reply.status(201).send(staffDto(appeal, await namesFor([appeal])));
      },
    );

    app.get(
      '/api/appeals',
      {
        schema: {
          tags,
          summary: 'Appeals handled in my region',
          querystring: Type.Object(
            { status: Type.Optional(Status), categoryCode: Type.Optional(Type.String({ maxLength: 40 })), overdue: Type.Optional(Type.Boolean()), q: Type.Optional(Type.String({ maxLength: 100 })), ...ListQuery },
            { additionalProperties: false },
          ),
          response: { 200: pageOf(StaffAppealDto), ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const page = await service.listForStaff(await sessions.staffContext(request), request.query);
        const names = await namesFor(page.items);
        return { ...page, items: page.items.map((a) => staffDto(a, names)) };
      },
    );

    app.get(
      '/api/appeals/departments',
      {
        schema: {
          tags,
          summary: 'Departments an appeal can be transferred to (every bureau of my city)',
          response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), regionCode: Type.String(), regionName: Type.String() })), ...errors(401, 403) },
        },
      },
      async (request) => service.transferTargets(await sessions.staffContext(request)),
    );

    app.get(
      '/api/appeals/:id',
      { schema: { tags, summary: 'One appeal with its full timeline', params: idParams, response: { 200: withEvents(StaffAppealDto), ...errors(400, 401, 403, 404) } } },
      async (request) => {
        const { appeal, events } = await service.getForStaff(await sessions.staffContext(request), request.params.id);
        const names = await namesFor([appeal], events);
        return { appeal: staffDto(appeal, names), events: events.map((e) => eventDto(e, names)) };
      },
    );

    const action = (path: string, summary: string, body: ReturnType<typeof Type.Object> | undefined, run: (ctx: Awaited<ReturnType<typeof sessions.staffContext>>, id: string, body: never) => Promise<AppealRow | void>) =>
      app.post(
        `/api/appeals/:id/${path}`,
        { schema: { tags, summary, params: idParams, ...(body ? { body } : {}), response: { 200: StaffAppealDto, 204: Type.Null(), ...errors(400, 401, 403, 404, 409, 422) } } },
        async (request, reply) => {
          const result = await run(await sessions.staffContext(request), (request.params as { id: string }).id, request.body as never);
          if (!result) return reply.status(204).send(null);
          return staffDto(result, await namesFor([result]));
        },
      );

    action('acknowledge', 'Acknowledge (签收)', undefined, (ctx, id) => service.acknowledge(ctx, id));
    action('notes', 'Add an internal note', Type.Object({ body: Body }, { additionalProperties: false }), (ctx, id, b: { body: string }) => service.note(ctx, id, b.body));
    action('reply', 'Reply publicly (答复)', Type.Object({ body: Body, resolved: Type.Boolean() }, { additionalProperties: false }), (ctx, id, b: { body: string; resolved: boolean }) => service.reply(ctx, id, b));
    action('transfer', 'Transfer to another department (转办) with a reason', Type.Object({ departmentId: Uuid, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }), (ctx, id, b: { departmentId: string; reason: string }) => service.transfer(ctx, id, b));
    action('return', 'Return a mis-routed appeal to the dispatcher (退回)', Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }), (ctx, id, b: { reason: string }) => service.returnToDispatcher(ctx, id, b.reason));
    action('merge', 'Merge a near-duplicate into the appeal it repeats (合并办理); it is closed with a pointer there', undefined, (ctx, id) => service.merge(ctx, id));
    action(
      'extension',
      'Ask for more working days before the deadline passes (延期申请); a supervisor decides',
      Type.Object({ days: Type.Integer({ minimum: 1, maximum: 30 }), reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
      (ctx, id, b: { days: number; reason: string }) => service.requestExtension(ctx, id, b),
    );
    action(
      'extension/decision',
      'Approve or refuse the pending extension (supervisor)',
      Type.Object({ approve: Type.Boolean(), comment: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      (ctx, id, b: { approve: boolean; comment?: string }) => service.decideExtension(ctx, id, b),
    );
    action('callback', 'Record the callback to a citizen who rated badly (回访)', Type.Object({ body: Body }, { additionalProperties: false }), (ctx, id, b: { body: string }) => service.recordCallback(ctx, id, b.body));

    // ----- configuration (system administrator) -----
    const RuleDto = Type.Object({
      categoryCode: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
      regionPrefix: Type.String({ pattern: '^(\\d{2,12})?$' }),
      level: Type.Union([Type.Literal('town'), Type.Literal('county'), Type.Literal('city')]),
      note: Type.Optional(Type.String({ maxLength: 200 })),
    }, { additionalProperties: false });
    const LimitDto = Type.Object({
      categoryCode: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
      kind: Type.Union([Kind, Type.Null()]),
      ackWorkingHours: Type.Integer({ minimum: 1, maximum: 240 }),
      replyWorkingDays: Type.Integer({ minimum: 1, maximum: 90 }),
    }, { additionalProperties: false });
    const ConfigDto = Type.Object({
      categories: Type.Array(Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), keywords: Type.Array(Type.String()), active: Type.Boolean() })),
      routingRules: Type.Array(Type.Object({ id: Type.Integer(), categoryCode: Type.Union([Type.String(), Type.Null()]), regionPrefix: Type.String(), level: Type.String(), note: Type.String() })),
      timeLimits: Type.Array(Type.Object({ id: Type.Integer(), categoryCode: Type.Union([Type.String(), Type.Null()]), kind: Type.Union([Type.String(), Type.Null()]), ackWorkingHours: Type.Integer(), replyWorkingDays: Type.Integer() })),
    });
    app.get(
      '/api/appeals/config',
      { schema: { tags, summary: 'Categories, routing rules and time limits', response: { 200: ConfigDto, ...errors(401, 403) } } },
      async (request) => service.configuration(await sessions.staffContext(request)),
    );
    app.put(
      '/api/appeals/config/routing-rules',
      { schema: { tags, summary: 'Replace the routing rules (one default rule for everything must remain)', body: Type.Array(RuleDto, { minItems: 1, maxItems: 500 }), response: { 200: ConfigDto, ...errors(400, 401, 403, 422) } } },
      async (request) => service.replaceRoutingRules(await sessions.staffContext(request), request.body),
    );
    app.put(
      '/api/appeals/config/time-limits',
      { schema: { tags, summary: 'Replace the time limits (one default for every category and kind must remain)', body: Type.Array(LimitDto, { minItems: 1, maxItems: 500 }), response: { 200: ConfigDto, ...errors(400, 401, 403, 422) } } },
      async (request) => service.replaceTimeLimits(await sessions.staffContext(request), request.body),
    );

    // ----- public -----
    app.get(
      '/api/public/appeals',
      {
        schema: {
          tags,
          summary: 'The public appeals wall: public appeals and replies, personal data masked',
          querystring: Type.Object(
            { q: Type.Optional(Type.String({ maxLength: 100 })), regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })), categoryCode: Type.Optional(Type.String({ maxLength: 40 })), status: Type.Optional(Status), ...ListQuery },
            { additionalProperties: false },
          ),
          response: { 200: pageOf(PublicAppealDto), ...errors(400) },
        },
      },
      async (request) => {
        const page = await service.publicWall(request.query);
        const names = await namesFor(page.items);
        return { ...page, items: page.items.map((a) => publicDto(a, names)) };
      },
    );

    app.get(
      '/api/public/appeals/:trackingNo',
      {
        schema: {
          tags,
          summary: 'Public status of an appeal by tracking number (e.g. WZ-20261129-000123)',
          params: Type.Object({ trackingNo: Type.String({ pattern: '^[Ww][Zz]-\\d{8}-\\d{6}$' }) }),
          response: { 200: PublicAppealDto, ...errors(400, 404) },
        },
      },
      async (request) => {
        const appeal = await service.byTrackingNo(request.params.trackingNo);
        if (!appeal) throw appealError('appeal_not_found');
        return publicDto(appeal, await namesFor([appeal]));
      },
    );
  };
}
