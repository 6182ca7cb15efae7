import type { FieldCrypto } from '@core/crypto/field-crypto.ts';
import type { AuditActor } from '@core/audit/audit.service.ts';
import type { Platform } from '@core/platform.ts';
import type { RejectCode } from './import.errors.ts';

/** A row's fields by column name, as read from the file; a column the row leaves empty is undefined. */
export type RowFields = Record<string, string | undefined>;

/** What a dataset's row check may use. Plain data and pure functions only: it also runs in worker threads. */
export interface PrepareEnv {
  crypto: FieldCrypto;
  /** Level (1 province … 4 town) of a division code in the platform's region tree, padded codes accepted. */
  region(code: string): { code: string; level: 1 | 2 | 3 | 4 } | undefined;
  today: Date;
}

export type Prepared<Row> = { ok: true; row: Row; key: string } | { ok: false; code: RejectCode; detail: string };

/** One row ready to be written, with the line of the file it came from. */
export interface ChunkRow<Row> {
  line: number;
  row: Row;
}

/** What every written record is attributed to. */
export interface WriteContext {
  importId: string;
  /** The file's name (no directories), for history reasons and audit details. */
  fileName: string;
  actor: AuditActor;
}

/** The platform services a dataset writes through. */
export type WriterPlatform = Pick<Platform, 'database' | 'audit' | 'config'>;

/**
 * A kind of file `minsheng import` understands. Adding one (employers, income …) is a new
 * entry in `datasets.ts`: its columns, a pure row check, and a chunk writer.
 */
export interface Dataset<Row> {
  readonly name: string;
  readonly requiredColumns: readonly string[];
  readonly optionalColumns: readonly string[];
  /**
   * Checks one row and turns it into what is stored (encrypted where the registry encrypts).
   * `key` identifies the record: a second row with the same key is a duplicate.
   */
  prepare(fields: RowFields, env: PrepareEnv): Prepared<Row>;
  /**
   * A writer for one import, used for every chunk in turn. `write` stores a chunk atomically
   * (all of it, with its history and audit entries, or none of it) and answers the lines it did
   * not write because the record already exists.
   */
  createWriter(platform: WriterPlatform, ctx: WriteContext): ChunkWriter<Row>;
}

export interface ChunkWriter<Row> {
  write(rows: ChunkRow<Row>[]): Promise<number[]>;
  close(): Promise<void>;
}

// The table of datasets holds datasets of different row types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDataset = Dataset<any>;
