import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AuditActor } from '@core/audit/audit.service.ts';
import type { Platform } from '@core/platform.ts';
import type { AnyDataset, ChunkRow, Prepared, RowFields } from './dataset.ts';
import { datasets } from './datasets.ts';
import { ImportError, isAlreadyPresent, type RejectCode } from './import.errors.ts';
import { checkCheckpoint, fileIdentity, readCheckpoint, removeCheckpoint, writeCheckpoint, zeroCounts, type Checkpoint, type ImportCounts } from './checkpoint.ts';
import { RejectsFile, type Reject } from './rejects.ts';
import { SeenKeys } from './seen-keys.ts';
import { formatOfName, recordsOf, type FileFormat, type SourceItem } from './sources.ts';
import { createPreparer, defaultWorkers, type Preparer } from './prepare.ts';

export interface ImportOptions {
  dataset: string;
  file: string;
  /** Taken from the file's extension when not given. */
  format?: FileFormat | undefined;
  /** Default `<file>.rejects.csv`. */
  rejectsPath?: string | undefined;
  /** Default `<file>.import-state.json`. */
  statePath?: string | undefined;
  /** Ignore (and replace) an existing checkpoint. */
  restart?: boolean | undefined;
  /** Rows per transaction. */
  chunkSize?: number | undefined;
  /** Worker threads that check and encrypt rows; 0 does it on the main thread. Default: 1 with two cores or more. */
  workers?: number | undefined;
  /** Names the database written to, so a checkpoint is never applied to another one. */
  target: string;
  /** Who the records are attributed to in the history and the audit log. */
  actor?: AuditActor | undefined;
  /** Called after each committed chunk. */
  onProgress?: ((progress: ImportProgress) => void) | undefined;
}

export interface ImportProgress {
  /** Bytes of the file behind the last committed chunk, and the file's size. */
  bytes: number;
  totalBytes: number;
  counts: ImportCounts;
  /** Rows per second in this run so far. */
  rate: number;
}

export interface ImportSummary {
  importId: string;
  dataset: string;
  file: string;
  format: FileFormat;
  rejectsPath: string;
  statePath: string;
  /** The whole import, over every run. */
  counts: ImportCounts;
  /** This run. */
  run: { counts: ImportCounts; elapsedMs: number; rowsPerSecond: number; resumedAfterLine: number | null };
  rejectsByCode: Partial<Record<RejectCode, number>>;
  /** Nothing to do: a checkpoint says this file was imported completely. */
  alreadyComplete: boolean;
}

export const DEFAULT_CHUNK_SIZE = 5000;

/** The actor of rows imported from the command line. */
export function importActor(who: string): AuditActor {
  return { kind: 'system', id: 'minsheng-import', name: `minsheng import (${who})`, role: 'import', region: null };
}

function datasetOf(name: string): AnyDataset {
  const dataset = (datasets as Record<string, AnyDataset | undefined>)[name];
  if (!dataset) throw new ImportError('unknown_dataset', `"${name}"; known: ${Object.keys(datasets).join(', ')}`);
  return dataset;
}

/** Header names in file order, checked against the dataset's columns. */
function checkHeader(dataset: AnyDataset, header: string[]): string[] {
  const columns = header.map((c) => c.trim().toLowerCase());
  const known = new Set([...dataset.requiredColumns, ...dataset.optionalColumns]);
  const problems: string[] = [];
  const unknown = columns.filter((c) => !known.has(c));
  if (unknown.length > 0) problems.push(`unknown column(s) ${unknown.join(', ')}`);
  const missing = dataset.requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length > 0) problems.push(`missing column(s) ${missing.join(', ')}`);
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0) problems.push(`repeated column(s) ${repeated.join(', ')}`);
  if (problems.length > 0) {
    throw new ImportError('bad_header', `${problems.join('; ')}. Expected ${dataset.requiredColumns.join(',')} and optionally ${dataset.optionalColumns.join(', ')}`);
  }
  return columns;
}

const blankToUndefined = (value: string) => (value.trim() === '' ? undefined : value);

