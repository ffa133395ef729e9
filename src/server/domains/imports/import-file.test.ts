import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { countDataRows, readDataRows, type StoredFile } from './import-file.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-import-file-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

let files = 0;
function csvFile(text: string, encoding: 'utf-8' | 'gb18030' = 'utf-8'): StoredFile {
  const file = path.join(folder, `${files++}.csv`);
  fs.writeFileSync(file, encoding === 'utf-8' ? text : iconv.encode(text, encoding));
  return { path: file, size: fs.statSync(file).size, format: 'csv', encoding };
}

async function rowsRead(file: StoredFile) {
  let rows = 0;
  for await (const _row of readDataRows(file)) rows++;
  return rows;
}

// The progress bar's total is counted from the bytes, the rows are read by the CSV parser: the two must agree.
const MESSY = {
  'blank lines, a row of empty cells and one of blanks': '姓名,手机\n\n张三,13800001111\n,\n  ,\t\n李四,13800002222\n\n',
  'CRLF line ends and no line end after the last row': '姓名,手机\r\n张三,13800001111\r\n\r\n李四,13800002222',
  'a line end and a doubled quote inside quotes': '姓名,地址\n"王五","上海市\n""静安""区"\n"赵六",北京\n',
  'a quoted cell of blanks only, and an empty quoted cell': '姓名,地址\n" ",""\n"",   \n钱七,""\n',
  'quotes in the middle of a cell (relaxed)': '姓名,备注\n孙八,他说"好"\n周九, "引号在空格后"\n',
  'a byte order mark': '\uFEFF姓名,手机\n吴十,13800003333\n',
  'a quoted cell ending the file without a line end': '姓名,地址\n郑一,"杭州\n西湖"',
};

describe('counting the rows of a CSV for the progress bar', () => {
  for (const [name, text] of Object.entries(MESSY)) {
    it(`counts what the import reads: ${name}`, async () => {
      const file = csvFile(text);
      expect(await countDataRows(file)).toBe(await rowsRead(file));
    });
  }

  it('counts GB18030 text by the same bytes', async () => {
    const file = csvFile('姓名,地址\n"王五","上海市\n静安区"\n\n赵六,北京\n', 'gb18030');
    expect(await countDataRows(file)).toBe(2);
    expect(await rowsRead(file)).toBe(2);
  });

  it('counts rows split across reads', async () => {
    const row = '张三,"上海市\n静安区 ""一号""",13800001111\n\n';
    const file = csvFile(`姓名,地址,手机\n${row.repeat(60_000)}`);
    expect(file.size).toBeGreaterThan(1024 * 1024);
    expect(await countDataRows(file)).toBe(60_000);
  });
});
