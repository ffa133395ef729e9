import fs from 'node:fs';
import type { Readable } from 'node:stream';
import {
  IMPORT_FIELDS,
  type Import,
  type ImportKind,
  type ImportList,
  type ImportMapping,
  type ImportPreview,
  type ImportSettingsBody,
  PREVIEW_ROWS,
  REQUIRED_IMPORT_FIELDS,
  suggestMapping,
} from '../../../shared/imports.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import type { Jobs } from '../../jobs/jobs.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, authorize, eventActor } from '../auth/actor.ts';
import { maskFor } from '../customers/customers.masking.ts';
import { NamePinyinCache } from '../customers/customers.search.ts';
import { recordEvent } from '../events/events.repository.ts';
import { type BatchAlongside, type BatchResult, type CreatedKeys, type ImportRun, prepareCustomerBatch, writeCustomerBatch } from './import-customers.ts';
import { type FileRow, readDataRows, readHeaders, saveUpload, type StoredFile, uploadPath, countDataRows } from './import-file.ts';
import { importOrderBatch, undoOrderChanges } from './import-orders.ts';
import { importJob } from './imports.jobs.ts';
import * as repo from './imports.repository.ts';

/** Rows per transaction: big enough for few round trips, small enough to keep memory flat and progress moving. */
export const BATCH_ROWS = 2500;

function presentImport(row: repo.ImportRow): Import {
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.file_name,
    fileFormat: row.file_format,
    encoding: row.encoding,
    fileSize: Number(row.file_size),
    headers: row.headers,
    mapping: row.mapping as ImportMapping,
    policy: row.policy,
    status: row.status,
    totalRows: row.total_rows,
    rowsDone: row.rows_done,
    createdCount: row.created_count,
    updatedCount: row.updated_count,
    skippedCount: row.skipped_count,
    errorCount: row.error_count,
    failure: row.failure,
    createdBy: row.created_by_name ? { id: row.created_by, name: row.created_by_name } : null,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    undoneAt: row.undone_at?.toISOString() ?? null,
  };
}

function writePermission(kind: ImportKind) {
  return kind === 'orders' ? ('orders.write' as const) : ('customers.write' as const);
}

const storedFile = (row: repo.ImportRow): StoredFile => ({
  path: uploadPath(row.id),
  size: Number(row.file_size),
  format: row.file_format,
  encoding: row.encoding,
});

/** Streams the upload to disk, reads its header row and suggests a mapping. */
export async function uploadImport(db: Db, actor: Actor, input: { kind: ImportKind; fileName: string }, body: Readable): Promise<Import> {
  authorize(actor, writePermission(input.kind));
  const id = uuidv7();
  const file = await saveUpload(body, uploadPath(id));
  try {
    const headers = await readHeaders(file);
    await repo.insertImport(db, {
      workspace_id: actor.workspaceId,
      id,
      kind: input.kind,
      file_name: input.fileName,
      file_format: file.format,
      encoding: file.encoding,
      file_size: file.size,
      headers,
      mapping: JSON.stringify(suggestMapping(input.kind, headers)),
      created_by: actor.userId,
    });
  } catch (error) {
    await fs.promises.rm(file.path, { force: true });
    throw error;
  }
  return getImport(db, actor, id);
}

export async function getImport(db: DbOrTx, actor: Actor, id: string): Promise<Import> {
  const row = await repo.findImport(db, actor, id);
  if (!row) throw notFound('Import');
  return presentImport(row);
}

export async function listImports(db: DbOrTx, actor: Actor, limit = 50): Promise<ImportList> {
  return { items: (await repo.listImports(db, actor, limit)).map(presentImport) };
}

/** field → column index, after checking every named field exists for this kind and is mapped once. */
function columnsOf(kind: ImportKind, headers: string[], mapping: ImportMapping) {
  const known = new Set<string>(IMPORT_FIELDS[kind]);
  const columns: Partial<Record<string, number>> = {};
  const issues = [];
  for (const [header, field] of Object.entries(mapping)) {
    if (!field) continue;
    const index = headers.indexOf(header);
    if (index < 0) issues.push({ path: `mapping.${header}`, code: 'unknown_header', message: `The file has no column ${header}` });
    else if (!known.has(field)) issues.push({ path: `mapping.${header}`, code: 'unknown_field', message: `${field} is not a field of ${kind}` });
    else if (columns[field] !== undefined) issues.push({ path: `mapping.${header}`, code: 'mapped_twice', message: `${field} is mapped from two columns` });
    else columns[field] = index;
  }
  if (issues.length) throw invalidFields(issues);
  return columns;
}

