import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { PoolRulesTable } from '../../db/schema.ts';
import type { Updateable } from 'kysely';
import { uuidv7 } from '../../lib/uuid.ts';

export function findRules(db: DbOrTx, workspaceId: string) {
  return db.selectFrom('pool_rules').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export type PoolRulesRow = NonNullable<Awaited<ReturnType<typeof findRules>>>;

/** The row the settings page edits; created with the defaults (switched off) on first use. */
export async function lockRules(db: DbOrTx, workspaceId: string): Promise<PoolRulesRow> {
  await db
    .insertInto('pool_rules')
    .values({ workspace_id: workspaceId, id: uuidv7(), no_follow_up_days: 30, no_deal_days: 90, daily_claim_limit: 20 })
    .onConflict((conflict) => conflict.column('workspace_id').doNothing())
    .execute();
  return db.selectFrom('pool_rules').selectAll().where('workspace_id', '=', workspaceId).forUpdate().executeTakeFirstOrThrow();
}

export function updateRules(db: DbOrTx, workspaceId: string, changes: Updateable<PoolRulesTable>) {
  return db
    .updateTable('pool_rules')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Serialises one person's claims, so two at once cannot both pass the daily limit. */
export async function lockUser(db: DbOrTx, workspaceId: string, userId: string) {
  await db.selectFrom('users').select('id').where('workspace_id', '=', workspaceId).where('id', '=', userId).forUpdate().execute();
}

/** Claims made by (for) the user since the start of `now`'s day in the workspace's time zone, from the audit trail. */
export async function countClaimsToday(db: DbOrTx, workspaceId: string, userId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('events')
    .innerJoin('workspaces', 'workspaces.id', 'events.workspace_id')
    .select(db.fn.countAll<number>().as('n'))
    .where('events.workspace_id', '=', workspaceId)
    .where('events.action', '=', 'claimed')
    .where(sql`events.after ->> 'ownerId'`, '=', userId)
    .where(
      'events.occurred_at',
      '>=',
      sql<Date>`(date_trunc('day', ${now}::timestamptz at time zone workspaces.time_zone) at time zone workspaces.time_zone)`,
    )
    .where('events.occurred_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sets the owner (null = the pool); the version moves on so open edit forms see the change. */
export async function setOwner(db: DbOrTx, workspaceId: string, customerId: string, ownerId: string | null) {
  await db
    .updateTable('customers')
    .set({ owner_id: ownerId, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', customerId)
    .execute();
}

/** A customer back in the pool has no collaborators: whoever claims it next starts afresh. */
export async function removeCollaborators(db: DbOrTx, workspaceId: string, customerId: string): Promise<string[]> {
  const rows = await db
    .deleteFrom('customer_collaborators')
    .where('workspace_id', '=', workspaceId)
    .where('customer_id', '=', customerId)
    .returning('user_id')
    .execute();
  return rows.map((row) => row.user_id);
}

/** Workspaces whose pool rules are switched on, with their time zone (for wording dates). */
export function enabledRules(db: DbOrTx) {
  return db
    .selectFrom('pool_rules')
    .innerJoin('workspaces', 'workspaces.id', 'pool_rules.workspace_id')
    .selectAll('pool_rules')
    .select('workspaces.time_zone')
    .where('pool_rules.enabled', '=', true)
    .orderBy('pool_rules.workspace_id')
    .execute();
}

function clockQuery(db: DbOrTx, workspaceId: string) {
  return db
    .selectFrom('customers')
    .select((eb) => [
      'customers.id',
      'customers.name',
      'customers.owner_id',
      sql<Date>`coalesce(customers.owner_since, customers.created_at)`.as('owner_since'),
      'customers.last_follow_up_at',
      eb
        .selectFrom('orders')
        .select((inner) => inner.fn.max('orders.ordered_at').as('ordered_at'))
        .whereRef('orders.workspace_id', '=', 'customers.workspace_id')
        .whereRef('orders.customer_id', '=', 'customers.id')
        .where('orders.status', '<>', 'cancelled')
        .as('last_deal_at'),
    ])
    .where('customers.workspace_id', '=', workspaceId)
    .where('customers.owner_id', 'is not', null)
    .where('customers.deleted_at', 'is', null);
}

export type ClockRow = Awaited<ReturnType<ReturnType<typeof clockQuery>['executeTakeFirstOrThrow']>>;

/**
 * Owned customers whose follow-up clock started before `followUpSince` or whose deal
 * clock started before `dealSince` (null = that rule is off), in id order after `afterId`.
 */
export function findWatchedCustomers(
  db: DbOrTx,
  workspaceId: string,
  bounds: { followUpSince: Date | null; dealSince: Date | null },
  afterId: string | null,
  limit: number,
) {
  let query = clockQuery(db, workspaceId);
  if (afterId) query = query.where('customers.id', '>', afterId);
  return query
    .where((eb) => {
      const arms = [];
      const since = sql`coalesce(customers.owner_since, customers.created_at)`;
      if (bounds.followUpSince) arms.push(eb(sql`greatest(${since}, customers.last_follow_up_at)`, '<=', bounds.followUpSince));
      if (bounds.dealSince) {
        arms.push(
          eb(
            sql`greatest(${since}, (select max(o.ordered_at) from orders o where o.workspace_id = customers.workspace_id and o.customer_id = customers.id and o.status <> 'cancelled'))`,
            '<=',
            bounds.dealSince,
          ),
        );
      }
      return arms.length ? eb.or(arms) : eb.val(false);
    })
    .orderBy('customers.id')
    .limit(limit)
    .execute();
}

/** One watched customer, locked, its clocks read again (a follow-up may have landed meanwhile). */
export function lockClock(db: DbOrTx, workspaceId: string, customerId: string) {
  return clockQuery(db, workspaceId).where('customers.id', '=', customerId).forUpdate('customers').executeTakeFirst();
}
