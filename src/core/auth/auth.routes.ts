import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Platform } from '../platform.ts';
import { errors, Uuid } from '../http/schemas.ts';
import { appError } from '../http/errors.ts';
import type { IssuedSession } from './auth.service.ts';

const Methods = Type.Array(Type.Union([Type.Literal('totp'), Type.Literal('passkey'), Type.Literal('recovery')]));
const LoginStep = Type.Union([
  Type.Object({ next: Type.Literal('second_factor'), methods: Methods }),
  Type.Object({ next: Type.Literal('enrol') }),
  Type.Object({ next: Type.Literal('done'), me: Type.Any() }),
]);
const Me = Type.Object(
  {
    kind: Type.Union([Type.Literal('staff'), Type.Literal('citizen')]),
    id: Type.String(),
    displayName: Type.String(),
    username: Type.Optional(Type.String()),
    roles: Type.Array(Type.String()),
    department: Type.Optional(Type.Object({ id: Type.String(), name: Type.String(), regionCode: Type.String(), regionName: Type.String() })),
    idNumberMasked: Type.Optional(Type.String()),
    phoneMasked: Type.Optional(Type.String()),
    birthDate: Type.Optional(Type.String()),
    sex: Type.Optional(Type.String()),
    regionCode: Type.Optional(Type.String()),
    regionName: Type.Optional(Type.String()),
    secondFactors: Type.Object({
      totp: Type.Boolean(),
      passkeys: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String() })),
      recoveryCodesLeft: Type.Integer(),
    }),
  },
  { $id: 'Me' },
);
const WithMe = Type.Object({ me: Me, recoveryCodes: Type.Optional(Type.Array(Type.String())) });
// WebAuthn JSON shapes are defined by the W3C spec and checked by @simplewebauthn/server.
const WebAuthnJson = Type.Object({}, { additionalProperties: true });
const Code = Type.String({ minLength: 1, maxLength: 20 });
const Password = Type.String({ minLength: 1, maxLength: 256 });

