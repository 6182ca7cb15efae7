import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import helmet, { type HelmetOptions } from 'helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import scalar from '@scalar/fastify-api-reference';
import { Ajv } from 'ajv';
import formats from 'ajv-formats';
import type { Platform } from '../platform.ts';
import { coreErrors } from './errors.ts';
import { installErrorHandling, sendProblem } from './problem.ts';
import { installIdempotency } from './idempotency.ts';

export type App = FastifyInstance;

function validatorFor(options: { coerceTypes: boolean | 'array' }) {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: false, strict: false, ...options });
  // ajv-formats is CommonJS: its default export arrives wrapped under ESM.
  (formats as unknown as { default: (a: Ajv) => void }).default(ajv);
  return ajv;
}

/**
 * Helmet's security headers. They are the same on every answer, so helmet works them out once
 * and each request only copies them.
 */
function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

export interface AppOptions {
  /** Built web app to serve; skipped when the folder does not exist. */
  webDist?: string | undefined;
  /** Route plugins of core and modules, registered under the app. */
  routes: ((app: App) => Promise<void>)[];
}

/** The HTTP plumbing every route shares: errors, limits, headers, cookies, OpenAPI, static web. */
export async function buildApp(platform: Platform, options: AppOptions): Promise<App> {
  const { config } = platform;
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are validated as sent: no type coercion, and unknown fields are an error rather
  // than something dropped silently. Query strings and path parameters arrive as text, so
  // they are coerced to the declared types.
  const strict = validatorFor({ coerceTypes: false });
  const coercing = validatorFor({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));

  // The API speaks JSON; plain text is refused with 415 rather than half-understood.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(cookie);
  installIdempotency(app, platform.database);
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies,
  });
  app.addHook('onRequest', async (_request, reply) => {
    void reply.headers(headers);
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // The limit is per client address, and a whole office may share one: the web app's own
    // files (a page load fetches dozens) are not counted, only the API and Open311.
    allowList: (request) => request.method === 'GET' && !/^\/(api|open311)(\/|$)/.test(request.url),
    errorResponseBuilder: (_request, context) => {
      const error = new Error('rate limited') as Error & { statusCode: number };
      error.statusCode = context.statusCode;
      return error;
    },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'minsheng (民生) API',
        version: '0.1.0',
        description:
          'Internet + social security platform. Errors are RFC 9457 problem+json with a stable `code`. ' +
          'Cookie-authenticated writes need the `X-CSRF-Token` header (value of the `ms_csrf` cookie).',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ms_session' } },
      },
    },
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(async (docs) => {
    // The reference page runs its own bundled script and styles; relax CSP for it alone.
    docs.addHook('onSend', async (_request, reply) => {
      reply.removeHeader('content-security-policy');
    });
    await docs.register(scalar, {
      routePrefix: '/api/docs',
      configuration: { url: '/api/openapi.json', title: 'minsheng API' },
    });
  });

  for (const routes of options.routes) await app.register(routes);

  const webDist = options.webDist;
  const hasWeb = webDist !== undefined && existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: 'index.html',
      maxAge: '1h',
      // Hashed assets may be cached; the page that names them must be fetched fresh.
      setHeaders: (reply, file) => {
        if (file.endsWith('index.html')) void reply.header('cache-control', 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    if (url.startsWith('/api/') || url.startsWith('/open311/') || url.startsWith('/assets/') || request.method !== 'GET' || !hasWeb) {
      return sendProblem(reply, request, 'route_not_found', coreErrors.route_not_found, { detail: `${request.method} ${url.split('?')[0]}` });
    }
    // The single-page app handles its own routes (including its 404 page).
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });

  return app;
}
