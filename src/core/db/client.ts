import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** A database handle or an open transaction: both run queries the same way. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Runs `fn` in one transaction; everything it writes commits or nothing does. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Plain SQL rows, for the few places (backup, health) that work below the ORM. */
  rows<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /**
   * A fixed SQL statement for a hot path, prepared once per connection under `name`
   * (on PostgreSQL; PGlite has one connection and plans it each time).
   */
  statement<T = Record<string, unknown>>(name: string, text: string): (params: unknown[]) => Promise<T[]>;
  /** Applies the checked-in migrations that have not run yet. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface OpenOptions {
  /** postgres://… for a server; otherwise PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined means an in-memory database. */
  pgliteDir?: string | undefined;
}

/**
 * PGlite is one process's database. A lock file next to its data stops a second process
 * (a CLI command while the server runs) from opening the same directory and corrupting it.
 */
function takeDirLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, 'minsheng.lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    let alive = false;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) {
      throw new DatabaseBusyError(
        `the embedded database in ${dir} is in use by process ${pid} (a running minsheng server). ` +
          'Stop it first, or run this command through the server.',
      );
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => undefined);
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      transaction: (fn) => db.transaction(fn as (tx: unknown) => Promise<never>) as never,
      rows: async <T>(query: string, params: unknown[] = []) => (await pool.query(query, params)).rows as T[],
      statement:
        <T>(name: string, text: string) =>
        async (values: unknown[]) =>
          (await pool.query({ name, text, values })).rows as T[],
      migrate: async () => {
        // Two app nodes starting together must not both migrate: hold a session-level lock
        // on one connection while the migrator runs.
        const lockClient = await pool.connect();
        try {
          await lockClient.query('select pg_advisory_lock(727001)');
          await migratePg(db as never, { migrationsFolder });
        } finally {
          await lockClient.query('select pg_advisory_unlock(727001)').catch(() => undefined);
          lockClient.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const release = options.pgliteDir ? takeDirLock(options.pgliteDir) : () => undefined;
  let client: PGlite;
  try {
    client = options.pgliteDir ? await PGlite.create(path.join(options.pgliteDir, 'pglite')) : await PGlite.create();
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    transaction: (fn) => db.transaction(fn as (tx: unknown) => Promise<never>) as never,
    rows: async <T>(query: string, params: unknown[] = []) => (await client.query<T>(query, params)).rows,
    statement:
      <T>(_name: string, text: string) =>
      async (values: unknown[]) =>
        (await client.query<T>(text, values)).rows,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: async () => {
      await client.close();
      release();
    },
  };
}
