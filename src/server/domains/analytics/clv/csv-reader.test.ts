import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ClvError } from './clv.errors.ts';
import { CsvParser, csvField, parseCsv, readCsv } from './csv-reader.ts';

function parseInChunks(text: string, size: number) {
  const records: Array<[string[], number]> = [];
  const parser = new CsvParser((fields, line) => records.push([fields, line]));
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  parser.end();
  return records;
}

describe('CSV reader', () => {
  it('reads plain records with LF, CRLF or CR line ends, with or without a final newline', () => {
    const expected = [['customer', 'date', 'amount'], ['c1', '20250101', '12.50'], ['c2', '20250102', '3']];
    for (const end of ['\n', '\r\n', '\r']) {
      const text = ['customer,date,amount', 'c1,20250101,12.50', 'c2,20250102,3'].join(end);
      expect(parseCsv(text), JSON.stringify(end)).toEqual(expected);
      expect(parseCsv(text + end), JSON.stringify(end)).toEqual(expected);
    }
  });

  it('strips a UTF-8 byte-order mark, so the first header matches', () => {
    expect(parseCsv('\uFEFF客户,日期\r\n张伟,2025-01-01\r\n')).toEqual([['客户', '日期'], ['张伟', '2025-01-01']]);
  });

  it('reads quoted fields with commas, doubled quotes, line breaks and empty strings', () => {
    const text = 'id,name,note\r\n1,"Zhang, Wei","said ""hi"""\r\n2,"two\r\nlines",""\r\n3,,"x"\r\n';
    expect(parseCsv(text)).toEqual([
      ['id', 'name', 'note'],
      ['1', 'Zhang, Wei', 'said "hi"'],
      ['2', 'two\r\nlines', ''],
      ['3', '', 'x'],
    ]);
  });

  it('keeps quotes inside an unquoted field and text after a closing quote, as spreadsheets do', () => {
    expect(parseCsv('5" screen,"a"b\n')).toEqual([['5" screen', 'ab']]);
  });

  it('skips blank lines but keeps a record that is one empty quoted field', () => {
    expect(parseCsv('a\n\n\r\nb\n""\n')).toEqual([['a'], ['b'], ['']]);
  });

  it('gives the same records whatever the chunk boundaries, with line numbers for messages', () => {
    const text = '\uFEFFid,v\r\n1,"a,\r\nb"\r\n2,"q""q"\r\n\r\n3,z';
    const whole = parseInChunks(text, text.length);
    expect(whole).toEqual([
      [['id', 'v'], 1],
      [['1', 'a,\r\nb'], 2],
      [['2', 'q"q'], 4],
      [['3', 'z'], 6],
    ]);
    for (const size of [1, 2, 3, 5, 7]) expect(parseInChunks(text, size), `chunks of ${size}`).toEqual(whole);
  });

  it('refuses a quoted field that never closes, naming its line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(ClvError);
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(/line 2/);
  });

  it('streams bytes, decoding UTF-8 characters split across chunks', async () => {
    const bytes = Buffer.from('\uFEFF客户,金额\n张伟,"1,234.5"\n', 'utf8');
    const chunks = Array.from(bytes, (byte) => Buffer.of(byte)); // one byte at a time
    const records: string[][] = [];
    await readCsv(Readable.from(chunks), (fields) => records.push(fields));
    expect(records).toEqual([['客户', '金额'], ['张伟', '1,234.5']]);
  });

  it('quotes output fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(parseCsv(`${csvField('a\nb')},${csvField('"')}`)).toEqual([['a\nb', '"']]);
  });
});