type Fields = { ok: true; fields: RowFields } | { ok: false; code: RejectCode; detail: string };

/** A CSV record's fields by column, or why the record cannot be read as a row. */
function csvFields(columns: string[], values: string[]): Fields {
  if (values.length !== columns.length) return { ok: false, code: 'malformed_row', detail: `${values.length} columns, the header has ${columns.length}` };
  const fields: RowFields = {};
  for (let i = 0; i < columns.length; i++) fields[columns[i]!] = blankToUndefined(values[i]!);
  return { ok: true, fields };
}

/** A JSON Lines object's fields: strings (or whole numbers, as text), null for absent. */
function jsonFields(known: ReadonlySet<string>, object: Record<string, unknown>): Fields {
  const fields: RowFields = {};
  for (const [key, value] of Object.entries(object)) {
    if (!known.has(key)) return { ok: false, code: 'unknown_field', detail: key };
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') fields[key] = blankToUndefined(value);
    else if (typeof value === 'number' && Number.isSafeInteger(value)) fields[key] = String(value);
    else return { ok: false, code: 'malformed_row', detail: `${key} must be a string` };
  }
  return { ok: true, fields };
}

/** Rows checked together, with the items (malformed ones too) in file order. */
interface PendingBatch {
  items: SourceItem[];
  /** Fields of the records that could be read as rows, for the dataset to check. */
  fields: RowFields[];
  /** Per item: why a record could not even be read as a row. */
  problems: (Fields | undefined)[];
}

const BATCH_ROWS = 500;
/** Chunks written or waiting to be, besides the one being filled. */
const QUEUED_CHUNKS = 2;

interface Chunk {
  rows: ChunkRow<unknown>[];
  /** Lines of rows whose key was seen earlier in the file: if the database has the key, they are duplicates. */
  suspects: Map<number, number>;
  rejects: Reject[];
  raws: Map<number, string>;
  /** The file position after the chunk's last record. */
  end: number;
  endLine: number;
  read: number;
}

/** A new chunk starts where the one before it ended. */
const emptyChunk = (after: { offset: number; line: number } | Chunk): Chunk => ({
  rows: [],
  suspects: new Map(),
  rejects: [],
  raws: new Map(),
  end: 'end' in after ? after.end : after.offset,
  endLine: 'endLine' in after ? after.endLine : after.line,
  read: 0,
});

/**
 * Imports a file into the registry: reads it as a stream, checks every row, writes the good ones
 * in chunks (each chunk one atomic statement, with its history and audit entries), lists the
 * others in the rejects file, and leaves a checkpoint after each chunk so that an interrupted
 * import goes on where it stopped.
 */