async function runOf(db: DbOrTx, actor: Actor, row: repo.ImportRow, settings: ImportSettingsBody, preview = false): Promise<ImportRun> {
  return {
    preview,
    workspaceId: actor.workspaceId,
    importId: row.id,
    actor,
    policy: settings.policy,
    columns: columnsOf(row.kind, row.headers, settings.mapping),
    owners: row.kind === 'customers' ? await repo.assignableOwners(db, actor) : new Map(),
    pinyin: new NamePinyinCache(150_000),
  };
}

interface LookupColumns {
  table: string;
  columns: string[];
}

/** A batch in two steps: `prepare` needs no database (parsing, pinyin), `write` runs in the batch's transaction. */
interface BatchImporter<Prepared> {
  prepare(run: ImportRun, headers: string[], rows: FileRow[]): Prepared;
  write(db: DbOrTx, run: ImportRun, headers: string[], prepared: Prepared, alongside?: BatchAlongside): Promise<BatchResult>;
  /** how many batches may be written at once under this policy */
  inFlight(run: ImportRun): number;
  /** the columns the batches look rows up by; the first table's growth decides when their statistics are refreshed */
  lookupColumns: LookupColumns[];
}
const customerImporter: BatchImporter<ReturnType<typeof prepareCustomerBatch>> = {
  prepare: prepareCustomerBatch,
  write: (db, run, _headers, prepared, alongside) => writeCustomerBatch(db, run, prepared, alongside),
  // Updating merges a row into a customer an uncommitted batch may be writing: one batch at a time then. Never more
  // than two: a batch is matched against the customers of the one before it (BatchAlongside), not of the one before
  // that — with three, a million-row import created 3,913 duplicates its lookup could not see yet.
  inFlight: (run) => (run.policy === 'update' ? 1 : 2),
  lookupColumns: [
    { table: 'customers', columns: ['workspace_id', 'id', 'deleted_at', 'name'] },
    { table: 'customer_contact_keys', columns: ['workspace_id', 'key'] },
  ],
};
const orderImporter: BatchImporter<FileRow[]> = {
  prepare: (_run, _headers, rows) => rows,
  write: importOrderBatch,
  inFlight: () => 1,
  lookupColumns: [{ table: 'orders', columns: ['workspace_id', 'order_no'] }],
};
const importerOf = (kind: ImportKind): BatchImporter<unknown> =>
  (kind === 'orders' ? orderImporter : customerImporter) as BatchImporter<unknown>;

class PreviewDone extends Error {
  readonly result: BatchResult;
  constructor(result: BatchResult) {
    super('preview');
    this.result = result;
  }
}

/** The first rows exactly as the import would treat them: run for real inside a transaction that is then rolled back. */
export async function previewImport(db: Db, actor: Actor, id: string, settings: ImportSettingsBody): Promise<ImportPreview> {
  const row = await repo.findImport(db, actor, id);
  if (!row) throw notFound('Import');
  authorize(actor, writePermission(row.kind));
  const run = await runOf(db, actor, row, settings, true);
  const rows: FileRow[] = [];
  for await (const fileRow of readDataRows(storedFile(row))) {
    rows.push(fileRow);
    if (rows.length >= PREVIEW_ROWS) break;
  }
  let result: BatchResult;
  try {
    await db.transaction().execute(async (tx) => {
      const importer = importerOf(row.kind);
      throw new PreviewDone(await importer.write(tx, run, row.headers, importer.prepare(run, row.headers, rows)));
    });
    throw new Error('unreachable');
  } catch (error) {
    if (!(error instanceof PreviewDone)) throw error;
    result = error.result;
  }
  const mapped = new Set(Object.values(settings.mapping).filter(Boolean));
  return {
    rows: result.preview.map((preview) => ({ ...preview, values: maskFor(actor, preview.values) })),
    unmappedRequired: REQUIRED_IMPORT_FIELDS[row.kind].filter((field) => !mapped.has(field)),
  };
}

export interface ImportJobData {
  workspaceId: string;
  importId: string;
  actor: Actor;
}

