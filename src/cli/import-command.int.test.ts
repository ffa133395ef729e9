import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../server/testing/harness.ts';
import { parseMapOption, progressLine, runImportCommand } from './import-command.ts';

let ctx: TestContext;
let url: string;
let key: string;

beforeAll(async () => {
  ctx = await createTestContext();
  url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  key = (await ctx.admin.request('POST', '/api/api-keys', { name: 'cli', role: 'admin' })).json().key;
});

function capture() {
  let text = '';
  const stream = { write: (chunk: string) => ((text += chunk), true), isTTY: false } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe('kemai import', () => {
  it('parses --map and draws a progress bar', () => {
    expect(parseMapOption('姓名=name, 手机=phones,备注=-')).toEqual({ 姓名: 'name', 手机: 'phones', 备注: null });
    expect(progressLine({ rowsDone: 450, totalRows: 1000, status: 'running' }, 10)).toBe('[#####-----]  45%  450 / 1,000 rows');
    expect(progressLine({ rowsDone: 3, totalRows: 3, status: 'completed' }, 4)).toBe('[####] 100%  3 / 3 rows');
  });

  it('uploads a file to a running Kemai, maps with --map, shows progress and saves the error report', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-cli-'));
    const file = path.join(dir, '客户.csv');
    fs.writeFileSync(file, '客户,联系方式,所在地\n令狐冲,13411110001,华山\n任盈盈,not-a-phone,黑木崖\n');
    const errors = path.join(dir, 'errors.csv');
    const out = capture();
    const err = capture();
    const code = await runImportCommand(
      ['customers', file, '--map', '联系方式=phones,所在地=city', '--policy', 'skip', '--url', url, '--api-key', key, '--errors', errors],
      out.stream,
      err.stream,
    );
    expect(err.text()).toContain('联系方式 → phones');
    expect(err.text()).toContain('100%  2 / 2 rows');
    expect(code).toBe(0);
    expect(out.text()).toContain('completed: 1 created, 0 updated, 0 skipped, 1 with errors');
    expect(fs.readFileSync(errors, 'utf8')).toContain('3,联系方式,错误 error,电话号码无效：not-a-phone');
    const stored = await ctx.db.selectFrom('customers').select(['name', 'phones', 'city']).where('name', '=', '令狐冲').execute();
    expect(stored).toEqual([{ name: '令狐冲', phones: ['13411110001'], city: '华山' }]);
  });

  it('says what is wrong without a key or with an unknown column', async () => {
    const err = capture();
    const previous = process.env.KEMAI_API_KEY;
    delete process.env.KEMAI_API_KEY;
    expect(await runImportCommand(['customers', 'x.csv', '--url', url], capture().stream, err.stream)).toBe(1);
    expect(err.text()).toContain('an API key is needed');
    if (previous !== undefined) process.env.KEMAI_API_KEY = previous;

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-cli-'));
    const file = path.join(dir, 'a.csv');
    fs.writeFileSync(file, 'name\n张三\n');
    const err2 = capture();
    expect(await runImportCommand(['customers', file, '--map', '手机=phones', '--url', url, '--api-key', key], capture().stream, err2.stream)).toBe(1);
    expect(err2.text()).toContain('the file has no column "手机"');
  });
});