export async function runImport(platform: Platform, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const dataset = datasetOf(options.dataset);
  const file = path.resolve(options.file);
  if (!existsSync(file)) throw new ImportError('file_not_found', file);
  const format = options.format ?? formatOfName(file);
  if (!format) throw new ImportError('unknown_format', path.basename(file));
  const statePath = path.resolve(options.statePath ?? `${file}.import-state.json`);
  const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const identity = fileIdentity(file);

  const state = options.restart ? undefined : readCheckpoint(statePath);
  if (state) checkCheckpoint(state, { dataset: dataset.name, format, target: options.target, file: identity }, statePath);
  const rejectsPath = path.resolve(options.rejectsPath ?? state?.rejectsPath ?? `${file}.rejects.csv`);
  const resumedAfterLine = state && state.offset > 0 && !state.completedAt ? state.line : null;
  const fileName = path.basename(file);
  const actor = options.actor ?? importActor('cli');
  const run = zeroCounts();
  const summary = (checkpoint: Checkpoint, alreadyComplete: boolean): ImportSummary => {
    const elapsedMs = performance.now() - started;
    return {
      importId: checkpoint.importId,
      dataset: dataset.name,
      file,
      format,
      rejectsPath,
      statePath,
      counts: checkpoint.counts,
      run: { counts: run, elapsedMs, rowsPerSecond: run.read / Math.max(elapsedMs / 1000, 1e-3), resumedAfterLine },
      rejectsByCode: checkpoint.rejectsByCode,
      alreadyComplete,
    };
  };

  /** One audit entry for the import as a whole, once every row is in. */
  async function recordSummary(checkpoint: Checkpoint) {
    await platform.audit.record({
      actor,
      action: 'registry.imported',
      targetKind: 'import',
      targetId: checkpoint.importId,
      channel: 'batch',
      requestId: checkpoint.importId,
      details: {
        dataset: dataset.name,
        file: fileName,
        fileBytes: checkpoint.file.size,
        fileHeadSha256: checkpoint.file.headSha256,
        ...checkpoint.counts,
        rejectsByCode: checkpoint.rejectsByCode,
        runs: checkpoint.runs,
        startedAt: checkpoint.startedAt,
        completedAt: checkpoint.completedAt,
      },
    });
    checkpoint.summaryRecordedAt = new Date().toISOString();
    writeCheckpoint(statePath, checkpoint);
  }

  if (state?.completedAt) {
    // Interrupted between the last chunk and the summary: only the summary is left to do.
    if (!state.summaryRecordedAt) await recordSummary(state);
    return summary(state, true);
  }

  const now = new Date().toISOString();
  const checkpoint: Checkpoint = state
    ? { ...state, rejectsPath, runs: state.runs + 1, file: identity }
    : {
        version: 1,
        importId: randomUUID(),
        dataset: dataset.name,
        format,
        target: options.target,
        file: identity,
        columns: null,
        offset: 0,
        line: 0,
        rejectsPath,
        rejectsBytes: 0,
        counts: zeroCounts(),
        rejectsByCode: {},
        runs: 1,
        startedAt: now,
        updatedAt: now,
        completedAt: null,
        summaryRecordedAt: null,
      };
  if (!state) removeCheckpoint(statePath);
  const rejects = new RejectsFile(rejectsPath, checkpoint.offset > 0 ? checkpoint.rejectsBytes : undefined);
  const writer = dataset.createWriter(platform, { importId: checkpoint.importId, fileName, actor });
  let preparer: Preparer | undefined;
  const seen = new SeenKeys();
  let columns = checkpoint.columns;
  const knownFields = new Set([...dataset.requiredColumns, ...dataset.optionalColumns]);

  /** Writes a chunk, then its rejects, then the checkpoint that counts both. */
  async function commit(chunk: Chunk, last: boolean) {
    const skipped = chunk.rows.length > 0 ? await writer.write(chunk.rows) : [];
    const delta = { read: chunk.read, imported: chunk.rows.length - skipped.length, rejected: 0, alreadyPresent: 0 };
    for (const line of skipped) {
      const firstLine = chunk.suspects.get(line);
      const raw = chunk.raws.get(line) ?? '';
      chunk.rejects.push(firstLine === undefined ? { line, code: 'already_registered', raw } : { line, code: 'duplicate_in_file', detail: `line ${firstLine}`, raw });
    }
    chunk.rejects.sort((a, b) => a.line - b.line);
    for (const r of chunk.rejects) {
      if (isAlreadyPresent(r.code)) delta.alreadyPresent++;
      else delta.rejected++;
      checkpoint.rejectsByCode[r.code] = (checkpoint.rejectsByCode[r.code] ?? 0) + 1;
    }
    rejects.write(chunk.rejects);
    for (const key of Object.keys(delta) as (keyof ImportCounts)[]) {
      checkpoint.counts[key] += delta[key];
      run[key] += delta[key];
    }
    checkpoint.offset = chunk.end;
    checkpoint.line = chunk.endLine;
    checkpoint.columns = columns;
    checkpoint.rejectsBytes = rejects.bytes;
    checkpoint.updatedAt = new Date().toISOString();
    if (last) checkpoint.completedAt = checkpoint.updatedAt;
    writeCheckpoint(statePath, checkpoint);
    const seconds = (performance.now() - started) / 1000;
    options.onProgress?.({ bytes: chunk.end, totalBytes: identity.size, counts: { ...checkpoint.counts }, rate: run.read / Math.max(seconds, 1e-3) });
  }

  // Chunks are written one after the other while the next ones are read and checked, so the
  // database and this process work side by side; a second chunk may wait ready, to even out
  // the two sides' pace. Memory stays at a few chunks.
  const queue: Promise<void>[] = [];
  async function flush(chunk: Chunk, last = false) {
    const previous = queue.at(-1) ?? Promise.resolve();
    const committed = previous.then(() => commit(chunk, last));
    // Awaited below or at the end; marked handled so that a failure waits for that.
    committed.catch(() => undefined);
    queue.push(committed);
    while (queue.length > QUEUED_CHUNKS) await queue.shift();
  }

  let chunk = emptyChunk(checkpoint);
  function take(item: SourceItem, prepared: Prepared<unknown> | Fields | undefined) {
    chunk.read++;
    if (item.kind === 'malformed') {
      chunk.rejects.push({ line: item.line, code: 'malformed_row', detail: item.message, raw: item.raw });
      return;
    }
    chunk.end = item.end;
    chunk.endLine = item.line;
    if (!prepared || !prepared.ok) {
      const problem = prepared as Extract<Fields, { ok: false }>;
      chunk.rejects.push({ line: item.line, code: problem.code, detail: problem.detail, raw: item.raw });
      return;
    }
    const { row, key } = prepared as Extract<Prepared<unknown>, { ok: true }>;
    const earlier = seen.checkAndAdd(key, item.line);
    if (earlier !== undefined) chunk.suspects.set(item.line, earlier);
    chunk.rows.push({ line: item.line, row });
    chunk.raws.set(item.line, item.raw);
  }

  // Rows are checked in batches (on worker threads when there are any) and taken in file order.
  let batch: PendingBatch = { items: [], fields: [], problems: [] };
  const inFlight: (PendingBatch & { results: Promise<Prepared<unknown>[]> })[] = [];

  async function settleOldest() {
    const done = inFlight.shift()!;
    const results = await done.results;
    let next = 0;
    for (let i = 0; i < done.items.length; i++) {
      const item = done.items[i]!;
      take(item, item.kind === 'record' ? (done.problems[i] ?? results[next++]) : undefined);
      // A chunk ends after a record, so its end offset is exactly where the next one starts.
      if (item.kind === 'record' && chunk.read >= chunkSize) {
        const full = chunk;
        chunk = emptyChunk(full);
        await flush(full);
      }
    }
  }

  function sendBatch() {
    if (batch.items.length === 0) return;
    inFlight.push({ ...batch, results: preparer!.prepare(batch.fields) });
    batch = { items: [], fields: [], problems: [] };
  }

  try {
    preparer = await createPreparer(platform, dataset, options.workers ?? defaultWorkers());
    for await (const item of recordsOf(format, file, { offset: checkpoint.offset, line: checkpoint.line })) {
      if (item.kind === 'record' && format === 'csv' && !columns) {
        columns = checkHeader(dataset, item.fields as string[]);
        chunk.end = item.end;
        chunk.endLine = item.line;
        continue;
      }
      let fields: Fields | undefined;
      if (item.kind === 'record') {
        fields = format === 'csv' ? csvFields(columns!, item.fields as string[]) : jsonFields(knownFields, item.fields as Record<string, unknown>);
        if (fields.ok) batch.fields.push(fields.fields);
      }
      batch.items.push(item);
      batch.problems.push(fields && !fields.ok ? fields : undefined);
      if (batch.items.length >= BATCH_ROWS) {
        sendBatch();
        if (inFlight.length > preparer.parallelism) await settleOldest();
      }
    }
    if (format === 'csv' && !columns) throw new ImportError('bad_header', 'the file is empty');
    sendBatch();
    while (inFlight.length > 0) await settleOldest();
    await flush(chunk, true);
    while (queue.length > 0) await queue.shift();
  } catch (error) {
    await Promise.allSettled(queue);
    throw error;
  } finally {
    rejects.close();
    await preparer?.close();
    await writer.close();
  }

  await recordSummary(checkpoint);
  return summary(checkpoint, false);
}