/** Saves the mapping and policy and queues the import job. */
export async function startImport(db: DbOrTx, jobs: Jobs, actor: Actor, id: string, settings: ImportSettingsBody): Promise<Import> {
  const row = await repo.findImport(db, actor, id, true);
  if (!row) throw notFound('Import');
  authorize(actor, writePermission(row.kind));
  if (row.status !== 'uploaded') throw new AppError('conflict', `This import has already been started (${row.status})`);
  columnsOf(row.kind, row.headers, settings.mapping);
  const mapped = new Set(Object.values(settings.mapping).filter(Boolean));
  const missing = REQUIRED_IMPORT_FIELDS[row.kind].filter((field) => !mapped.has(field));
  if (missing.length) {
    throw invalidFields(missing.map((field) => ({ path: 'mapping', code: 'required_field_unmapped', message: `Map a column to ${field}` })));
  }
  await repo.updateImport(db, actor.workspaceId, id, { mapping: JSON.stringify(settings.mapping), policy: settings.policy, status: 'queued' });
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'import',
    entityId: id,
    action: 'started',
    before: null,
    after: { kind: row.kind, fileName: row.file_name, policy: settings.policy, mapping: settings.mapping },
  });
  await jobs.send(importJob, { workspaceId: actor.workspaceId, importId: id, actor: { ...actor, sessionId: null, csrfToken: null } }, { singletonKey: id });
  return getImport(db, actor, id);
}

/**
 * Keeps the planner's statistics of the importer's lookup columns current while the import grows their tables.
 * Autovacuum analyzes a table a minute after it has grown at the earliest; until then every batch's lookup was planned
 * for the table as its statistics last saw it. In a new database that is none: PostgreSQL took `workspace_id = …` to
 * match 0.5 % of the rows, read all of them and tested each against the batch's thousands of keys (277 ms a batch at
 * 180,000 customers, 25 ms with statistics; over a 200k-row import a quarter of PostgreSQL's statement time). When a batch
 * that takes the table to four times the rows its statistics saw has committed, the columns are analyzed alongside the
 * next batches: a handful of times a million rows, each reading a sample.
 */
async function lookupStatistics(db: Db, lookups: LookupColumns[]) {
  const atStart = await repo.rowsInStatistics(db, lookups[0]!.table);
  let seen = atStart;
  let refreshing = Promise.resolve();
  const refresh = async () => {
    for (const { table, columns } of lookups) await repo.analyze(db, table, columns);
  };
  return {
    /** once `committed` is, the import will have added about `added` rows to the table */
    grown(added: number, committed: Promise<void>) {
      if (!statisticsStale(seen, atStart + added)) return;
      seen = atStart + added;
      // A lookup planned on older statistics is slower, not wrong: a refresh that fails is reported and the import goes
      // on; one after a batch that failed is not run.
      refreshing = Promise.all([refreshing, committed])
        .then(refresh, () => {})
        .catch((error: Error) => {
          process.stderr.write(`kemai import: the lookup statistics were not refreshed (${error.message})\n`);
        });
    },
    settled: () => refreshing,
  };
}

/** Whether statistics taken at `seen` rows misdescribe a table of `rows` (also when it had none and has grown a batch). */
export const statisticsStale = (seen: number, rows: number) => rows >= 4 * Math.max(seen, BATCH_ROWS / 4);

/**
 * The job: streams the file in batches, each in its own transaction together
 * with its errors and the new resume point (rows_done), so a restarted job
 * carries on where the last committed batch ended; the rows are counted for
 * the progress bar meanwhile. Batches are matched in file order: each sees
 * the customers committed before it and those the batch before it created.
 * Under the skip and create policies two batches are written at once (on two
 * connections, so both cores work while Node.js reads and prepares the next
 * one); they commit in file order, as each moves the resume point only from
 * where the batch before it left it.
 */
