import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../platform.ts';
import { errors } from '../http/schemas.ts';
import { appError } from '../http/errors.ts';

const RegionDto = Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer(), parentCode: Type.Union([Type.String(), Type.Null()]) });

/** The division tree is public data (GB/T 2260). */
export function regionRoutes(platform: Platform) {
  const { regions } = platform;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/api/regions',
      { schema: { tags: ['regions'], summary: 'Provinces', response: { 200: Type.Array(RegionDto) } } },
      async () => regions.children(null),
    );
    app.get(
      '/api/regions/:code',
      {
        schema: {
          tags: ['regions'],
          summary: 'A division and its children; accepts 640104 or 640100-style codes',
          params: Type.Object({ code: Type.String({ pattern: '^\\d{2,12}$' }) }),
          response: { 200: Type.Object({ region: RegionDto, fullName: Type.String(), children: Type.Array(RegionDto) }), ...errors(400, 404) },
        },
      },
      async (request) => {
        const region = regions.get(request.params.code);
        if (!region) throw appError('not_found', { detail: `no division with code ${request.params.code}` });
        return { region, fullName: regions.fullName(region.code), children: regions.children(region.code) };
      },
    );
  };
}
