import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/client.ts';
import { canonicalJson } from '../audit/audit.service.ts';
import { idempotencyKeys } from './idempotency.tables.ts';
import { coreErrors } from './errors.ts';
import { sendProblem } from './problem.ts';
import { SESSION_COOKIE } from './session.ts';

const HEADER = 'idempotency-key';
/** A first attempt that has not answered within this time is taken to have died. */
const PENDING_TIMEOUT_SECONDS = 60;
/** Remembered answers are kept this long (the IETF draft suggests at least 24 hours). */
export const IDEMPOTENCY_RETENTION_HOURS = 48;

interface Claim {
  scope: string;
  key: string;
}

const claims = new WeakMap<FastifyRequest, Claim>();

function scopeOf(request: FastifyRequest): string {
  // Keys are per sender: the session token, else an API key in the body, else the address.
  const session = request.cookies[SESSION_COOKIE];
  const apiKey = (request.body as { api_key?: unknown } | undefined)?.api_key;
  const who = session ? `s:${session}` : typeof apiKey === 'string' ? `k:${apiKey}` : `ip:${request.ip}`;
  return createHash('sha256').update(`${who}\n${request.method} ${request.routeOptions.url}`).digest('hex');
}

/**
 * Idempotency-Key (IETF httpapi draft) for POST routes that declare `config: { idempotent: true }`:
 * the first request runs and its answer is stored; a retry with the same key and body gets the
 * stored answer; the same key with another body is a 422; a retry while the first still runs
 * is a 409. 5xx answers are not stored, so the client may retry them.
 */
export function installIdempotency(app: FastifyInstance, database: Database) {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !(request.routeOptions.config as { idempotent?: boolean }).idempotent) return;
    const key = request.headers[HEADER];
    if (key === undefined) return;
    if (typeof key !== 'string' || key.length < 1 || key.length > 200) {
      return sendProblem(reply, request, 'bad_request', coreErrors.bad_request, { detail: 'Idempotency-Key must be 1 to 200 characters' });
    }
    const scope = scopeOf(request);
    const bodyHash = createHash('sha256').update(canonicalJson(request.body ?? null)).digest('hex');
    const inserted = await database.db
      .insert(idempotencyKeys)
      .values({ scope, key, bodyHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) {
      claims.set(request, { scope, key });
      return;
    }
    const [existing] = await database.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    if (!existing) return;
    if (existing.bodyHash !== bodyHash) {
      return sendProblem(reply, request, 'idempotency_key_reused', coreErrors.idempotency_key_reused);
    }
    if (existing.status === null) {
      const age = (Date.now() - existing.createdAt.getTime()) / 1000;
      if (age < PENDING_TIMEOUT_SECONDS) return sendProblem(reply, request, 'idempotency_in_progress', coreErrors.idempotency_in_progress);
      // The first attempt died without answering: this one takes over.
      claims.set(request, { scope, key });
      return;
    }
    return replay(reply, existing.status, existing.response);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    if (!claim) return payload;
    claims.delete(request);
    const where = and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key));
    if (reply.statusCode >= 500) {
      await database.db.delete(idempotencyKeys).where(where);
      return payload;
    }
    let body: unknown;
    try {
      body = typeof payload === 'string' ? JSON.parse(payload) : null;
    } catch {
      body = null;
    }
    await database.db
      .update(idempotencyKeys)
      .set({ status: reply.statusCode, response: { body, contentType: String(reply.getHeader('content-type') ?? '') } })
      .where(where);
    return payload;
  });
}

function replay(reply: FastifyReply, status: number, stored: unknown) {
  const { body, contentType } = (stored ?? {}) as { body: unknown; contentType: string };
  void reply.header('idempotent-replayed', 'true');
  return reply.status(status).type(contentType || 'application/json').send(JSON.stringify(body));
}

export async function purgeIdempotencyKeys(database: Database) {
  await database.db.delete(idempotencyKeys).where(sql`${idempotencyKeys.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_RETENTION_HOURS})`);
}