export function authRoutes(platform: Platform) {
  const { auth, sessions } = platform;
  /** Rate limit on the endpoints that check secrets, per client address. */
  const loginLimit = { rateLimit: { max: platform.config.loginRateLimitPerMinute, timeWindow: '1 minute' } };
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['auth'];

    async function respondActive(reply: FastifyReply, issued: IssuedSession, extra: { recoveryCodes?: string[] | undefined } = {}) {
      sessions.setCookies(reply, issued);
      const resolved = await auth.resolveSession(issued.token);
      if (!resolved) throw appError('session_invalid');
      return { me: await auth.me(resolved), ...extra };
    }

    app.post(
      '/api/auth/staff/login',
      {
        config: loginLimit,
        schema: {
          tags,
          summary: 'Staff login, step 1: password. Never logs in by itself.',
          body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Password }, { additionalProperties: false }),
          response: { 200: LoginStep, ...errors(400, 401, 403, 423, 429) },
        },
      },
      async (request, reply) => {
        const result = await auth.staffLogin(request.body.username, request.body.password, sessions.meta(request));
        sessions.setCookies(reply, result.issued);
        return result.next === 'second_factor' ? { next: result.next, methods: result.methods } : { next: 'enrol' as const };
      },
    );

    app.post(
      '/api/auth/citizen/login',
      {
        config: loginLimit,
        schema: {
          tags,
          summary: 'Citizen login by resident ID number and password',
          body: Type.Object({ idNumber: Type.String({ minLength: 1, maxLength: 32 }), password: Password }, { additionalProperties: false }),
          response: { 200: LoginStep, ...errors(400, 401, 422, 423, 429) },
        },
      },
      async (request, reply) => {
        const result = await auth.citizenLogin(request.body.idNumber, request.body.password, sessions.meta(request));
        if (result.next === 'done') return { next: 'done' as const, ...(await respondActive(reply, result.issued)) };
        sessions.setCookies(reply, result.issued);
        return result.next === 'second_factor' ? { next: result.next, methods: result.methods } : { next: 'enrol' as const };
      },
    );

    app.post(
      '/api/auth/citizen/signup',
      {
        config: loginLimit,
        schema: {
          tags,
          summary: 'Citizen sign-up with a GB 11643 resident ID number',
          body: Type.Object(
            {
              idNumber: Type.String({ minLength: 1, maxLength: 32 }),
              name: Type.String({ minLength: 1, maxLength: 50 }),
              password: Password,
              phone: Type.Optional(Type.String({ pattern: '^1\\d{10}$' })),
              regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
            },
            { additionalProperties: false },
          ),
          response: { 201: WithMe, ...errors(400, 409, 422, 429) },
        },
      },
      async (request, reply) => {
        const issued = await auth.citizenSignup(request.body, sessions.meta(request));
        return reply.status(201).send(await respondActive(reply, issued));
      },
    );

    app.post(
      '/api/auth/second-factor/totp',
      {
        config: loginLimit,
        schema: {
          tags,
          summary: 'Login step 2: a one-time code from the authenticator app',
          body: Type.Object({ code: Code }, { additionalProperties: false }),
          response: { 200: WithMe, ...errors(400, 401, 403, 409, 423, 429) },
        },
      },
      async (request, reply) => {
        const resolved = await sessions.anySession(request);
        return respondActive(reply, await auth.loginWithTotp(resolved.session, request.body.code, sessions.meta(request)));
      },
    );

    app.post(
      '/api/auth/second-factor/recovery',
      {
        config: loginLimit,
        schema: {
          tags,
          summary: 'Login step 2: a one-time recovery code',
          body: Type.Object({ code: Code }, { additionalProperties: false }),
          response: { 200: WithMe, ...errors(400, 401, 403, 423, 429) },
        },
      },
      async (request, reply) => {
        const resolved = await sessions.anySession(request);
        return respondActive(reply, await auth.loginWithRecoveryCode(resolved.session, request.body.code, sessions.meta(request)));
      },
    );

    app.post(
      '/api/auth/second-factor/passkey/options',
      { config: loginLimit, schema: { tags, summary: 'Login step 2: WebAuthn request options', response: { 200: WebAuthnJson, ...errors(401, 403) } } },
      async (request) => auth.passkeyLoginOptions((await sessions.anySession(request)).session),
    );

    app.post(
      '/api/auth/second-factor/passkey/verify',
      {
        config: loginLimit,
        schema: {
          tags,
          summary: 'Login step 2: WebAuthn assertion',
          body: Type.Object({ response: WebAuthnJson }, { additionalProperties: false }),
          response: { 200: WithMe, ...errors(400, 401, 403, 409, 423) },
        },
      },
      async (request, reply) => {
        const resolved = await sessions.anySession(request);
        const issued = await auth.loginWithPasskey(resolved.session, request.body.response as unknown as AuthenticationResponseJSON, sessions.meta(request));
        return respondActive(reply, issued);
      },
    );

    app.post(
      '/api/auth/enrol/totp/start',
      {
        schema: {
          tags,
          summary: 'Start setting up an authenticator app (TOTP)',
          response: { 200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }), ...errors(401, 403) },
        },
      },
      async (request) => auth.startTotpEnrolment(await sessions.anySession(request)),
    );

    app.post(
      '/api/auth/enrol/totp/confirm',
      {
        config: loginLimit,
        schema: {
          tags,
          summary: 'Confirm the authenticator app with one code; first factor returns recovery codes',
          body: Type.Object({ code: Code }, { additionalProperties: false }),
          response: { 200: WithMe, ...errors(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const resolved = await sessions.anySession(request);
        const result = await auth.confirmTotpEnrolment(resolved, request.body.code, sessions.meta(request));
        if (result.issued) return respondActive(reply, result.issued, { recoveryCodes: result.recoveryCodes });
        return { me: await auth.me(resolved), recoveryCodes: result.recoveryCodes };
      },
    );

    app.post(
      '/api/auth/enrol/passkey/options',
      { schema: { tags, summary: 'WebAuthn registration options for a new passkey', response: { 200: WebAuthnJson, ...errors(401, 403) } } },
      async (request) => auth.passkeyEnrolmentOptions(await sessions.anySession(request)),
    );

    app.post(
      '/api/auth/enrol/passkey/verify',
      {
        schema: {
          tags,
          summary: 'Register a passkey (WebAuthn attestation)',
          body: Type.Object({ response: WebAuthnJson, name: Type.Optional(Type.String({ maxLength: 60 })) }, { additionalProperties: false }),
          response: { 200: WithMe, ...errors(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const resolved = await sessions.anySession(request);
        const result = await auth.confirmPasskeyEnrolment(
          resolved,
          request.body.response as unknown as RegistrationResponseJSON,
          request.body.name,
          sessions.meta(request),
        );
        if (result.issued) return respondActive(reply, result.issued, { recoveryCodes: result.recoveryCodes });
        return { me: await auth.me(resolved), recoveryCodes: result.recoveryCodes };
      },
    );

    app.post(
      '/api/auth/recovery-codes',
      {
        schema: {
          tags,
          summary: 'Replace the recovery codes; the new ones are shown once',
          response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), ...errors(401, 403) },
        },
      },
      async (request) => ({ recoveryCodes: await auth.regenerateRecoveryCodes(await sessions.activeSession(request), sessions.meta(request)) }),
    );

    app.get(
      '/api/auth/me',
      { schema: { tags, summary: 'The logged-in account', response: { 200: Me, ...errors(401) } } },
      async (request) => auth.me(await sessions.activeSession(request)),
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags, summary: 'End this session', response: { 204: Type.Null(), ...errors(401, 403) } } },
      async (request, reply) => {
        const resolved = await sessions.anySession(request);
        await auth.logout(resolved.session);
        sessions.clearCookies(reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/auth/sessions',
      {
        schema: {
          tags,
          summary: 'My active sessions',
          response: {
            200: Type.Array(
              Type.Object({
                id: Type.String(),
                createdAt: Type.String(),
                lastSeenAt: Type.String(),
                ip: Type.Union([Type.String(), Type.Null()]),
                userAgent: Type.Union([Type.String(), Type.Null()]),
                current: Type.Boolean(),
              }),
            ),
            ...errors(401),
          },
        },
      },
      async (request) => {
        const { session } = await sessions.activeSession(request);
        const list = await auth.listSessions(session.principalKind, session.principalId);
        return list.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), current: s.id === session.id }));
      },
    );

    app.delete(
      '/api/auth/sessions/:id',
      {
        schema: {
          tags,
          summary: 'Revoke one of my sessions',
          params: Type.Object({ id: Uuid }),
          response: { 204: Type.Null(), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const resolved = await sessions.activeSession(request);
        const n = await auth.revokeSessions(
          { actor: resolved.actor, requestId: request.id },
          resolved.session.principalKind,
          resolved.session.principalId,
          request.params.id,
        );
        if (n === 0) throw appError('not_found');
        if (request.params.id === resolved.session.id) sessions.clearCookies(reply);
        return reply.status(204).send(null);
      },
    );
  };
}
