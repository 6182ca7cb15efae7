import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../platform.ts';
import { errors, pageOf, Paging, Uuid } from '../http/schemas.ts';
import { roles } from '../access/roles.ts';
import type { StaffAdmin } from './staff.service.ts';
import { unmaskPurposes, type CitizenAccounts } from './citizen-accounts.service.ts';

const StaffItem = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  departmentId: Type.String(),
  departmentName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  locked: Type.Boolean(),
  secondFactorEnrolled: Type.Boolean(),
  disabled: Type.Boolean(),
});

const CitizenItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  idNumberMasked: Type.String(),
  sex: Type.String(),
  birthDate: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
});

const Search = Type.Optional(Type.String({ maxLength: 50 }));

/** Staff administration and the staff view of citizen accounts. */
export function adminRoutes(platform: Platform, services: { staffAdmin: StaffAdmin; citizenAccounts: CitizenAccounts }) {
  const { sessions } = platform;
  const { staffAdmin, citizenAccounts } = services;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/departments',
      {
        schema: {
          tags: ['staff'],
          summary: 'Departments in my region',
          response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), regionCode: Type.String(), regionName: Type.String() })), ...errors(401, 403) },
        },
      },
      async (request) => staffAdmin.listDepartments(await sessions.staffContext(request)),
    );

    app.get(
      '/api/staff',
      {
        schema: {
          tags: ['staff'],
          summary: 'Staff accounts in my region',
          querystring: Type.Object({ q: Search, ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(StaffItem), ...errors(400, 401, 403) },
        },
      },
      async (request) => staffAdmin.list(await sessions.staffContext(request), request.query),
    );

    app.post(
      '/api/staff',
      {
        schema: {
          tags: ['staff'],
          summary: 'Create a staff account (system administrator). The person enrols a second factor at first login.',
          body: Type.Object(
            {
              username: Type.String({ pattern: '^[a-zA-Z0-9._-]{3,64}$' }),
              displayName: Type.String({ minLength: 1, maxLength: 50 }),
              departmentId: Uuid,
              roles: Type.Array(Type.Union(roles.map((r) => Type.Literal(r))), { minItems: 1, maxItems: 7 }),
              password: Type.String({ minLength: 1, maxLength: 256 }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ id: Type.String() }), ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => reply.status(201).send(await staffAdmin.create(await sessions.staffContext(request), request.body)),
    );

    app.post(
      '/api/staff/:id/unlock',
      { schema: { tags: ['staff'], summary: 'Lift a lockout (security administrator)', params: Type.Object({ id: Uuid }), response: { 204: Type.Null(), ...errors(400, 401, 403, 404) } } },
      async (request, reply) => {
        await staffAdmin.unlock(await sessions.staffContext(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/staff/:id/revoke-sessions',
      {
        schema: {
          tags: ['staff'],
          summary: 'End every session of a staff member (security administrator)',
          params: Type.Object({ id: Uuid }),
          response: { 200: Type.Object({ revoked: Type.Integer() }), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => ({ revoked: await staffAdmin.revokeSessions(await sessions.staffContext(request), request.params.id) }),
    );

    app.get(
      '/api/citizens',
      {
        schema: {
          tags: ['citizens'],
          summary: 'Citizen accounts in my region (identifiers masked)',
          querystring: Type.Object({ q: Search, regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })), ...Paging }, { additionalProperties: false }),
          response: { 200: pageOf(CitizenItem), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => citizenAccounts.list(await sessions.staffContext(request), request.query),
    );

    app.get(
      '/api/citizens/:id',
      { schema: { tags: ['citizens'], summary: 'One citizen account (masked)', params: Type.Object({ id: Uuid }), response: { 200: CitizenItem, ...errors(400, 401, 403, 404) } } },
      async (request) => citizenAccounts.get(await sessions.staffContext(request), request.params.id),
    );

    app.post(
      '/api/citizens/:id/unmask',
      {
        schema: {
          tags: ['citizens'],
          summary: 'See the full ID number and phone for a stated purpose; audited and shown to the citizen',
          params: Type.Object({ id: Uuid }),
          body: Type.Object(
            { purpose: Type.Union(unmaskPurposes.map((p) => Type.Literal(p))), note: Type.Optional(Type.String({ maxLength: 200 })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ idNumber: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) }), ...errors(400, 401, 403, 404, 422) },
        },
      },
      async (request) => citizenAccounts.unmask(await sessions.staffContext(request), request.params.id, request.body.purpose, request.body.note),
    );
  };
}
