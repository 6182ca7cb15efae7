import { closeSync, existsSync, ftruncateSync, fstatSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { rejectReasons, type RejectCode } from './import.errors.ts';

export interface Reject {
  line: number;
  code: RejectCode;
  /** Specifics (the value, or what the ID number encodes), added to both messages. */
  detail?: string;
  /** The row as it stood in the file. */
  raw: string;
}

const HEADER = ['line', 'code', 'message_zh', 'message_en', 'original'];

/**
 * The rejects file: one CSV row per record not imported, with its line, the reason code, the
 * reason in Chinese and English, and the original row. It holds identifiers in the clear, as the
 * input file does, so it is created readable by its owner only. Rows are written with the chunk
 * they belong to, right after it commits; on resume the file is cut back to what the checkpoint
 * counted, so a row is never listed twice.
 */
export class RejectsFile {
  private readonly fd: number;
  private size: number;

  constructor(
    readonly path: string,
    keepBytes: number | undefined,
  ) {
    const resume = keepBytes !== undefined && existsSync(path);
    this.fd = openSync(path, resume ? 'r+' : 'w', 0o600);
    if (resume) {
      this.size = Math.min(keepBytes, fstatSync(this.fd).size);
      ftruncateSync(this.fd, this.size);
    } else {
      this.size = 0;
    }
    // A byte order mark, so spreadsheet programs read the Chinese messages as UTF-8.
    if (this.size === 0) this.append('\uFEFF' + stringify([HEADER]));
  }

  /** Bytes written so far: what a checkpoint records. */
  get bytes(): number {
    return this.size;
  }

  write(rejects: readonly Reject[]) {
    if (rejects.length === 0) return;
    const rows = rejects.map((r) => {
      const { zh, en } = rejectReasons[r.code];
      const detail = r.detail ? `（${r.detail}）` : '';
      return [r.line, r.code, zh + detail, en + (r.detail ? ` (${r.detail})` : ''), r.raw];
    });
    this.append(stringify(rows));
  }

  private append(text: string) {
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, this.size + written);
    this.size += bytes.length;
  }

  close() {
    closeSync(this.fd);
  }
}
