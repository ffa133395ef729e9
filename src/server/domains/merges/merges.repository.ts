import { type RawBuilder, sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleCustomerIds } from '../customers/customers.repository.ts';

/** A customer row exactly as stored (to_jsonb(customers.*)): what merges snapshot and restore. */
export type CustomerSnapshot = Record<string, unknown> & { id: string; version: number; deleted_at: string | null };

/**
 * A table whose rows point at customers, and how a merge moves them: `column`
 * is set from the loser to the survivor; rows that would then collide with
 * one the survivor already has (`twin` columns equal) or point at the survivor
 * itself (`other`) are removed instead, after being saved in full.
 * `key` identifies a row once moved. Tables of other modules are listed here;
 * a table missing from the database is skipped.
 */
export interface RelatedTable {
  table: string;
  column: string;
  key: string[];
  other?: string;
  twin?: string[];
  /** a boolean column unique per customer (one primary contact): cleared when the survivor already has one */
  exclusiveFlag?: string;
  /**
   * rows in this state are one per customer (an open churn warning): a loser's row in it
   * collides with a survivor's row in it. `row` is the table alias to qualify columns with.
   */
  onePerCustomerWhen?: (row: string) => RawBuilder<unknown>;
  /** instead of removing a colliding row, set these columns and leave it with the loser (saved in full for undo) */
  closeOnConflict?: RawBuilder<unknown>;
}

export const RELATED_TABLES: RelatedTable[] = [
  { table: 'events', column: 'customer_id', key: ['id'] },
  { table: 'orders', column: 'customer_id', key: ['id'] },
  { table: 'customer_lifecycle_history', column: 'customer_id', key: ['id'] },
  { table: 'customer_follow_ups', column: 'customer_id', key: ['id'] },
  { table: 'notifications', column: 'customer_id', key: ['id'] },
  { table: 'customer_collaborators', column: 'customer_id', key: ['customer_id', 'user_id'], twin: ['user_id'] },
  { table: 'customer_relations', column: 'from_customer_id', key: ['id'], other: 'to_customer_id', twin: ['to_customer_id', 'type'] },
  { table: 'customer_relations', column: 'to_customer_id', key: ['id'], other: 'from_customer_id', twin: ['from_customer_id', 'type'] },
  // Analytics (migration 0011). The loser's current score moves when the survivor has none
  // (its orders are now the survivor's), else it is dropped; the next refresh recomputes
  // the survivor either way. Score history follows the customer for the dates the survivor
  // has no row of its own. Churn warnings move, but an open one meets the survivor's own
  // open warning: then it is resolved where it is (the survivor's warning stands for both).
  { table: 'customer_scores', column: 'customer_id', key: ['customer_id'], twin: [] },
  { table: 'customer_score_history', column: 'customer_id', key: ['as_of', 'customer_id'], twin: ['as_of'] },
  {
    table: 'churn_warnings',
    column: 'customer_id',
    key: ['id'],
    onePerCustomerWhen: (row) => sql`${sql.ref(`${row}.status`)} <> 'resolved'`,
    closeOnConflict: sql`status = 'resolved', resolved_at = now(), updated_at = now(), version = version + 1`,
  },
  {
    table: 'customer_contacts',
    column: 'organization_id',
    key: ['organization_id', 'person_id'],
    other: 'person_id',
    twin: ['person_id'],
    exclusiveFlag: 'is_primary',
  },
  { table: 'customer_contacts', column: 'person_id', key: ['organization_id', 'person_id'], other: 'organization_id', twin: ['organization_id'] },
];

const id = (name: string) => sql.id(name);

/** The related tables present in this database (another module's migration may not be there yet). */
export async function presentRelatedTables(db: DbOrTx): Promise<RelatedTable[]> {
  const names = [...new Set(RELATED_TABLES.map((spec) => spec.table))];
  const { rows } = await sql<{ name: string }>`
    select t as name from unnest(${names}::text[]) as t where to_regclass(t) is not null`.execute(db);
  const present = new Set(rows.map((row) => row.name));
  return RELATED_TABLES.filter((spec) => present.has(spec.table));
}

