import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, type CsvError } from 'csv-parse';

export type FileFormat = 'csv' | 'jsonl';

/**
 * One record of the file. `line` is the line it ends on (1-based, the CSV header is line 1) and
 * `end` the byte offset just past it: reading again from `end` continues with the next record.
 */
export type SourceItem =
  | { kind: 'record'; line: number; end: number; fields: string[] | Record<string, unknown>; raw: string }
  | { kind: 'malformed'; line: number; message: string; raw: string };

export interface SourcePosition {
  /** Byte offset to start reading at (0: the beginning, header included). */
  offset: number;
  /** Lines before `offset`. */
  line: number;
}

/** No real record comes near this; a longer one is a quote that is never closed. */
export const MAX_RECORD_BYTES = 1024 * 1024;

const trimLineBreaks = (raw: string) => raw.replace(/^[\r\n]+|[\r\n]+$/g, '');

/**
 * The first non-blank line at `offset`: where it ends (past its line feed), its text (only the
 * start of an endless one) and the blank lines before it.
 */
async function lineAt(file: string, offset: number): Promise<{ end: number; text: string; blankLines: number }> {
  const handle = await open(file, 'r');
  try {
    const block = Buffer.alloc(64 * 1024);
    const pieces: Buffer[] = [];
    let position = offset;
    let blankLines = 0;
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) break;
      let start = 0;
      // Blank lines before the line are counted, not returned.
      while (length === 0 && start < bytesRead && (block[start] === 10 || block[start] === 13)) {
        if (block[start] === 10) blankLines++;
        start++;
      }
      const nl = block.indexOf(10, start);
      const stop = nl === -1 || nl >= bytesRead ? bytesRead : nl + 1;
      if (length < 64 * 1024) pieces.push(Buffer.from(block.subarray(start, stop)));
      length += stop - start;
      position += stop;
      if ((nl !== -1 && nl < bytesRead) || length >= MAX_RECORD_BYTES) break;
    }
    return { end: position, text: trimLineBreaks(Buffer.concat(pieces).toString('utf8')), blankLines };
  } finally {
    await handle.close();
  }
}

/**
 * Records of a CSV file through csv-parse (RFC 4180 quoting, \n or \r\n, a UTF-8 BOM). A record
 * the parser cannot read (a stray quote, a quote closed in the wrong place or never, a record
 * past 1 MiB) comes out as `malformed`, in file order: that record's first line is taken as the
 * bad row, and a fresh parser goes on from the line after it. So one bad quote costs one line,
 * never the rest of the file, and memory stays bounded.
 */
export async function* csvRecords(file: string, from: SourcePosition): AsyncGenerator<SourceItem> {
  type Parsed = { record: string[]; info: { lines: number; bytes: number }; raw: string } | { skipped: CsvError | undefined };
  let position = from;
  for (;;) {
    const parser = parse({
      bom: position.offset === 0,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
      max_record_size: MAX_RECORD_BYTES,
      skip_records_with_error: true,
      // Called while the parser reads, so pushing here keeps the file's order.
      on_skip: (error: CsvError | undefined) => {
        parser.push({ skipped: error } satisfies Parsed);
        return undefined;
      },
    });
    const input = createReadStream(file, { start: position.offset, highWaterMark: 256 * 1024 });
    input.on('error', (error) => parser.destroy(error)).pipe(parser);
    let lastEnd = position;
    let failure: CsvError | undefined;
    let failed = false;
    try {
      for await (const item of parser as AsyncIterable<Parsed>) {
        if ('skipped' in item) {
          failed = true;
          failure = item.skipped;
          break;
        }
        const record = { offset: position.offset + item.info.bytes, line: position.line + item.info.lines };
        yield { kind: 'record', line: record.line, end: record.offset, fields: item.record, raw: trimLineBreaks(item.raw) };
        lastEnd = record;
      }
    } finally {
      input.destroy();
      parser.destroy();
    }
    if (!failed) return;
    const bad = await lineAt(file, lastEnd.offset);
    if (bad.end <= lastEnd.offset) return;
    const line = lastEnd.line + bad.blankLines + 1;
    yield { kind: 'malformed', line, message: failure?.message.replace(/ at line \d+.*$/s, '') ?? 'unreadable record', raw: bad.text };
    position = { offset: bad.end, line };
  }
}

/**
 * Records of a JSON Lines file: one JSON object per line, blank lines skipped. A line that is
 * not a JSON object is `malformed`, and so is one longer than 1 MiB (only its start is kept).
 * Lines are split on the bytes, so offsets are exact.
 */
export async function* jsonLinesRecords(file: string, from: SourcePosition): AsyncGenerator<SourceItem> {
  /** The current line's bytes so far (only its start, once it is overlong) and its full length. */
  let kept: Buffer[] = [];
  let keptBytes = 0;
  let lineBytes = 0;
  let overlong = false;
  let offset = from.offset;
  let line = from.line;
  let atStart = from.offset === 0;

  function itemOf(bytes: Buffer, end: number): SourceItem | undefined {
    line += 1;
    let text = bytes.toString('utf8');
    if (atStart) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    text = text.replace(/\r$/, '');
    if (overlong) return { kind: 'malformed', line, message: `the line is longer than ${MAX_RECORD_BYTES} bytes`, raw: text.slice(0, 200) };
    if (text.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { kind: 'malformed', line, message: (error as Error).message, raw: text };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'malformed', line, message: 'a line must hold one JSON object', raw: text };
    return { kind: 'record', line, end, fields: value as Record<string, unknown>, raw: text };
  }

  function take(piece: Buffer) {
    lineBytes += piece.length;
    if (overlong) return;
    kept.push(piece);
    keptBytes += piece.length;
    // Keep the start of an overlong line for the rejects file, and drop the rest as it comes.
    if (keptBytes > MAX_RECORD_BYTES) {
      overlong = true;
      kept = [Buffer.concat(kept).subarray(0, 1024)];
    }
  }

  function endLine(): SourceItem | undefined {
    offset += lineBytes;
    const item = itemOf(kept.length === 1 ? kept[0]! : Buffer.concat(kept), offset);
    kept = [];
    keptBytes = 0;
    lineBytes = 0;
    overlong = false;
    return item;
  }

  const input = createReadStream(file, { start: from.offset, highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        take(chunk.subarray(start, nl));
        lineBytes += 1; // the line feed
        start = nl + 1;
        const item = endLine();
        if (item) yield item;
      }
      if (start < chunk.length) take(chunk.subarray(start));
    }
    if (lineBytes > 0) {
      const item = endLine();
      if (item) yield item;
    }
  } finally {
    input.destroy();
  }
}

export function recordsOf(format: FileFormat, file: string, from: SourcePosition): AsyncGenerator<SourceItem> {
  return format === 'csv' ? csvRecords(file, from) : jsonLinesRecords(file, from);
}

/** The format a file's name implies, if any. */
export function formatOfName(file: string): FileFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}
