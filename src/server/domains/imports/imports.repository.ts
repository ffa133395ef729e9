import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { ImportsTable } from '../../db/schema.ts';
import type { Insertable, Updateable } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { RowIssue } from './import-customers.ts';

const importColumns = [
  'imports.id',
  'imports.kind',
  'imports.file_name',
  'imports.file_format',
  'imports.encoding',
  'imports.file_size',
  'imports.headers',
  'imports.mapping',
  'imports.policy',
  'imports.status',
  'imports.total_rows',
  'imports.rows_done',
  'imports.created_count',
  'imports.updated_count',
  'imports.skipped_count',
  'imports.error_count',
  'imports.failure',
  'imports.created_by',
  'creator.name as created_by_name',
  'imports.created_at',
  'imports.started_at',
  'imports.finished_at',
  'imports.undone_at',
] as const;

function importQuery(db: DbOrTx, workspaceId: string) {
  return db
    .selectFrom('imports')
    .leftJoin('users as creator', (join) =>
      join.onRef('creator.workspace_id', '=', 'imports.workspace_id').onRef('creator.id', '=', 'imports.created_by'),
    )
    .select(importColumns)
    .where('imports.workspace_id', '=', workspaceId);
}

/** An import the actor may see: their own, or any in the workspace for roles that see every record. */
export function findImport(db: DbOrTx, actor: Actor, id: string, forUpdate = false) {
  let query = importQuery(db, actor.workspaceId).where('imports.id', '=', id);
  if (actor.role.recordScope !== 'all') query = query.where('imports.created_by', '=', actor.userId);
  if (forUpdate) query = query.forUpdate('imports');
  return query.executeTakeFirst();
}
export type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

/** For the job, which acts for the user who started the import. */
export function findImportForJob(db: DbOrTx, workspaceId: string, id: string) {
  return importQuery(db, workspaceId).where('imports.id', '=', id).forUpdate('imports').executeTakeFirst();
}

export function listImports(db: DbOrTx, actor: Actor, limit: number) {
  let query = importQuery(db, actor.workspaceId);
  if (actor.role.recordScope !== 'all') query = query.where('imports.created_by', '=', actor.userId);
  return query.orderBy('imports.created_at', 'desc').orderBy('imports.id', 'desc').limit(limit).execute();
}

export async function insertImport(db: DbOrTx, row: Insertable<ImportsTable>) {
  await db.insertInto('imports').values(row).execute();
}

