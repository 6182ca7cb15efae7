import { createHash } from 'node:crypto';
import formbody from '@fastify/formbody';
import { XMLBuilder } from 'fast-xml-parser';
import { and, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '@core/platform.ts';
import { AppError } from '@core/http/errors.ts';
import type { AppealsService } from './appeals.service.ts';
import { appealKinds, appeals, open311Clients, type AppealKind } from './appeals.tables.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): existing Open311 clients file and
 * follow social-security appeals. Categories are services; the region is `address_id` (a GB/T
 * 2260 county or town code) or the `region_code` attribute. Every endpoint answers JSON or XML by
 * its extension, and errors come in the specification's format.
 */
type Format = 'json' | 'xml';
const xml = new XMLBuilder({ format: true, suppressEmptyNode: true, processEntities: true });

export const apiKeyHash = (key: string) => createHash('sha256').update(key).digest('hex');

class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

function formatOf(request: FastifyRequest): Format {
  const f = (request.params as { format?: string }).format;
  if (f === 'json' || f === 'xml') return f;
  throw new Open311Error(404, `unsupported format "${f}": use .json or .xml`);
}

/** XML root and item element names, per the specification's examples. */
function send(reply: FastifyReply, format: Format, data: unknown, root: string, item?: string, status = 200) {
  if (format === 'json') return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(data));
  const body = item ? { [root]: { [item]: data } } : { [root]: data };
  return reply.status(status).type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>\n${xml.build(body)}`);
}

export function open311Routes(platform: Platform, service: AppealsService) {
  const { database, regions, config } = platform;

  async function clientFor(apiKey: unknown) {
    if (typeof apiKey !== 'string' || apiKey.length === 0) throw new Open311Error(401, 'api_key is required to submit a request');
    const [client] = await database.db.select().from(open311Clients).where(eq(open311Clients.apiKeyHash, apiKeyHash(apiKey))).limit(1);
    if (!client) throw new Open311Error(403, 'api_key is not valid');
    return client;
  }

  async function requestDto(rows: (typeof appeals.$inferSelect)[]) {
    const names = await service.departmentNames(rows.flatMap((a) => [a.departmentId, a.repliedByDepartment]));
    const cats = new Map((await service.activeCategories()).map((c) => [c.code, c.nameZh]));
    return rows.map((a) => {
      const text = service.publicText(a);
      return {
        service_request_id: a.trackingNo,
        status: a.status === 'closed' ? 'closed' : 'open',
        status_notes: a.isPublic ? (text.publicReply ?? '') : '',
        service_name: cats.get(a.categoryCode) ?? a.categoryCode,
        service_code: a.categoryCode,
        description: a.isPublic ? text.body : '',
        agency_responsible: names.get(a.repliedByDepartment ?? a.departmentId)?.name ?? '',
        service_notice: '',
        requested_datetime: a.createdAt.toISOString(),
        updated_datetime: (a.closedAt ?? a.repliedAt ?? a.acknowledgedAt ?? a.createdAt).toISOString(),
        expected_datetime: a.replyDueAt.toISOString(),
        address: regions.fullName(a.regionCode),
        address_id: a.regionCode,
        zipcode: '',
        lat: '',
        long: '',
        media_url: '',
      };
    });
  }

  function parseDate(value: unknown, name: string): Date | undefined {
    if (value === undefined || value === '') return undefined;
    const d = new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new Open311Error(400, `${name} must be a W3C date-time, e.g. 2026-11-29T09:00:00+08:00`);
    return d;
  }

  return async (app: FastifyInstance) => {
    await app.register(formbody, { bodyLimit: 64 * 1024 });
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const format: Format = (request.params as { format?: string } | undefined)?.format === 'xml' ? 'xml' : 'json';
      let status = 500;
      let description = 'internal error';
      if (error instanceof Open311Error) [status, description] = [error.status, error.description];
      else if (error instanceof AppError) [status, description] = [error.spec.status === 404 ? 404 : 400, error.extra.detail ?? error.spec.en];
      else if (error.validation) [status, description] = [400, error.message];
      else if (error.statusCode && error.statusCode < 500) [status, description] = [error.statusCode, error.message];
      else request.log.error({ err: error }, 'open311 error');
      return send(reply, format, [{ code: status, description }], 'errors', 'error', status);
    });
    app.setNotFoundHandler((request, reply) => send(reply, 'json', [{ code: 404, description: `no Open311 endpoint ${request.url}` }], 'errors', 'error', 404));

    const hide = { schema: { hide: true } };
    const base = config.origin + '/open311/v2';
    // Paths below are relative to /open311/v2 (the plugin's prefix).

    app.get('/discovery.:format', hide, async (request, reply) =>
      send(reply, formatOf(request), {
        changeset: '2026-11-29T00:00:00Z',
        contact: '12333',
        key_service: `${config.origin}/api/docs`,
        endpoints: [
          { specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-11-29T00:00:00Z', type: 'production', formats: ['application/json', 'text/xml'] },
        ],
      }, 'discovery'),
    );

    app.get('/services.:format', hide, async (request, reply) => {
      const format = formatOf(request);
      const list = (await service.activeCategories()).map((c) => ({
        service_code: c.code,
        service_name: c.nameZh,
        description: c.descriptionZh || c.nameEn,
        metadata: true,
        type: 'realtime',
        keywords: c.keywords.join(','),
        group: '社会保障',
      }));
      return send(reply, format, list, 'services', 'service');
    });

    app.get('/services/:code.:format', hide, async (request, reply) => {
      const format = formatOf(request);
      const { code } = request.params as { code: string };
      const category = (await service.activeCategories()).find((c) => c.code === code);
      if (!category) throw new Open311Error(404, `no service with service_code ${code}`);
      const kindNames: Record<AppealKind, string> = { complaint: '投诉', help: '求助', consultation: '咨询', suggestion: '建议', report: '举报' };
      return send(reply, format, {
        service_code: code,
        attributes: [
          {
            variable: true,
            code: 'kind',
            datatype: 'singlevaluelist',
            required: false,
            datatype_description: 'complaint (default), help, consultation, suggestion or report',
            order: 1,
            description: '诉求类型 kind of appeal',
            values: appealKinds.map((k) => ({ key: k, name: kindNames[k] })),
          },
          {
            variable: true,
            code: 'region_code',
            datatype: 'string',
            required: false,
            datatype_description: 'GB/T 2260 county (6 digits) or town/street (9 digits) code; or send it as address_id',
            order: 2,
            description: '所在区县或乡镇（街道）代码 region code',
          },
          {
            variable: true,
            code: 'title',
            datatype: 'string',
            required: false,
            datatype_description: 'up to 100 characters; the start of the description when omitted',
            order: 3,
            description: '诉求标题 title',
          },
        ],
      }, 'service_definition');
    });

    app.post('/requests.:format', hide, async (request, reply) => {
      const format = formatOf(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const client = await clientFor(body.api_key);
      const attribute = (name: string) => body[`attribute[${name}]`] ?? (body.attribute as Record<string, unknown> | undefined)?.[name];
      const serviceCode = String(body.service_code ?? '');
      if (!serviceCode) throw new Open311Error(400, 'service_code is required');
      if (!(await service.activeCategories()).some((c) => c.code === serviceCode)) throw new Open311Error(404, `no service with service_code ${serviceCode}`);
      const regionCode = String(body.address_id ?? attribute('region_code') ?? '');
      if (!/^\d{6}(\d{3})?$/.test(regionCode)) {
        throw new Open311Error(400, 'address_id (or attribute[region_code]) must be a GB/T 2260 county or town code, e.g. 640104 or 640104001');
      }
      const description = String(body.description ?? '').trim();
      if (!description) throw new Open311Error(400, 'description is required');
      if (description.length > 5000) throw new Open311Error(400, 'description is longer than 5000 characters');
      const kind = String(attribute('kind') ?? 'complaint');
      if (!(appealKinds as readonly string[]).includes(kind)) throw new Open311Error(400, `attribute[kind] must be one of ${appealKinds.join(', ')}`);
      const name = `${String(body.last_name ?? '')}${String(body.first_name ?? '')}`.trim();
      const phone = String(body.phone ?? '').replace(/[\s-]/g, '');
      const title = String(attribute('title') ?? '').trim() || description.slice(0, 40);
      const appeal = await service.file(
        {
          kind: kind as AppealKind,
          categoryCode: serviceCode,
          title: title.slice(0, 100),
          body: description,
          regionCode,
          isPublic: true,
          anonymous: !name,
          contactName: name || undefined,
          contactPhone: /^1\d{10}$/.test(phone) ? phone : undefined,
        },
        { channel: 'open311', clientId: client.id, requestId: request.id },
      );
      return send(reply, format, [{ service_request_id: appeal.trackingNo, token: appeal.id, service_notice: `请于 ${appeal.replyDueAt.toISOString().slice(0, 10)} 前查看答复`, account_id: '' }], 'service_requests', 'request', 201);
    });

    app.get('/requests.:format', hide, async (request, reply) => {
      const format = formatOf(request);
      const q = request.query as Record<string, string | undefined>;
      const where: SQL[] = [eq(appeals.isPublic, true)];
      if (q.service_request_id) where.push(inArray(appeals.trackingNo, q.service_request_id.split(',').map((s) => s.trim().toUpperCase()).slice(0, 100)));
      if (q.service_code) where.push(inArray(appeals.categoryCode, q.service_code.split(',').map((s) => s.trim())));
      const start = parseDate(q.start_date, 'start_date');
      const end = parseDate(q.end_date, 'end_date');
      if (start) where.push(gte(appeals.createdAt, start));
      if (end) where.push(lte(appeals.createdAt, end));
      if (!q.service_request_id && !start && !end) where.push(gte(appeals.createdAt, new Date(Date.now() - 90 * 24 * 3600_000)));
      if (q.status) {
        const wanted = q.status.split(',').map((s) => s.trim());
        if (wanted.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open, closed or both');
        if (wanted.length === 1) where.push(wanted[0] === 'closed' ? eq(appeals.status, 'closed') : inArray(appeals.status, ['submitted', 'in_progress', 'replied', 'returned']));
      }
      const rows = await database.db.select().from(appeals).where(and(...where)).orderBy(desc(appeals.createdAt)).limit(1000);
      return send(reply, format, await requestDto(rows), 'service_requests', 'request');
    });

    app.get('/requests/:id.:format', hide, async (request, reply) => {
      const format = formatOf(request);
      const { id } = request.params as { id: string };
      const row = await service.byTrackingNo(id);
      if (!row || !row.isPublic) throw new Open311Error(404, `no service request ${id}`);
      return send(reply, format, await requestDto([row]), 'service_requests', 'request');
    });

    app.get('/tokens/:token.:format', hide, async (request, reply) => {
      const format = formatOf(request);
      const { token } = request.params as { token: string };
      const row = /^[0-9a-f-]{36}$/i.test(token) ? (await database.db.select().from(appeals).where(eq(appeals.id, token)).limit(1))[0] : undefined;
      if (!row) throw new Open311Error(404, `no request for token ${token}`);
      return send(reply, format, [{ service_request_id: row.trackingNo, token }], 'service_requests', 'request');
    });
  };
}

/** Registers an Open311 client and returns its id; the key itself is never stored. */
export async function registerOpen311Client(platform: Platform, name: string, apiKey: string) {
  const [row] = await platform.database.db.insert(open311Clients).values({ name, apiKeyHash: apiKeyHash(apiKey) }).returning({ id: open311Clients.id });
  return row!.id;
}
