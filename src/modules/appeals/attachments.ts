import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import { fileTypeFromBuffer } from 'file-type';
import { Type } from 'typebox';
import { and, count, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import { auditActorOf, type RequestContext } from '@core/access/guard.ts';
import { errors, Uuid } from '@core/http/schemas.ts';
import { attachments } from './appeals.tables.ts';
import { appealError } from './appeals.errors.ts';
import type { AppealsService } from './appeals.service.ts';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;
/** What may be attached, judged by the bytes themselves (magic numbers), not by the name or header. */
const ALLOWED = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

const AttachmentDto = Type.Object({ id: Type.String(), filename: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String(), createdAt: Type.String() });

function toDto(a: Omit<typeof attachments.$inferSelect, 'data'>) {
  return { id: a.id, filename: a.filename, contentType: a.contentType, size: a.size, sha256: a.sha256, createdAt: a.createdAt.toISOString() };
}

/** Files arrive as multipart/form-data, one per request; only these routes accept multipart. */
export function attachmentRoutes(platform: Platform, service: AppealsService) {
  const { database, sessions, audit } = platform;
  const meta = { id: attachments.id, appealId: attachments.appealId, filename: attachments.filename, contentType: attachments.contentType, size: attachments.size, sha256: attachments.sha256, createdAt: attachments.createdAt };

  async function store(ctx: RequestContext, appealId: string, citizenId: string | null, file: { filename: string; mimetype: string; data: Buffer; truncated: boolean }) {
    if (file.truncated || file.data.length > MAX_ATTACHMENT_BYTES) throw appealError('attachment_too_large');
    const sniffed = await fileTypeFromBuffer(file.data);
    if (!sniffed || !ALLOWED.has(sniffed.mime)) throw appealError('attachment_type_not_allowed', { detail: `content looks like ${sniffed?.mime ?? 'unknown data'}` });
    const declared = file.mimetype.toLowerCase();
    if (declared !== 'application/octet-stream' && declared !== sniffed.mime && !(declared === 'image/jpg' && sniffed.mime === 'image/jpeg')) {
      throw appealError('attachment_mislabelled', { detail: `declared ${declared}, content is ${sniffed.mime}` });
    }
    // Keep the name for display only; it never reaches a file system.
    const filename = Array.from(file.filename || `attachment.${sniffed.ext}`, (ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch))
      .join('')
      .slice(0, 120);
    return database.transaction(async (tx) => {
      const [n] = await tx.select({ n: count() }).from(attachments).where(eq(attachments.appealId, appealId));
      if ((n?.n ?? 0) >= MAX_ATTACHMENTS) throw appealError('too_many_attachments');
      const [row] = await tx
        .insert(attachments)
        .values({ appealId, filename, contentType: sniffed.mime, size: file.data.length, sha256: createHash('sha256').update(file.data).digest('hex'), data: file.data })
        .returning(meta);
      await audit.append(tx, {
        actor: auditActorOf(ctx.actor),
        action: 'appeal.attachment_added',
        targetKind: 'appeal',
        targetId: appealId,
        subjectId: citizenId,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { attachmentId: row!.id, contentType: sniffed.mime, size: file.data.length },
      });
      return toDto(row!);
    });
  }

  async function sendFile(reply: FastifyReply, appealId: string, attachmentId: string) {
    const [row] = await database.db.select().from(attachments).where(and(eq(attachments.id, attachmentId), eq(attachments.appealId, appealId))).limit(1);
    if (!row) throw appealError('appeal_not_found');
    return reply
      .type(row.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(row.data);
  }

  return async (fastify: FastifyInstance) => {
    await fastify.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 0 } });
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['appeals'];
    const params = Type.Object({ id: Uuid });
    const fileParams = Type.Object({ id: Uuid, attachmentId: Uuid });

    async function readUpload(request: Parameters<typeof sessions.citizenContext>[0]) {
      const part = await request.file().catch(() => undefined);
      if (!part) throw appealError('attachment_missing');
      const data = await part.toBuffer().catch((error: { code?: string }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw appealError('attachment_too_large');
        throw error;
      });
      return { filename: part.filename, mimetype: part.mimetype, data, truncated: part.file.truncated };
    }

    app.post(
      '/api/my/appeals/:id/attachments',
      { schema: { tags, summary: 'Attach an image or PDF to my appeal (multipart/form-data, field "file", ≤ 5 MB, ≤ 5 per appeal)', params, consumes: ['multipart/form-data'], response: { 201: AttachmentDto, ...errors(400, 401, 403, 404, 409, 413, 415, 422) } } },
      async (request, reply) => {
        const ctx = await sessions.citizenContext(request);
        const { appeal } = await service.getOwn(ctx, request.params.id);
        if (appeal.status === 'closed') throw appealError('transition_not_allowed', { detail: 'a closed appeal takes no more attachments' });
        return reply.status(201).send(await store(ctx, appeal.id, appeal.citizenId, await readUpload(request)));
      },
    );

    app.get(
      '/api/my/appeals/:id/attachments',
      { schema: { tags, summary: 'Attachments of my appeal', params, response: { 200: Type.Array(AttachmentDto), ...errors(400, 401, 403, 404) } } },
      async (request) => {
        const { appeal } = await service.getOwn(await sessions.citizenContext(request), request.params.id);
        return (await database.db.select(meta).from(attachments).where(eq(attachments.appealId, appeal.id))).map(toDto);
      },
    );

    app.get(
      '/api/my/appeals/:id/attachments/:attachmentId',
      { schema: { tags, summary: 'Download an attachment of my appeal', params: fileParams } },
      async (request, reply) => {
        const { appeal } = await service.getOwn(await sessions.citizenContext(request), request.params.id);
        return sendFile(reply, appeal.id, request.params.attachmentId);
      },
    );

    app.get(
      '/api/appeals/:id/attachments',
      { schema: { tags, summary: 'Attachments of an appeal in my region', params, response: { 200: Type.Array(AttachmentDto), ...errors(400, 401, 403, 404) } } },
      async (request) => {
        const { appeal } = await service.getForStaff(await sessions.staffContext(request), request.params.id);
        return (await database.db.select(meta).from(attachments).where(eq(attachments.appealId, appeal.id))).map(toDto);
      },
    );

    app.get(
      '/api/appeals/:id/attachments/:attachmentId',
      { schema: { tags, summary: 'Download an attachment of an appeal in my region', params: fileParams } },
      async (request, reply) => {
        const { appeal } = await service.getForStaff(await sessions.staffContext(request), request.params.id);
        return sendFile(reply, appeal.id, request.params.attachmentId);
      },
    );
  };
}

