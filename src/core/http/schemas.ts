import { Type, type TSchema } from 'typebox';

/** Response schema of every problem+json error; listed per route so OpenAPI shows it. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    message: Type.Object({ zh: Type.String(), en: Type.String() }),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
    retryAfterSeconds: Type.Optional(Type.Integer()),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** Standard error responses for the statuses a route can answer with. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}

export const Paging = {
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
};

export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
}

export const Uuid = Type.String({ format: 'uuid' });
/** The schema, or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** One of these strings (an enum as a union of literals, which OpenAPI shows value by value). */
export const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
export const NoContent = Type.Null({ description: 'No content' });
