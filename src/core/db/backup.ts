import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable, type Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as coreSchema from './schema.ts';
import { migrationsFolder, type Database } from './client.ts';

/**
 * Logical backups that work the same on PGlite and on a PostgreSQL server: gzip'd JSON Lines,
 * one header line, then one line per row. Rows leave through row_to_json and come back
 * through json_populate_recordset, so PostgreSQL itself does every type conversion.
 */
const FORMAT = 'minsheng-backup';
const VERSION = 1;
const BATCH = 1000;

/** What both drivers' execute() return. */
interface Rows<T> {
  rows: T[];
}

interface Header {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  migrations: number;
  tables: string[];
}

/** A module namespace of Drizzle tables (the product's schema.ts). */
export type SchemaModule = Record<string, unknown>;

const qualified = (table: PgTable) => {
  const config = getTableConfig(table);
  return `"${config.schema ?? 'public'}"."${config.name}"`;
};

/**
 * Tables in dependency order: every table after the tables its foreign keys point to, so a
 * restore can insert them in turn (a module namespace lists its exports alphabetically, which
 * says nothing about dependencies). Ties keep alphabetical order, so backups are stable. Tables
 * the module names in its `derivedTables` export are left out: triggers keep them from other
 * tables, and fill them again as a restore inserts those.
 */
export function backupTables(schema: SchemaModule = coreSchema): string[] {
  const derived = new Set(Array.isArray(schema.derivedTables) ? (schema.derivedTables as unknown[]) : []);
  const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => value instanceof PgTable && !derived.has(value));
  const ordered: PgTable[] = [];
  const placed = new Set<PgTable>();
  const place = (table: PgTable, path: Set<PgTable>) => {
    if (placed.has(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle through ${qualified(table)}`);
    path.add(table);
    for (const fk of getTableConfig(table).foreignKeys) {
      const target = fk.reference().foreignTable;
      if (target !== table && tables.includes(target)) place(target, path);
    }
    path.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of tables) place(table, new Set());
  return ordered.map(qualified);
}

function ourSchemas(schema: SchemaModule): string[] {
  return [...new Set(backupTables(schema).map((t) => t.split('.')[0]!.replaceAll('"', '')))];
}

async function* backupLines(database: Database, schema: SchemaModule): AsyncGenerator<string> {
  const tables = backupTables(schema);
  const header: Header = {
    format: FORMAT,
    version: VERSION,
    createdAt: new Date().toISOString(),
    migrations: readMigrationFiles({ migrationsFolder }).length,
    tables,
  };
  yield JSON.stringify(header) + '\n';
  // One repeatable-read transaction: every table is read at the same instant.
  const lines: string[] = [];
  await database.db.transaction(
    async (tx) => {
      for (const table of tables) {
        // Table names come from our own schema definitions, never from input.
        const result = (await tx.execute(sql.raw(`select row_to_json(t)::text as j from ${table} t`))) as unknown as Rows<{ j: string }>;
        for (const row of result.rows) lines.push(JSON.stringify({ t: table, r: JSON.parse(row.j) }) + '\n');
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  yield* lines;
}

/** Writes a consistent snapshot to `out` (gzip'd). Returns the number of rows. */
export async function writeBackup(database: Database, out: Writable, schema: SchemaModule = coreSchema): Promise<number> {
  let rows = -1;
  const source = Readable.from(
    (async function* () {
      for await (const line of backupLines(database, schema)) {
        rows++;
        yield line;
      }
    })(),
  );
  await pipeline(source, createGzip(), out);
  return rows;
}

export async function backupToFile(database: Database, file: string, schema: SchemaModule = coreSchema): Promise<number> {
  return writeBackup(database, createWriteStream(file, { mode: 0o600 }), schema);
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** Counts rows outside the division tree (which every start loads by itself). */
async function userRows(database: Database, schema: SchemaModule): Promise<number> {
  let total = 0;
  for (const table of backupTables(schema)) {
    if (table === '"regions"."regions"') continue;
    const exists = await database.rows<{ ok: boolean }>(`select to_regclass($1) is not null as ok`, [table]);
    if (!exists[0]?.ok) continue;
    const [row] = await database.rows<{ n: number }>(`select count(*)::int as n from ${table}`);
    total += row?.n ?? 0;
  }
  return total;
}

/**
 * Restores a backup into an empty database. With `force`, every minsheng schema is dropped
 * first (the audit log's append-only triggers stop anything less).
 */
export async function restoreFromFile(
  database: Database,
  file: string,
  options: { force?: boolean; schema?: SchemaModule } = {},
): Promise<number> {
  const schema = options.schema ?? coreSchema;
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  let header: Header;
  try {
    const first = await iterator.next();
    header = JSON.parse(first.value ?? '') as Header;
  } catch {
    throw new RestoreError(`${file} is not a minsheng backup (gzip'd JSON Lines expected)`);
  }
  if (header.format !== FORMAT || header.version !== VERSION) throw new RestoreError(`${file} is not a minsheng backup of version ${VERSION}`);
  const known = readMigrationFiles({ migrationsFolder }).length;
  if (header.migrations > known) {
    throw new RestoreError(`the backup was made by a newer minsheng (${header.migrations} migrations; this one knows ${known}): upgrade first`);
  }
  if (options.force) {
    for (const name of [...ourSchemas(schema), 'drizzle']) await database.rows(`drop schema if exists "${name}" cascade`);
  }
  await database.migrate();
  const existing = await userRows(database, schema);
  if (existing > 0) {
    throw new RestoreError(`the target database is not empty (${existing} rows); restore refuses to overwrite it without --force`);
  }
  let restored = 0;
  await database.transaction(async (tx) => {
    await tx.execute(sql.raw('delete from "regions"."regions"'));
    let table = '';
    let batch: unknown[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const t = sql.raw(table);
      await tx.execute(sql`insert into ${t} select * from json_populate_recordset(null::${t}, ${JSON.stringify(batch)}::json)`);
      restored += batch.length;
      batch = [];
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (!next.value) continue;
      const line = JSON.parse(next.value) as { t: string; r: unknown };
      if (!header.tables.includes(line.t) || !backupTables(schema).includes(line.t)) throw new RestoreError(`unknown table ${line.t} in backup`);
      if (line.t !== table || batch.length >= BATCH) {
        await flush();
        table = line.t;
      }
      batch.push(line.r);
    }
    await flush();
    // Serial columns continue after the restored ids.
    const serials = (await tx.execute(
      sql`select table_schema, table_name, column_name from information_schema.columns
          where column_default like 'nextval(%' and table_schema in (${sql.join(ourSchemas(schema).map((name) => sql`${name}`), sql`, `)})`,
    )) as unknown as Rows<{ table_schema: string; table_name: string; column_name: string }>;
    for (const c of serials.rows) {
      const qualified = `"${c.table_schema}"."${c.table_name}"`;
      await tx.execute(
        sql.raw(`select setval(pg_get_serial_sequence('${qualified}', '${c.column_name}'), coalesce((select max("${c.column_name}") from ${qualified}), 0) + 1, false)`),
      );
    }
  });
  return restored;
}