/** Both customers, locked, as stored, when the actor may see them; missing ones are left out. */
export async function lockSnapshots(db: DbOrTx, actor: Actor, ids: string[]): Promise<CustomerSnapshot[]> {
  const { rows } = await sql<{ row: CustomerSnapshot }>`
    select to_jsonb(c) as row from customers c
    where c.workspace_id = ${actor.workspaceId} and c.id = any(${ids}::uuid[])
      and c.id in (${visibleCustomerIds(db, actor)})
    order by c.id
    for update of c`.execute(db);
  return rows.map((row) => row.row);
}

export async function snapshotOf(db: DbOrTx, workspaceId: string, customerId: string): Promise<CustomerSnapshot | undefined> {
  const { rows } = await sql<{ row: CustomerSnapshot }>`
    select to_jsonb(c) as row from customers c where c.workspace_id = ${workspaceId} and c.id = ${customerId} for update`.execute(db);
  return rows[0]?.row;
}

/** Writes the given columns of a customer from a row-shaped object (snapshot values), bumping version and updated_at. */
export async function writeCustomerColumns(db: DbOrTx, workspaceId: string, customerId: string, values: Record<string, unknown>) {
  const columns = Object.keys(values).filter((column) => !['workspace_id', 'id', 'version', 'updated_at'].includes(column));
  await sql`
    update customers c set (${sql.join(columns.map(id))}, version, updated_at) =
      (select ${sql.join(columns.map((column) => sql`r.${id(column)}`))}, c.version + 1, now()
       from jsonb_populate_record(null::customers, ${JSON.stringify(values)}::jsonb) as r)
    where c.workspace_id = ${workspaceId} and c.id = ${customerId}`.execute(db);
}