export async function runImport(db: Db, data: ImportJobData): Promise<void> {
  const row = await repo.findImportForJob(db, data.workspaceId, data.importId);
  if (!row || !['queued', 'running'].includes(row.status)) return;
  const actor = data.actor;
  const file = storedFile(row);
  const writing: Array<Promise<void>> = [];
  let counting: Promise<void> = Promise.resolve();
  try {
    await repo.updateImport(db, data.workspaceId, row.id, { status: 'running', started_at: row.started_at ?? new Date() });
    // The progress bar's total: counted alongside the import rather than before it (reading a million rows takes
    // ~15 s, in which PostgreSQL would wait); until it is known the bar shows the rows done.
    if (row.total_rows === null) {
      counting = countDataRows(file).then((total) => repo.updateImport(db, data.workspaceId, row.id, { total_rows: total }));
      counting.catch(() => {});
    }
    const run = await runOf(db, actor, row, { mapping: row.mapping as ImportMapping, policy: row.policy });
    const importer = importerOf(row.kind);
    const inFlight = importer.inFlight(run);
    const statistics = await lookupStatistics(db, importer.lookupColumns);
    let skip = row.rows_done;
    let rowsBefore = row.rows_done;
    let previousCreated: Promise<CreatedKeys> = Promise.resolve(new Map());
    let batch: FileRow[] = [];
    const write = (prepared: unknown, rowCount: number, after: number, alongside: BatchAlongside | undefined, before: Promise<void>) =>
      db.transaction().execute(async (tx) => {
        const result = await importer.write(tx, run, row.headers, prepared, alongside);
        await repo.insertIssues(tx, data.workspaceId, row.id, result.issues);
        // Commits after the batch before it has, or not at all if that one failed.
        await before;
        await repo.recordProgress(tx, data.workspaceId, row.id, after, { rows: rowCount, ...result });
      });
    const flush = async () => {
      const rows = batch;
      batch = [];
      const prepared = importer.prepare(run, row.headers, rows);
      while (writing.length >= inFlight) await writing.shift();
      const before = writing.at(-1) ?? Promise.resolve();
      if (inFlight > 1) {
        const created = Promise.withResolvers<CreatedKeys>();
        created.promise.catch(() => {});
        const written = write(prepared, rows.length, rowsBefore, { previous: previousCreated, matched: created.resolve }, before);
        previousCreated = created.promise;
        // A batch that fails before matching its rows fails the one after it too, instead of leaving it waiting.
        written.catch(created.reject);
        writing.push(written);
      } else {
        writing.push(write(prepared, rows.length, rowsBefore, undefined, before));
      }
      rowsBefore += rows.length;
      // Handled where it is awaited (a later flush or the end); this keeps a failure meanwhile from counting as unhandled.
      writing.at(-1)!.catch(() => {});
      statistics.grown(rowsBefore - row.rows_done, writing.at(-1)!);
    };
    for await (const fileRow of readDataRows(file)) {
      if (skip > 0) {
        skip--;
        continue;
      }
      batch.push(fileRow);
      if (batch.length >= BATCH_ROWS) await flush();
    }
    if (batch.length) await flush();
    while (writing.length) await writing.shift();
    await counting;
    await statistics.settled();
    await db.transaction().execute(async (tx) => {
      await repo.updateImport(tx, data.workspaceId, row.id, { status: 'completed', finished_at: new Date() });
      const done = (await repo.findImportForJob(tx, data.workspaceId, row.id))!;
      await recordEvent(tx, {
        workspaceId: data.workspaceId,
        actor: eventActor(actor),
        entityType: 'import',
        entityId: row.id,
        action: 'completed',
        before: null,
        after: { rows: done.rows_done, created: done.created_count, updated: done.updated_count, skipped: done.skipped_count, errors: done.error_count },
      });
    });
    await fs.promises.rm(file.path, { force: true });
  } catch (error) {
    // Batches still being written finish (commit or roll back) before the import is marked failed.
    await Promise.allSettled([...writing, counting]);
    await repo.updateImport(db, data.workspaceId, row.id, {
      status: 'failed',
      failure: error instanceof Error ? error.message : String(error),
      finished_at: new Date(),
    });
  }
}

/** Takes back everything an import did: created records are removed, updated ones get their old values. Recorded. */
export async function undoImport(db: DbOrTx, actor: Actor, id: string): Promise<Import> {
  const row = await repo.findImport(db, actor, id, true);
  if (!row) throw notFound('Import');
  authorize(actor, writePermission(row.kind));
  if (row.status === 'undone') throw new AppError('conflict', 'This import has already been undone');
  if (!['completed', 'failed'].includes(row.status)) throw new AppError('conflict', `An import can be undone once it has finished (it is ${row.status})`);
  const who = eventActor(actor);
  const summary =
    row.kind === 'orders'
      ? (await undoOrderChanges(db, actor.workspaceId, id, who, repo.sqlUuidv7), {})
      : await repo.undoCustomerChanges(db, actor.workspaceId, id, who);
  await repo.updateImport(db, actor.workspaceId, id, { status: 'undone', undone_at: new Date(), undone_by: actor.userId });
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: who,
    entityType: 'import',
    entityId: id,
    action: 'undone',
    before: { status: row.status },
    after: { status: 'undone', ...summary },
  });
  return getImport(db, actor, id);
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The error file: one line per problem (row, column, reason), UTF-8 with a BOM for Excel, streamed from the table. */
export async function* errorFileLines(db: DbOrTx, actor: Actor, id: string): AsyncGenerator<string> {
  const row = await repo.findImport(db, actor, id);
  if (!row) throw notFound('Import');
  yield `\uFEFF行号 row,列 column,类型 kind,原因 reason\r\n`;
  let after: [number, number] = [0, 0];
  for (;;) {
    const page = await repo.issuesAfter(db, actor.workspaceId, id, after, 5000);
    if (!page.length) return;
    yield page
      .map((issue) => [issue.row_no, csvCell(issue.column_name), issue.severity === 'error' ? '错误 error' : '跳过 skipped', csvCell(issue.reason)].join(',') + '\r\n')
      .join('');
    const last = page.at(-1)!;
    after = [last.row_no, last.position];
  }
}
