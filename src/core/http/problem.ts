import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, coreErrors, type ErrorSpec, type FieldProblem } from './errors.ts';

/** RFC 9457 problem details, with minsheng's stable code and bilingual message. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  message: { zh: string; en: string };
  instance: string;
  requestId: string;
  errors?: FieldProblem[];
  retryAfterSeconds?: number;
}

/**
 * Sends a problem. `members` are RFC 9457 extension members a client needs to act on the
 * problem, such as a refused batch's result per record.
 */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, code: string, spec: ErrorSpec, extra: AppError['extra'] = {}, members: Record<string, unknown> = {}) {
  const body: Problem & Record<string, unknown> = {
    ...members,
    type: `urn:minsheng:problem:${code}`,
    title: spec.en,
    status: spec.status,
    code,
    detail: extra.detail ?? spec.en,
    message: { zh: spec.zh, en: spec.en },
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
  };
  if (extra.retryAfterSeconds !== undefined) void reply.header('retry-after', String(extra.retryAfterSeconds));
  return reply.status(spec.status).type('application/problem+json').send(body);
}

function validationProblems(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((v) => {
    const base = v.instancePath || (error.validationContext ? `/${error.validationContext}` : '/');
    const extraField = (v.params as { additionalProperty?: string }).additionalProperty;
    return {
      path: extraField ? `${base === '/' ? '' : base}/${extraField}` : base,
      message: extraField ? `unknown field "${extraField}"` : (v.message ?? 'invalid'),
    };
  });
}

/**
 * Maps every error to problem+json. Known client errors keep their status; anything else is
 * a 500 whose body says nothing about internals (the log has the stack and the request id).
 */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.spec.status >= 500) request.log.error({ err: error }, 'server error');
      return sendProblem(reply, request, error.code, error.spec, error.extra);
    }
    if (error.validation) {
      const errors = validationProblems(error);
      return sendProblem(reply, request, 'validation_failed', coreErrors.validation_failed, {
        detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
        errors,
      });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, request, 'invalid_json', coreErrors.invalid_json, { detail: error.message });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, request, 'payload_too_large', coreErrors.payload_too_large);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, request, 'unsupported_media_type', coreErrors.unsupported_media_type, { detail: error.message });
      default:
        break;
    }
    if (error.statusCode === 429) {
      const retry = Number(reply.getHeader('retry-after')) || undefined;
      return sendProblem(reply, request, 'rate_limited', coreErrors.rate_limited, retry ? { retryAfterSeconds: retry } : {});
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // A client error raised by a plugin: keep its status under the nearest stable code.
      const code = error.statusCode === 401 ? 'unauthenticated' : error.statusCode === 403 ? 'forbidden' : error.statusCode === 404 ? 'not_found' : 'bad_request';
      return sendProblem(reply, request, code, { ...coreErrors[code], status: error.statusCode }, { detail: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, 'internal', coreErrors.internal);
  });
}