/** The columns of the customers table (the restore writes every one of them). */
export async function customerColumns(db: DbOrTx): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = 'customers' order by ordinal_position`.execute(db);
  return rows.map((row) => row.name);
}

/**
 * Moves one table's rows from the loser to the survivor, saving each row as
 * it was first (positions continue from `position`). Returns how many rows
 * were moved and removed, and the next free position.
 */
export async function moveRelated(
  db: DbOrTx,
  workspaceId: string,
  mergeId: string,
  spec: RelatedTable,
  survivorId: string,
  loserId: string,
  position: number,
) {
  const t = id(spec.table);
  const col = id(spec.column);
  const conflicts = [
    ...(spec.other ? [sql`t.${id(spec.other)} = ${survivorId}::uuid`] : []),
    // An empty twin list: any row of the survivor's collides (one row per customer).
    ...(spec.twin
      ? [sql`exists (select 1 from ${t} u where u.workspace_id = t.workspace_id and u.${col} = ${survivorId}::uuid
           ${spec.twin.length ? sql`and ${sql.join(spec.twin.map((twin) => sql`u.${id(twin)} = t.${id(twin)}`), sql` and `)}` : sql``})`]
      : []),
    ...(spec.onePerCustomerWhen
      ? [sql`(${spec.onePerCustomerWhen('t')} and exists (select 1 from ${t} u where u.workspace_id = t.workspace_id
           and u.${col} = ${survivorId}::uuid and ${spec.onePerCustomerWhen('u')}))`]
      : []),
  ];
  const conflictAction = spec.closeOnConflict ? 'closed' : 'removed';
  const conflict = conflicts.length ? sql.join(conflicts, sql` or `) : sql`false`;
  const saved = await sql<{ removed: number; moved: number }>`
    with saved as (
      insert into customer_merge_rows (workspace_id, merge_id, position, table_name, column_name, action, row_data)
      select t.workspace_id, ${mergeId}::uuid, ${position}::int + row_number() over (), ${spec.table}, ${spec.column},
             case when ${conflict} then ${conflictAction} else 'moved' end, to_jsonb(t)
      from ${t} t where t.workspace_id = ${workspaceId} and t.${col} = ${loserId}::uuid
      returning action)
    select count(*) filter (where action <> 'moved')::int as removed, count(*) filter (where action = 'moved')::int as moved from saved`.execute(db);
  const { removed, moved } = saved.rows[0]!;
  if (removed && spec.closeOnConflict) {
    // Closed rows stay with the loser: move the others first, then close what is left.
    if (moved) await sql`update ${t} t set ${col} = ${survivorId}::uuid where t.workspace_id = ${workspaceId} and t.${col} = ${loserId}::uuid and not (${conflict})`.execute(db);
    await sql`update ${t} t set ${spec.closeOnConflict} where t.workspace_id = ${workspaceId} and t.${col} = ${loserId}::uuid`.execute(db);
    return { moved, removed, next: position + moved + removed };
  }
  if (removed) {
    await sql`delete from ${t} t where t.workspace_id = ${workspaceId} and t.${col} = ${loserId}::uuid and (${conflict})`.execute(db);
  }
  if (moved) {
    const flag = spec.exclusiveFlag
      ? sql`, ${id(spec.exclusiveFlag)} = t.${id(spec.exclusiveFlag)} and not exists (select 1 from ${t} u
            where u.workspace_id = t.workspace_id and u.${col} = ${survivorId}::uuid and u.${id(spec.exclusiveFlag)})`
      : sql``;
    await sql`update ${t} t set ${col} = ${survivorId}::uuid ${flag} where t.workspace_id = ${workspaceId} and t.${col} = ${loserId}::uuid`.execute(db);
  }
  return { moved, removed, next: position + moved + removed };
}

/** Undoes moveRelated for one table: moved rows go back to the loser, removed rows come back as they were. */
export async function restoreRelated(db: DbOrTx, workspaceId: string, mergeId: string, spec: RelatedTable, survivorId: string, loserId: string) {
  const t = id(spec.table);
  const col = id(spec.column);
  const otherKeys = spec.key.filter((key) => key !== spec.column);
  // A table keyed by the customer alone (one score per customer): the survivor's row is the moved one.
  const keyMatch = otherKeys.length
    ? sql.join(
        otherKeys.map((key) => sql`t.${id(key)} = (jsonb_populate_record(null::${t}, r.row_data)).${id(key)}`),
        sql` and `,
      )
    : sql`true`;
  const flag = spec.exclusiveFlag
    ? sql`, ${id(spec.exclusiveFlag)} = (jsonb_populate_record(null::${t}, r.row_data)).${id(spec.exclusiveFlag)}`
    : sql``;
  await sql`
    update ${t} t set ${col} = ${loserId}::uuid ${flag}
    from customer_merge_rows r
    where r.workspace_id = ${workspaceId} and r.merge_id = ${mergeId} and r.table_name = ${spec.table}
      and r.column_name = ${spec.column} and r.action = 'moved'
      and t.workspace_id = ${workspaceId} and t.${col} = ${survivorId}::uuid and ${keyMatch}`.execute(db);
  // Closed rows go back to exactly what they were: replaced by their saved copy.
  const savedKeyMatch = sql.join(
    spec.key.map((key) => sql`t.${id(key)} = (jsonb_populate_record(null::${t}, r.row_data)).${id(key)}`),
    sql` and `,
  );
  await sql`
    delete from ${t} t using customer_merge_rows r
    where r.workspace_id = ${workspaceId} and r.merge_id = ${mergeId} and r.table_name = ${spec.table}
      and r.column_name = ${spec.column} and r.action = 'closed'
      and t.workspace_id = ${workspaceId} and ${savedKeyMatch}`.execute(db);
  await sql`
    insert into ${t}
    select (jsonb_populate_record(null::${t}, r.row_data)).* from customer_merge_rows r
    where r.workspace_id = ${workspaceId} and r.merge_id = ${mergeId} and r.table_name = ${spec.table}
      and r.column_name = ${spec.column} and r.action in ('removed', 'closed')
    order by r.position
    on conflict do nothing`.execute(db);
}

/** The rows of a table a merge closed instead of moving (for the note on each). */
export async function closedRows(db: DbOrTx, workspaceId: string, mergeId: string, table: string) {
  const { rows } = await sql<{ row: Record<string, unknown> }>`
    select row_data as row from customer_merge_rows
    where workspace_id = ${workspaceId} and merge_id = ${mergeId} and table_name = ${table} and action = 'closed'
    order by position`.execute(db);
  return rows.map((row) => row.row);
}

export async function movedCounts(db: DbOrTx, workspaceId: string, mergeIds: string[]) {
  if (mergeIds.length === 0) return [];
  return db
    .selectFrom('customer_merge_rows')
    .select(['merge_id', 'table_name', (eb) => eb.fn.countAll<number>().as('count')])
    .where('workspace_id', '=', workspaceId)
    .where('merge_id', 'in', mergeIds)
    .where('action', '=', 'moved')
    .groupBy(['merge_id', 'table_name'])
    .execute();
}

const mergeColumns = [
  'customer_merges.id',
  'customer_merges.survivor_id',
  'customer_merges.loser_id',
  'customer_merges.survivor_before',
  'customer_merges.loser_before',
  'customer_merges.survivor_after',
  'customer_merges.choices',
  'customer_merges.merged_by',
  'merger.name as merged_by_name',
  'customer_merges.merged_at',
  'customer_merges.undone_at',
] as const;

function mergeQuery(db: DbOrTx, actor: Actor) {
  return db
    .selectFrom('customer_merges')
    .leftJoin('users as merger', (join) =>
      join.onRef('merger.workspace_id', '=', 'customer_merges.workspace_id').onRef('merger.id', '=', 'customer_merges.merged_by'),
    )
    .select(mergeColumns)
    .where('customer_merges.workspace_id', '=', actor.workspaceId)
    .where('customer_merges.survivor_id', 'in', visibleCustomerIds(db, actor));
}

export function findMerge(db: DbOrTx, actor: Actor, mergeId: string, forUpdate = false) {
  let query = mergeQuery(db, actor).where('customer_merges.id', '=', mergeId);
  if (forUpdate) query = query.forUpdate('customer_merges');
  return query.executeTakeFirst();
}
export type MergeRow = NonNullable<Awaited<ReturnType<typeof findMerge>>>;

export function listMerges(db: DbOrTx, actor: Actor, filter: { customerId?: string | undefined; limit: number }) {
  let query = mergeQuery(db, actor);
  if (filter.customerId) {
    const customerId = filter.customerId;
    query = query.where((eb) => eb.or([eb('customer_merges.survivor_id', '=', customerId), eb('customer_merges.loser_id', '=', customerId)]));
  }
  return query.orderBy('customer_merges.merged_at', 'desc').orderBy('customer_merges.id', 'desc').limit(filter.limit).execute();
}

/** A merge of `customerId` into something else that has not been undone (then it must be undone first). */
export function findActiveMergeOfLoser(db: DbOrTx, workspaceId: string, customerId: string) {
  return db
    .selectFrom('customer_merges')
    .select(['id', 'merged_at'])
    .where('workspace_id', '=', workspaceId)
    .where('loser_id', '=', customerId)
    .where('undone_at', 'is', null)
    .executeTakeFirst();
}

export async function insertMerge(
  db: DbOrTx,
  merge: {
    workspaceId: string;
    id: string;
    survivorId: string;
    loserId: string;
    survivorBefore: CustomerSnapshot;
    loserBefore: CustomerSnapshot;
    survivorAfter: CustomerSnapshot;
    choices: Record<string, string>;
    mergedBy: string;
  },
) {
  await db
    .insertInto('customer_merges')
    .values({
      workspace_id: merge.workspaceId,
      id: merge.id,
      survivor_id: merge.survivorId,
      loser_id: merge.loserId,
      survivor_before: JSON.stringify(merge.survivorBefore),
      loser_before: JSON.stringify(merge.loserBefore),
      survivor_after: JSON.stringify(merge.survivorAfter),
      choices: JSON.stringify(merge.choices),
      merged_by: merge.mergedBy,
    })
    .execute();
}

export async function markUndone(db: DbOrTx, workspaceId: string, mergeId: string, userId: string) {
  await db
    .updateTable('customer_merges')
    .set({ undone_at: sql`now()`, undone_by: userId })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', mergeId)
    .execute();
}
