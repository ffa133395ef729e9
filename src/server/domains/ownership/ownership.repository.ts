import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { scoped } from '../customers/customers.repository.ts';

/** The customers among `ids` that the actor may see, locked for the reassignment, with their current owner. */
export function lockVisibleCustomers(db: DbOrTx, actor: Actor, ids: string[]) {
  const query = db
    .selectFrom('customers')
    .leftJoin('users as owner', (join) => join.onRef('owner.workspace_id', '=', 'customers.workspace_id').onRef('owner.id', '=', 'customers.owner_id'))
    .select(['customers.id', 'customers.owner_id', 'customers.deleted_at']);
  return scoped(db, query, actor).where('customers.id', 'in', ids).orderBy('customers.id').forUpdate('customers').execute();
}

export async function setOwners(db: DbOrTx, workspaceId: string, ids: string[], ownerId: string) {
  if (ids.length === 0) return;
  await db
    .updateTable('customers')
    .set({ owner_id: ownerId, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
}

export function listCollaborators(db: DbOrTx, workspaceId: string, customerId: string) {
  return db
    .selectFrom('customer_collaborators as c')
    .innerJoin('users as u', (join) => join.onRef('u.workspace_id', '=', 'c.workspace_id').onRef('u.id', '=', 'c.user_id'))
    .select(['c.user_id', 'u.name', 'c.added_at'])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.customer_id', '=', customerId)
    .orderBy('c.added_at')
    .execute();
}

export type CollaboratorRow = Awaited<ReturnType<typeof listCollaborators>>[number];

/** Adds the collaborator; false when they already were one. */
export async function addCollaborator(db: DbOrTx, workspaceId: string, customerId: string, userId: string): Promise<boolean> {
  const row = await db
    .insertInto('customer_collaborators')
    .values({ workspace_id: workspaceId, customer_id: customerId, user_id: userId })
    .onConflict((conflict) => conflict.columns(['workspace_id', 'customer_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function removeCollaborator(db: DbOrTx, workspaceId: string, customerId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('customer_collaborators')
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export function findActiveUser(db: DbOrTx, workspaceId: string, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst();
}
