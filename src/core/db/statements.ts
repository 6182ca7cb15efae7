import { getTableColumns, is, SQL } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';

/*
 * Helpers for the few hot paths written as one hand-made SQL statement (several inserts chained
 * by CTEs: one round trip, atomic without BEGIN/COMMIT). Column names and types come from the
 * Drizzle table definitions, so the SQL follows the schema as it changes.
 */

type Insert<T extends PgTable> = T['$inferInsert'];
type Key<T extends PgTable> = keyof Insert<T> & string;

function columnOf(table: PgTable, key: string) {
  const column = getTableColumns(table)[key];
  if (!column) throw new Error(`no column ${key} in ${getTableConfig(table).name}`);
  return column;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function qualifiedName(table: PgTable): string {
  const { name, schema } = getTableConfig(table);
  return schema ? `${quoted(schema)}.${quoted(name)}` : quoted(name);
}

/**
 * `INSERT INTO table (…) SELECT … FROM jsonb_to_recordset(param)`: inserts the rows given as one
 * jsonb array parameter (see {@link jsonRows}) for `keys`, plus columns whose value is an SQL
 * expression (`computed`, e.g. a value from an earlier CTE). Columns not named take their defaults.
 */
export function insertFromJson<T extends PgTable>(table: T, keys: readonly Key<T>[], param: string, computed: Partial<Record<Key<T>, string>> = {}): string {
  const fromJson = keys.map((k) => columnOf(table, k));
  const expressions = Object.entries(computed as Record<string, string>);
  const columns = [...fromJson.map((c) => quoted(c.name)), ...expressions.map(([k]) => quoted(columnOf(table, k).name))];
  const values = [...fromJson.map((c) => `r.${quoted(c.name)}`), ...expressions.map(([, sql]) => sql)];
  const recordType = fromJson.map((c) => `${quoted(c.name)} ${c.getSQLType()}`).join(', ');
  return `insert into ${qualifiedName(table)} (${columns.join(', ')}) select ${values.join(', ')} from jsonb_to_recordset(${param}::jsonb) as r(${recordType})`;
}

/** Makes the jsonb parameter for {@link insertFromJson}: rows keyed by column name. */
export function jsonRowsOf<T extends PgTable>(table: T, keys: readonly Key<T>[]): (rows: Partial<Insert<T>>[]) => string {
  const columns = keys.map((key) => {
    const column = columnOf(table, key);
    // json columns stay objects inside the jsonb parameter rather than strings of JSON.
    const json = column.getSQLType() === 'jsonb' || column.getSQLType() === 'json';
    return { key, name: column.name, toDriver: json ? (value: unknown) => value : (value: unknown) => column.mapToDriverValue(value) };
  });
  return (rows) =>
    JSON.stringify(
      rows.map((row) => {
        const out: Record<string, unknown> = {};
        for (const c of columns) {
          const value = (row as Record<string, unknown>)[c.key];
          out[c.name] = value === undefined || value === null ? null : c.toDriver(value);
        }
        return out;
      }),
    );
}

/**
 * The row an INSERT of `values` leaves, as Drizzle's select would read it: the values given, and
 * each other column's own default or null. Lets a hot path skip reading back what it just sent;
 * a column whose default the database computes (now(), a sequence) must therefore be given.
 */
export function insertedRowOf<T extends PgTable>(table: T): (values: Partial<Insert<T>>) => T['$inferSelect'] {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const computed = column.hasDefault && (column.default === undefined || is(column.default, SQL) || column.defaultFn !== undefined);
    return { key, computed, fallback: column.hasDefault && !computed ? column.default : null };
  });
  return (values) => {
    const out: Record<string, unknown> = {};
    for (const { key, computed, fallback } of columns) {
      const value = (values as Record<string, unknown>)[key];
      if (value !== undefined) out[key] = value;
      else if (computed) throw new Error(`insertedRowOf: ${key} is computed by the database; give its value`);
      else out[key] = fallback;
    }
    return out as T['$inferSelect'];
  };
}
