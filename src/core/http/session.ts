import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Auth, IssuedSession, ResolvedSession } from '../auth/auth.service.ts';
import type { RequestContext } from '../access/guard.ts';
import { safeEqual } from '../crypto/field-crypto.ts';
import { appError } from './errors.ts';

export const SESSION_COOKIE = 'ms_session';
export const CSRF_COOKIE = 'ms_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type Sessions = ReturnType<typeof createSessionHelpers>;

/**
 * Reading and writing the session cookie, and the CSRF check for cookie-authenticated
 * writes (double submit: the ms_csrf cookie, readable by our own page only, must come back
 * in the X-CSRF-Token header and match the session's token).
 */
export function createSessionHelpers(deps: { auth: Auth; config: Config }) {
  const { auth, config } = deps;
  const cookieBase = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };

  function setCookies(reply: FastifyReply, issued: IssuedSession) {
    void reply.setCookie(SESSION_COOKIE, issued.token, { ...cookieBase, httpOnly: true });
    void reply.setCookie(CSRF_COOKIE, issued.csrfToken, { ...cookieBase, httpOnly: false });
  }

  function clearCookies(reply: FastifyReply) {
    void reply.clearCookie(SESSION_COOKIE, cookieBase);
    void reply.clearCookie(CSRF_COOKIE, cookieBase);
  }

  function checkCsrf(request: FastifyRequest, resolved: ResolvedSession) {
    if (SAFE_METHODS.has(request.method)) return;
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !safeEqual(header, resolved.session.csrfToken)) throw appError('csrf_failed');
  }

  /** Any valid session, including one that has passed only the password. */
  async function anySession(request: FastifyRequest): Promise<ResolvedSession> {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw appError('unauthenticated');
    const resolved = await auth.resolveSession(token);
    if (!resolved) throw appError('session_invalid');
    checkCsrf(request, resolved);
    return resolved;
  }

  /** A fully logged-in session (password and, for staff, second factor). */
  async function activeSession(request: FastifyRequest): Promise<ResolvedSession> {
    const resolved = await anySession(request);
    if (resolved.session.stage !== 'active') throw appError('second_factor_pending');
    return resolved;
  }

  /** The request context for a logged-in staff member, to hand to the guard and services. */
  async function staffContext(request: FastifyRequest): Promise<RequestContext> {
    const resolved = await activeSession(request);
    if (resolved.actor.kind !== 'staff') throw appError('forbidden');
    return { actor: resolved.actor, requestId: request.id, channel: 'staff_screen' };
  }

  async function citizenContext(request: FastifyRequest): Promise<RequestContext> {
    const resolved = await activeSession(request);
    if (resolved.actor.kind !== 'citizen') throw appError('forbidden');
    return { actor: resolved.actor, requestId: request.id, channel: 'citizen_portal' };
  }

  function meta(request: FastifyRequest) {
    return { ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id };
  }

  return { setCookies, clearCookies, anySession, activeSession, staffContext, citizenContext, meta };
}
