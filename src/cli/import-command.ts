import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { IMPORT_FIELDS, IMPORT_POLICIES, type Import, type ImportMapping, type ImportPolicy, type ImportPreview } from '../shared/imports.ts';

const USAGE = `Usage: kemai import customers|orders FILE [options]

Imports a CSV (UTF-8 or GBK) or XLSX file into a running Kemai through its API,
with the same steps as the web page: upload, mapping, duplicate policy, and a
background import whose progress is shown here.

Options:
  --map "姓名=name,手机=phones"   column=field pairs, on top of the suggested mapping
                                  (field "-" leaves a column out)
  --policy skip|update|create     what to do with duplicates (default skip)
  --url URL                       Kemai's address (default $KEMAI_URL or http://localhost:3000)
  --api-key KEY                   an API key (default $KEMAI_API_KEY); Settings → API keys
  --errors FILE                   save the error report (CSV) there when rows were left out
  --dry-run                       show the mapping and the preview of the first rows; import nothing

Fields: customers: ${IMPORT_FIELDS.customers.join(', ')}
        orders:    ${IMPORT_FIELDS.orders.join(', ')}`;

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.txt': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

class CliError extends Error {}

/** "姓名=name,手机=phones" → { 姓名: 'name', 手机: 'phones' } */
export function parseMapOption(text: string): ImportMapping {
  const mapping: ImportMapping = {};
  for (const pair of text.split(/[,，]/).map((part) => part.trim()).filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new CliError(`--map: "${pair}" is not column=field`);
    const field = pair.slice(at + 1).trim();
    mapping[pair.slice(0, at).trim()] = field === '-' || field === '' ? null : field;
  }
  return mapping;
}

/** [#####-----]  45%  450 / 1,000 rows */
export function progressLine(item: Pick<Import, 'rowsDone' | 'totalRows' | 'status'>, width = 30): string {
  const total = item.totalRows;
  const ratio = item.status === 'completed' ? 1 : total ? Math.min(item.rowsDone / total, 1) : 0;
  const filled = Math.round(ratio * width);
  const counts = total === null ? `${item.rowsDone.toLocaleString('en')} rows (counting…)` : `${item.rowsDone.toLocaleString('en')} / ${total.toLocaleString('en')} rows`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${counts}`;
}

export async function runImportCommand(args: string[], out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      map: { type: 'string' },
      policy: { type: 'string', default: 'skip' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      errors: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    out.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  try {
    const [kind, file] = positionals as [string, string | undefined];
    if (kind !== 'customers' && kind !== 'orders') throw new CliError(`import what? customers or orders, not ${kind}`);
    if (!file) throw new CliError('name the file to import');
    if (!IMPORT_POLICIES.includes(values.policy as ImportPolicy)) throw new CliError(`--policy must be skip, update or create, not ${values.policy}`);
    const base = (values.url ?? process.env.KEMAI_URL ?? 'http://localhost:3000').replace(/\/$/, '');
    const key = values['api-key'] ?? process.env.KEMAI_API_KEY;
    if (!key) throw new CliError('an API key is needed: --api-key or KEMAI_API_KEY (Settings → API keys)');
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) throw new CliError(`no such file: ${file}`);

    const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${base}${url}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) {
        let detail = text;
        try {
          const problem = JSON.parse(text) as { detail?: string; errors?: Array<{ path: string; message: string }> };
          detail = [problem.detail, ...(problem.errors ?? []).map((issue) => `  ${issue.path}: ${issue.message}`)].filter(Boolean).join('\n');
        } catch {
          // not JSON: show as is
        }
        throw new CliError(`${method} ${url}: HTTP ${response.status}\n${detail}`);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    };

    err.write(`Uploading ${path.basename(file)} (${(stat.size / 1024 / 1024).toFixed(1)} MB)…\n`);
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const query = new URLSearchParams({ kind, fileName: path.basename(file) });
    const uploadResponse = await fetch(`${base}/api/imports?${query.toString()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type, 'content-length': String(stat.size) },
      body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    if (!uploadResponse.ok) throw new CliError(`upload: HTTP ${uploadResponse.status}\n${await uploadResponse.text()}`);
    const uploaded = (await uploadResponse.json()) as Import;
    const mapping: ImportMapping = { ...uploaded.mapping, ...(values.map ? parseMapOption(values.map) : {}) };
    for (const header of Object.keys(mapping)) {
      if (!uploaded.headers.includes(header)) throw new CliError(`--map: the file has no column "${header}" (columns: ${uploaded.headers.join(', ')})`);
    }
    err.write(`Format ${uploaded.fileFormat.toUpperCase()}${uploaded.encoding ? `, ${uploaded.encoding}` : ''}. Mapping:\n`);
    for (const header of uploaded.headers) err.write(`  ${header} → ${mapping[header] ?? '(not imported)'}\n`);

    const policy = values.policy as ImportPolicy;
    if (values['dry-run']) {
      const preview = await call<ImportPreview>('POST', `/api/imports/${uploaded.id}/preview`, { mapping, policy });
      if (preview.unmappedRequired.length) err.write(`Required fields without a column: ${preview.unmappedRequired.join(', ')}\n`);
      for (const row of preview.rows) {
        const problems = row.errors.map((issue) => `${issue.column ?? ''} ${issue.reason}`).join('; ');
        out.write(`row ${row.rowNo}: ${row.action}${problems ? ` — ${problems}` : ''}\n`);
      }
      return 0;
    }

    let current = await call<Import>('POST', `/api/imports/${uploaded.id}/start`, { mapping, policy });
    const interactive = err.isTTY === true;
    let last = '';
    while (current.status === 'queued' || current.status === 'running') {
      const line = progressLine(current);
      if (line !== last) err.write(interactive ? `\r${line}` : `${line}\n`);
      last = line;
      await new Promise((resolve) => setTimeout(resolve, 500));
      current = await call<Import>('GET', `/api/imports/${uploaded.id}`);
    }
    err.write(`${interactive ? '\r' : ''}${progressLine(current)}\n`);
    out.write(
      `${current.status}: ${current.createdCount} created, ${current.updatedCount} updated, ${current.skippedCount} skipped, ${current.errorCount} with errors (import ${current.id})\n`,
    );
    if (current.failure) err.write(`Failed: ${current.failure}\n`);
    if (current.errorCount + current.skippedCount > 0) {
      const url = `/api/imports/${current.id}/errors.csv`;
      if (values.errors) {
        const response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${key}` } });
        await fs.promises.writeFile(values.errors, Buffer.from(await response.arrayBuffer()));
        out.write(`Error report: ${values.errors}\n`);
      } else out.write(`Error report: ${base}${url} (or pass --errors FILE)\n`);
    }
    return current.status === 'completed' ? 0 : 1;
  } catch (error) {
    if (error instanceof CliError) {
      err.write(`kemai import: ${error.message}\n`);
      return 1;
    }
    if (error instanceof TypeError && /fetch failed/.test(error.message)) {
      err.write(`kemai import: cannot reach Kemai (${error.message})\n`);
      return 1;
    }
    throw error;
  }
}


