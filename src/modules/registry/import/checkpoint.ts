import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { FileFormat } from './sources.ts';
import { ImportError, type RejectCode } from './import.errors.ts';

export interface ImportCounts {
  /** Records read (the CSV header not counted). */
  read: number;
  imported: number;
  /** Records refused for a problem of their own (the rejects file says which). */
  rejected: number;
  /** Records whose person the registry already holds. */
  alreadyPresent: number;
}

export const zeroCounts = (): ImportCounts => ({ read: 0, imported: 0, rejected: 0, alreadyPresent: 0 });

/**
 * What an import has committed so far, written after each committed chunk (atomically: a new
 * file renamed over the old). A rerun reads it and goes on after `offset`; everything before
 * it is in the database, with its rejects in the first `rejectsBytes` of the rejects file.
 */
export interface Checkpoint {
  version: 1;
  importId: string;
  dataset: string;
  format: FileFormat;
  /** The database written to (never with a password), so a checkpoint is not applied to another one. */
  target: string;
  file: { path: string; size: number; headSha256: string };
  /** CSV columns, in file order, from the header. */
  columns: string[] | null;
  offset: number;
  line: number;
  rejectsPath: string;
  rejectsBytes: number;
  counts: ImportCounts;
  rejectsByCode: Partial<Record<RejectCode, number>>;
  /** Runs of this import (1 + resumes). */
  runs: number;
  startedAt: string;
  updatedAt: string;
  /** Every row is in: set with the last chunk's checkpoint. */
  completedAt: string | null;
  /** The import's summary is in the audit log. */
  summaryRecordedAt: string | null;
}

const HEAD_BYTES = 64 * 1024;

/** SHA-256 of the file's first 64 KiB: a different file under the same name shows here. */
export function headSha256(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, head, 0, HEAD_BYTES, 0);
    return createHash('sha256').update(head.subarray(0, n)).digest('hex');
  } finally {
    closeSync(fd);
  }
}

export function fileIdentity(file: string): Checkpoint['file'] {
  return { path: file, size: statSync(file).size, headSha256: headSha256(file) };
}

export function readCheckpoint(statePath: string): Checkpoint | undefined {
  if (!existsSync(statePath)) return undefined;
  try {
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as Checkpoint;
    if (state.version !== 1 || typeof state.offset !== 'number' || !state.counts) throw new Error('not a version 1 checkpoint');
    return state;
  } catch (error) {
    throw new ImportError('checkpoint_unreadable', `${statePath}: ${(error as Error).message}`);
  }
}

/** Refuses a checkpoint made for another file, dataset or database. */
export function checkCheckpoint(state: Checkpoint, expected: { dataset: string; format: FileFormat; target: string; file: Checkpoint['file'] }, statePath: string) {
  const problems: string[] = [];
  if (state.dataset !== expected.dataset) problems.push(`dataset ${state.dataset}, not ${expected.dataset}`);
  if (state.format !== expected.format) problems.push(`format ${state.format}, not ${expected.format}`);
  if (state.target !== expected.target) problems.push(`database ${state.target}, not ${expected.target}`);
  if (state.file.headSha256 !== expected.file.headSha256 || expected.file.size < state.offset) problems.push('the file has changed since');
  if (problems.length > 0) throw new ImportError('checkpoint_mismatch', `${statePath}: ${problems.join('; ')}`);
}

export function writeCheckpoint(statePath: string, state: Checkpoint) {
  const temporary = `${statePath}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(temporary, statePath);
}

export function removeCheckpoint(statePath: string) {
  rmSync(statePath, { force: true });
}
