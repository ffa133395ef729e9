import { ClvError } from './clv.errors.ts';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export type CsvRecordHandler = (fields: string[], line: number) => void;

/**
 * An RFC 4180 CSV parser fed in chunks, so a large export streams through
 * without being held whole: quoted fields (with "" for a quote, commas and line
 * breaks inside), LF, CRLF or CR line ends, a UTF-8 BOM, blank lines skipped.
 * Text after a closing quote is kept, as spreadsheets do. `line` is the
 * 1-based line a record starts on, for error messages.
 *
 * @example const rows: string[][] = []; const csv = new CsvParser((f) => rows.push(f)); csv.push('a,"b,c"\r\n'); csv.end(); // rows = [['a', 'b,c']]
 */
export class CsvParser {
  private onRecord: CsvRecordHandler;
  private fields: string[] = [];
  private field = '';
  private quoted = false; // the current field opened with a quote
  private inQuotes = false;
  private quoteInQuotes = false; // saw a quote inside quotes: an escaped quote or the closing one
  private crInQuotes = false;
  private skipLf = false; // the last chunk ended on CR; an LF starting the next one belongs to it
  private started = false;
  private line = 1;
  private recordLine = 1;

  constructor(onRecord: CsvRecordHandler) {
    this.onRecord = onRecord;
  }

  push(chunk: string) {
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.skipLf) {
      this.skipLf = false;
      if (chunk.charCodeAt(i) === LF) i++;
    }
    let start = i; // chunk[start, i) is text of the current field not yet copied into this.field
    const length = chunk.length;
    while (i < length) {
      const c = chunk.charCodeAt(i);
      if (this.inQuotes) {
        if (this.quoteInQuotes) {
          this.quoteInQuotes = false;
          if (c === QUOTE) {
            this.field += '"';
            start = ++i;
            continue;
          }
          this.inQuotes = false; // that quote closed the field; read c below as unquoted
        } else {
          if (c === QUOTE) {
            this.field += chunk.slice(start, i);
            this.quoteInQuotes = true;
            this.crInQuotes = false;
            start = ++i;
          } else {
            // a line break inside quotes: CR, LF or CRLF (possibly split across chunks) counts once
            if (c === CR || (c === LF && !this.crInQuotes)) this.line++;
            this.crInQuotes = c === CR;
            i++;
          }
          continue;
        }
      }
      if (c === COMMA) {
        this.fields.push(this.field + chunk.slice(start, i));
        this.field = '';
        this.quoted = false;
        start = ++i;
      } else if (c === LF || c === CR) {
        this.field += chunk.slice(start, i);
        this.endRecord();
        i++;
        if (c === CR) {
          if (i === length) this.skipLf = true;
          else if (chunk.charCodeAt(i) === LF) i++;
        }
        start = i;
      } else if (c === QUOTE && start === i && this.field === '' && !this.quoted) {
        this.quoted = true;
        this.inQuotes = true;
        this.crInQuotes = false;
        start = ++i;
      } else {
        i++;
      }
    }
    if (start < length) this.field += chunk.slice(start, length);
  }

  end() {
    if (this.inQuotes && !this.quoteInQuotes) {
      throw new ClvError('invalid_data', `line ${this.recordLine}: a quoted field is never closed`);
    }
    if (this.fields.length > 0 || this.field !== '' || this.quoted) this.endRecord();
  }

  private endRecord() {
    this.fields.push(this.field);
    const fields = this.fields;
    const blank = fields.length === 1 && fields[0] === '' && !this.quoted;
    this.fields = [];
    this.field = '';
    this.quoted = false;
    this.inQuotes = false;
    this.quoteInQuotes = false;
    const line = this.recordLine;
    this.line++;
    this.recordLine = this.line;
    if (!blank) this.onRecord(fields, line);
  }
}

/** Parses a whole CSV text into records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  const parser = new CsvParser((fields) => records.push(fields));
  parser.push(text);
  parser.end();
  return records;
}

/** Streams a CSV source (an fs read stream with an encoding, or any async iterable of strings). */
export async function readCsv(source: AsyncIterable<string | Buffer>, onRecord: CsvRecordHandler): Promise<void> {
  const parser = new CsvParser(onRecord);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  parser.push(decoder.decode());
  parser.end();
}

/** Quotes a field for CSV output when it needs it. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