export async function updateImport(db: DbOrTx, workspaceId: string, id: string, changes: Updateable<ImportsTable>) {
  await db.updateTable('imports').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/**
 * Adds a batch's counts and moves the resume point, in the batch's transaction, from where the batch before left it
 * (`rowsBefore`), and fails if that batch did not commit: a later batch must never move the resume point past rows
 * that were not written.
 */
export async function recordProgress(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  rowsBefore: number,
  batch: { rows: number; created: number; updated: number; skipped: number; errors: number },
) {
  const result = await sql`
    update imports set rows_done = rows_done + ${batch.rows}, created_count = created_count + ${batch.created},
      updated_count = updated_count + ${batch.updated}, skipped_count = skipped_count + ${batch.skipped},
      error_count = error_count + ${batch.errors}
    where workspace_id = ${workspaceId} and id = ${id} and rows_done = ${rowsBefore}`.execute(db);
  if (result.numAffectedRows !== 1n) throw new Error(`A batch before the one after data row ${rowsBefore} was not written; the import stops there`);
}

export async function insertIssues(db: DbOrTx, workspaceId: string, importId: string, issues: RowIssue[]) {
  if (!issues.length) return;
  const positions = new Map<number, number>();
  const rows = issues.map((issue) => {
    const position = (positions.get(issue.rowNo) ?? 0) + 1;
    positions.set(issue.rowNo, position);
    return { row_no: issue.rowNo, position, severity: issue.severity, column_name: issue.column, reason: issue.reason };
  });
  await sql`
    insert into import_errors (workspace_id, import_id, row_no, position, severity, column_name, reason)
    select ${workspaceId}::uuid, ${importId}::uuid, r.row_no, r.position, r.severity, r.column_name, r.reason
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(row_no int, position int, severity text, column_name text, reason text)
    on conflict do nothing`.execute(db);
}

/** The error file's rows in file order, a page at a time (keyset on row and position). */
export function issuesAfter(db: DbOrTx, workspaceId: string, importId: string, after: [number, number], limit: number) {
  return db
    .selectFrom('import_errors')
    .select(['row_no', 'position', 'severity', 'column_name', 'reason'])
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .where(({ eb, refTuple, tuple }) => eb(refTuple('row_no', 'position'), '>', tuple(after[0], after[1])))
    .orderBy('row_no')
    .orderBy('position')
    .limit(limit)
    .execute();
}

/** The user an import acts for, with their role (the job rebuilds its actor from this). */
export function findUserActor(db: DbOrTx, workspaceId: string, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('roles', (join) => join.onRef('roles.workspace_id', '=', 'users.workspace_id').onRef('roles.id', '=', 'users.role_id'))
    .select(['users.id', 'users.name', 'users.team_id', 'users.active', 'roles.key', 'roles.name as role_name', 'roles.permissions', 'roles.record_scope'])
    .where('users.workspace_id', '=', workspaceId)
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

/** Active users the actor may give customers to, by lower-cased e-mail and by name. */
export async function assignableOwners(db: DbOrTx, actor: Actor): Promise<Map<string, string>> {
  let query = db
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.name'])
    .where('users.workspace_id', '=', actor.workspaceId)
    .where('users.active', '=', true);
  if (actor.role.recordScope === 'own') query = query.where('users.id', '=', actor.userId);
  if (actor.role.recordScope === 'team') {
    const teams = db
      .selectFrom('teams')
      .select('teams.id')
      .where('teams.workspace_id', '=', actor.workspaceId)
      .where((team) => team.or([team('teams.manager_id', '=', actor.userId), team('teams.id', '=', actor.teamId)]));
    query = query.where((eb) => eb.or([eb('users.id', '=', actor.userId), eb('users.team_id', 'in', teams)]));
  }
  const owners = new Map<string, string>();
  for (const user of await query.execute()) {
    owners.set(user.email.toLowerCase(), user.id);
    if (!owners.has(user.name.toLowerCase())) owners.set(user.name.toLowerCase(), user.id);
  }
  return owners;
}

/** Undo, customers: those it created are deleted (soft, restorable), those it updated get their old values back; each with an event. */
export async function undoCustomerChanges(db: DbOrTx, workspaceId: string, importId: string, actor: { type: string; id: string | null }) {
  const created = await sql<{ n: number }>`
    with deleted as (
      update customers c set deleted_at = now(), version = c.version + 1, updated_at = now()
      where c.workspace_id = ${workspaceId} and c.import_id = ${importId} and c.deleted_at is null
      returning c.id, c.name
    ), evented as (
      insert into events (workspace_id, id, actor_type, actor_id, entity_type, entity_id, customer_id, action, before, after)
      select ${workspaceId}::uuid, ${sqlUuidv7}, ${actor.type}, ${actor.id}::uuid, 'customer', d.id, d.id, 'import_undone',
        jsonb_build_object('id', d.id, 'name', d.name), jsonb_build_object('id', d.id, 'name', d.name, 'deleted', true, 'importId', ${importId}::uuid)
      from deleted d
      returning 1
    )
    select count(*)::int as n from evented`.execute(db);
  const updated = await sql<{ n: number }>`
    with restored as (
      update customers c set
        kind = b.kind, name = b.name, name_pinyin = b.name_pinyin, name_initials = b.name_initials, phones = b.phones, emails = b.emails,
        contact_search = b.contact_search, city = b.city, address = b.address, tags = b.tags, status = b.status, owner_id = b.owner_id,
        profile = b.profile, version = c.version + 1, updated_at = now()
      from import_changes ch
      cross join lateral jsonb_populate_record(null::customers, ch.before) as b
      where ch.workspace_id = ${workspaceId} and ch.import_id = ${importId} and ch.entity_type = 'customer' and ch.action = 'updated'
        and c.workspace_id = ch.workspace_id and c.id = ch.entity_id
      returning c.id, c.name
    ), evented as (
      insert into events (workspace_id, id, actor_type, actor_id, entity_type, entity_id, customer_id, action, after)
      select ${workspaceId}::uuid, ${sqlUuidv7}, ${actor.type}, ${actor.id}::uuid, 'customer', r.id, r.id, 'import_undone',
        jsonb_build_object('id', r.id, 'name', r.name, 'importId', ${importId}::uuid)
      from restored r
      returning 1
    )
    select count(*)::int as n from evented`.execute(db);
  return { deleted: created.rows[0]!.n, restored: updated.rows[0]!.n };
}

/** A time-ordered UUID (v7) made in SQL, for events written set-wise (gen_random_uuid with the clock in its first 48 bits). */
export const sqlUuidv7 = sql<string>`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;

/** The table's row count as its statistics last saw it (0 when it was never analyzed or vacuumed). */
export async function rowsInStatistics(db: DbOrTx, table: string): Promise<number> {
  const { rows } = await sql<{ rows: number }>`select greatest(reltuples, 0)::float8 as rows from pg_class where oid = ${table}::regclass`.execute(db);
  return rows[0]?.rows ?? 0;
}

/** Refreshes the planner's statistics of these columns of the table. */
export async function analyze(db: DbOrTx, table: string, columns: string[]): Promise<void> {
  await sql`analyze ${sql.table(table)} (${sql.join(columns.map((column) => sql.id(column)))})`.execute(db);
}
