import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../http/errors.ts';

/** Where uploads wait for their import job (same machine: the job runs in the server that took the upload). */
export const UPLOAD_DIR = path.join(os.tmpdir(), 'kemai-imports');
/** The largest file accepted. */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export interface StoredFile {
  path: string;
  size: number;
  format: 'csv' | 'xlsx';
  /** 'utf-8' or 'gb18030' for CSV */
  encoding: string | null;
}

export function uploadPath(importId: string) {
  return path.join(UPLOAD_DIR, `${importId}.upload`);
}

/**
 * Streams an upload to a file, never holding it in memory, and learns on the
 * way what it is: XLSX (a zip: "PK\3\4") or CSV, and for CSV whether every byte
 * is valid UTF-8 (checked strictly, chunk by chunk) or else GB18030 (GBK's superset).
 */
export async function saveUpload(body: Readable, target: string, maxBytes = MAX_UPLOAD_BYTES): Promise<StoredFile> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let size = 0;
  let head = Buffer.alloc(0);
  const inspect = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new AppError('payload_too_large', `Files up to ${maxBytes / 1024 / 1024} MB can be imported`));
      if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4)]);
      if (utf8) {
        try {
          decoder.decode(chunk, { stream: true });
        } catch {
          utf8 = false;
        }
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, inspect, fs.createWriteStream(target));
  } catch (error) {
    await fs.promises.rm(target, { force: true });
    throw error;
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  if (size === 0) {
    await fs.promises.rm(target, { force: true });
    throw new AppError('validation_failed', 'The file is empty', { errors: [{ path: 'file', code: 'empty_file', message: 'The file is empty' }] });
  }
  const xlsx = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  return { path: target, size, format: xlsx ? 'xlsx' : 'csv', encoding: xlsx ? null : utf8 ? 'utf-8' : 'gb18030' };
}

/** One data row: its row number as a spreadsheet shows it (the header is row 1) and its cells as text. */
export interface FileRow {
  rowNo: number;
  cells: string[];
}

// Empty lines are not skipped by the parser: each comes as a record of one empty cell, which readRows skips as blank
// after counting it, so rows are numbered without the per-record info object the parser would build (1 M of them).
const CSV_OPTIONS = { bom: true, relax_column_count: true, relax_quotes: true } as const;

function csvText(file: StoredFile): Readable {
  // 64 KiB a read: the parser turns a chunk into records all at once, and fewer of them waiting keeps the heap smaller.
  const source = fs.createReadStream(file.path, { highWaterMark: 64 * 1024 });
  return (file.encoding === 'utf-8' ? source : source.pipe(iconv.decodeStream(file.encoding ?? 'gb18030'))) as Readable;
}

function csvRecords(file: StoredFile): AsyncIterable<string[]> {
  const text = csvText(file);
  const parser = parse(CSV_OPTIONS);
  text.on('error', (error: Error) => parser.destroy(error));
  return text.pipe(parser);
}

/** A row of only empty cells (",,,", once trimmed) is a blank line too. */
const isBlank = (trimmedCells: string[]) => trimmedCells.every((cell) => cell === '');

const QUOTE = 0x22;
const COMMA = 0x2c;
const isLineEnd = (byte: number) => byte === 0x0a || byte === 0x0d;
/** Space, tab, vertical tab, form feed: what trim() takes off a cell among the bytes below 0x80. */
const isBlankByte = (byte: number) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0c && byte !== 0x0a);

/**
 * The non-blank rows of a CSV as readRows yields them, counted from the bytes: a record ends at a line end outside
 * quotes, a field that starts with a quote runs to the quote that is not doubled, and a record counts when a cell has
 * something but blanks (a quote inside an unquoted field is text, as the parser's relax_quotes has it). The bytes
 * looked at are ASCII, which in UTF-8 and GB18030 are never part of another character. csv-parse spent 5 s of a
 * million-row import's CPU on this count; this takes a tenth of a second. A cell of only non-ASCII white space (the
 * ideographic space, say) counts as text here while trim() would make its row blank: such a row is one the import
 * skips and the progress bar's total still has.
 */
async function countCsvRows(file: StoredFile): Promise<number> {
  let rows = 0;
  let quoted = false;
  let closing = false;
  let fieldStart = true;
  let filled = false;
  for await (const chunk of fs.createReadStream(file.path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (quoted) {
        if (closing) {
          closing = false;
          if (byte === QUOTE) {
            filled = true;
            continue;
          }
          quoted = false; // the quote closed the field: this byte is outside it
        } else {
          if (byte === QUOTE) closing = true;
          else if (!isBlankByte(byte) && !isLineEnd(byte)) filled = true;
          continue;
        }
      }
      if (isLineEnd(byte)) {
        if (filled) rows++;
        filled = false;
        fieldStart = true;
      } else if (byte === COMMA) {
        fieldStart = true;
      } else if (byte === QUOTE && fieldStart) {
        quoted = true;
        fieldStart = false;
      } else {
        fieldStart = false;
        if (!isBlankByte(byte)) filled = true;
      }
    }
  }
  return filled ? rows + 1 : rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, value.getUTCHours() || value.getUTCMinutes() ? 16 : 10).replace('T', ' ');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function* xlsxRows(file: StoredFile): AsyncGenerator<{ rowNo: number; cells: string[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file.path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      // row.values is 1-based: index 0 is empty.
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
      if (cells.some((cell) => cell !== '')) yield { rowNo: row.number, cells };
    }
    return; // the first worksheet only
  }
}

/** Every non-blank row of the file, the header row first, as text, streamed. */
export async function* readRows(file: StoredFile): AsyncGenerator<FileRow> {
  if (file.format === 'xlsx') {
    yield* xlsxRows(file);
    return;
  }
  let rowNo = 0;
  for await (const cells of csvRecords(file)) {
    rowNo++;
    for (let i = 0; i < cells.length; i++) cells[i] = cells[i]!.trim();
    if (!isBlank(cells)) yield { rowNo, cells };
  }
}

/** The header row's cells (blank headers named by position: 列3). */
export async function readHeaders(file: StoredFile): Promise<string[]> {
  for await (const row of readRows(file)) {
    const seen = new Map<string, number>();
    return row.cells.map((cell, index) => {
      const base = cell.replace(/^\uFEFF/, '').trim() || `列${index + 1}`;
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      return count > 1 ? `${base} (${count})` : base;
    });
  }
  throw new AppError('validation_failed', 'The file has no header row', {
    errors: [{ path: 'file', code: 'no_header', message: 'The file has no rows' }],
  });
}

/** The data rows (after the header). */
export async function* readDataRows(file: StoredFile): AsyncGenerator<FileRow> {
  let first = true;
  for await (const row of readRows(file)) {
    if (first) {
      first = false;
      continue;
    }
    yield row;
  }
}

export async function countDataRows(file: StoredFile): Promise<number> {
  if (file.format === 'csv') return Math.max(0, (await countCsvRows(file)) - 1);
  let count = 0;
  for await (const _row of readDataRows(file)) count++;
  return count;
}
