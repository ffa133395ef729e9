import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { CustomFieldDefinitionsTable } from '../../db/schema.ts';
import type { Insertable, Updateable } from 'kysely';

export function listDefinitions(db: DbOrTx, workspaceId: string, options: { includeArchived: boolean }) {
  let query = db.selectFrom('custom_field_definitions').selectAll().where('workspace_id', '=', workspaceId);
  if (!options.includeArchived) query = query.where('archived_at', 'is', null);
  return query.orderBy('position').orderBy('created_at').execute();
}

export type DefinitionRow = Awaited<ReturnType<typeof listDefinitions>>[number];

export function findDefinition(db: DbOrTx, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('custom_field_definitions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function keyExists(db: DbOrTx, workspaceId: string, key: string) {
  const row = await db.selectFrom('custom_field_definitions').select('id').where('workspace_id', '=', workspaceId).where('key', '=', key).executeTakeFirst();
  return row !== undefined;
}

export async function nextPosition(db: DbOrTx, workspaceId: string) {
  const row = await db
    .selectFrom('custom_field_definitions')
    .select(sql<number>`coalesce(max(position), 0) + 10`.as('next'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

export async function insertDefinition(db: DbOrTx, row: Insertable<CustomFieldDefinitionsTable>) {
  await db.insertInto('custom_field_definitions').values(row).execute();
}

export async function updateDefinition(db: DbOrTx, workspaceId: string, id: string, changes: Updateable<CustomFieldDefinitionsTable>) {
  await db
    .updateTable('custom_field_definitions')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}
