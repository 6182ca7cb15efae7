import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '@core/platform.ts';
import type { Actor } from '@core/access/guard.ts';
import { errors } from '@core/http/schemas.ts';
import { fundKinds } from './funds.tables.ts';

/** The appeals module's intake, as the funds use it: a question becomes an appeal. */
export type FileQuestion = (
  input: { kind: 'consultation'; categoryCode: string; title: string; body: string; regionCode: string; isPublic: boolean; anonymous: boolean },
  filer: { channel: 'portal'; actor: Actor; requestId: string },
) => Promise<{ id: string; trackingNo: string; status: string }>;

const fundNames: Record<(typeof fundKinds)[number], string> = {
  employee_pension: '职工基本养老保险基金',
  resident_pension: '城乡居民基本养老保险基金',
  employee_medical: '职工基本医疗保险基金',
  resident_medical: '城乡居民基本医疗保险基金',
  unemployment: '失业保险基金',
  work_injury: '工伤保险基金',
  maternity: '生育保险基金',
};

/**
 * Questions about money (对公开数据或本人账单的疑问): from a published figure or from one's own
 * contribution statement, a citizen asks, and the question is filed as an appeal of the
 * `fund_disclosure` category, which the routing rules send to the city's fund department; it
 * is then tracked, answered on time and rated like any appeal.
 */
export function questionsRoutes(platform: Platform, fileQuestion: FileQuestion) {
  const { sessions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/my/fund-questions',
      {
        config: { idempotent: true },
        schema: {
          tags: ['funds'],
          summary: 'Ask about a published fund figure or my own contribution record; filed as an appeal to the fund department',
          body: Type.Object(
            {
              about: Type.Union([Type.Literal('disclosure'), Type.Literal('statement')]),
              period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }),
              fund: Type.Optional(Type.Union(fundKinds.map((f) => Type.Literal(f)))),
              /** The figure as the citizen saw it, e.g. "基金支出 1,234,567.89 元 (640104)". */
              figure: Type.String({ minLength: 1, maxLength: 200 }),
              question: Type.String({ minLength: 5, maxLength: 2000 }),
              isPublic: Type.Optional(Type.Boolean({ default: false })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ appealId: Type.String(), trackingNo: Type.String(), status: Type.String() }), ...errors(400, 401, 403, 422) },
        },
      },
      async (request, reply) => {
        const ctx = await sessions.citizenContext(request);
        const b = request.body;
        const what = b.fund ? fundNames[b.fund] : '社会保险基金';
        const title = b.about === 'disclosure' ? `对 ${b.period} ${what}公开数据的疑问` : `对本人 ${b.period} 缴费记录的疑问`;
        const appeal = await fileQuestion(
          {
            kind: 'consultation',
            categoryCode: 'fund_disclosure',
            title,
            body: `${b.about === 'disclosure' ? '公开数据' : '本人账单'}：${b.figure}\n\n${b.question.trim()}`,
            regionCode: ctx.actor.regionCode,
            isPublic: b.isPublic ?? false,
            anonymous: false,
          },
          { channel: 'portal', actor: ctx.actor, requestId: request.id },
        );
        return reply.status(201).send({ appealId: appeal.id, trackingNo: appeal.trackingNo, status: appeal.status });
      },
    );
  };
}
