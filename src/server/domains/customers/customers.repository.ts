import { type SelectQueryBuilder, sql } from 'kysely';
import type { CustomerListQuery } from '../../../shared/customers.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { CustomerRowUpdate, Database, NewCustomerRow, UsersTable } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import type { Actor } from '../auth/actor.ts';
import { escapeLike, planSearch } from './customers.search.ts';

type CustomerQuery<O> = SelectQueryBuilder<Database & { owner: UsersTable }, 'customers' | 'owner', O>;

const customerColumns = [
  'customers.id',
  'customers.kind',
  'customers.name',
  'customers.phones',
  'customers.emails',
  'customers.city',
  'customers.address',
  'customers.tags',
  'customers.status',
  'customers.owner_id',
  'owner.name as owner_name',
  'customers.version',
  'customers.created_at',
  'customers.updated_at',
  'customers.deleted_at',
] as const;

/** The teams an actor belongs to or manages. */
function reachableTeamIds(db: DbOrTx, actor: Actor) {
  return db
    .selectFrom('teams')
    .select('teams.id')
    .where('teams.workspace_id', '=', actor.workspaceId)
    .where((team) => team.or([team('teams.manager_id', '=', actor.userId), team('teams.id', '=', actor.teamId)]));
}

/** The users whose customers a team-scoped actor reaches: members of those teams. */
function teamMemberIds(db: DbOrTx, actor: Actor) {
  return db
    .selectFrom('users as member')
    .select('member.id')
    .where('member.workspace_id', '=', actor.workspaceId)
    .where('member.team_id', 'in', reachableTeamIds(db, actor));
}

/**
 * Record-level scope, the one place it is decided: 'own' sees its own customers
 * and the unowned pool, 'team' adds its teams' members' customers, 'all' sees the workspace.
 */
export function scoped<O>(db: DbOrTx, query: CustomerQuery<O>, actor: Actor): CustomerQuery<O> {
  const inWorkspace = query.where('customers.workspace_id', '=', actor.workspaceId);
  if (actor.role.recordScope === 'all') return inWorkspace;
  return inWorkspace.where((eb) =>
    eb.or([
      eb('customers.owner_id', 'is', null),
      eb('customers.owner_id', '=', actor.userId),
      ...(actor.role.recordScope === 'team' ? [eb('customers.owner_id', 'in', teamMemberIds(db, actor))] : []),
    ]),
  );
}

function baseQuery(db: DbOrTx) {
  return db
    .selectFrom('customers')
    .leftJoin('users as owner', (join) =>
      join.onRef('owner.workspace_id', '=', 'customers.workspace_id').onRef('owner.id', '=', 'customers.owner_id'),
    );
}

export type CustomerRecord = Awaited<ReturnType<typeof findCustomer>> & {};

export function findCustomer(db: DbOrTx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  let query = scoped(db, baseQuery(db).select(customerColumns), actor).where('customers.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('customers');
  return query.executeTakeFirst();
}

const SORTS = {
  updatedAt: { column: 'customers.updated_at', cursor: sql<string>`customers.updated_at::text` },
  createdAt: { column: 'customers.created_at', cursor: sql<string>`customers.created_at::text` },
  name: { column: 'customers.name_pinyin', cursor: sql<string>`customers.name_pinyin` },
} as const;

export async function listCustomers(db: DbOrTx, actor: Actor, filter: CustomerListQuery) {
  const descending = filter.sort.startsWith('-');
  const sort = SORTS[filter.sort.replace('-', '') as keyof typeof SORTS];
  const direction = descending ? 'desc' : 'asc';
  let query = scoped(db, baseQuery(db).select([...customerColumns, sort.cursor.as('cursor_value')]), actor);

  query = filter.deleted === 'only' ? query.where('customers.deleted_at', 'is not', null) : query.where('customers.deleted_at', 'is', null);
  if (filter.kind) query = query.where('customers.kind', '=', filter.kind);
  if (filter.status) query = query.where('customers.status', '=', filter.status);
  if (filter.ownerId) query = query.where('customers.owner_id', '=', filter.ownerId);
  if (filter.city) query = query.where('customers.city', '=', filter.city);
  if (filter.tag) query = query.where('customers.tags', '@>', sql<string[]>`array[${filter.tag}]::text[]`);
  if (filter.q) {
    const plan = planSearch(filter.q);
    query = query.where((eb) => {
      const arms = [];
      if (plan.name !== undefined) {
        const like = eb(sql`lower(customers.name)`, 'like', `%${escapeLike(plan.name)}%`);
        arms.push(
          [...plan.name].length >= 2
            ? eb.and([eb(sql`bigrams(customers.name)`, '@>', sql<string[]>`bigrams(${plan.name})`), like])
            : like,
        );
      }
      if (plan.pinyin) {
        const prefix = `${escapeLike(plan.pinyin)}%`;
        arms.push(eb('customers.name_pinyin', 'like', prefix), eb('customers.name_initials', 'like', prefix));
      }
      if (plan.contact) arms.push(eb('customers.contact_search', 'like', `%${escapeLike(plan.contact)}%`));
      return eb.or(arms);
    });
  }
  if (filter.cursor) {
    const [value, id] = decodeCursor(filter.cursor);
    const castValue = sort.column === 'customers.name_pinyin' ? sql`${value}::text` : sql`${value}::timestamptz`;
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple(sort.column, 'customers.id'), descending ? '<' : '>', tuple(castValue, id) as never),
    );
  }
  const rows = await query
    .orderBy(sort.column, direction)
    .orderBy('customers.id', direction)
    .limit(filter.limit + 1)
    .execute();
  const more = rows.length > filter.limit;
  const items = more ? rows.slice(0, filter.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor([last.cursor_value, last.id]) : null };
}

export async function insertCustomers(db: DbOrTx, rows: NewCustomerRow[]) {
  if (rows.length) await db.insertInto('customers').values(rows).execute();
}

/** Applies the change only when the stored version is still the one the caller read. */
export async function updateCustomer(db: DbOrTx, workspaceId: string, id: string, expectedVersion: number, changes: CustomerRowUpdate) {
  const result = await db
    .updateTable('customers')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Whether the user exists in the workspace and, for scoped actors, lies within the actor's reach. */
export async function ownerWithinScope(db: DbOrTx, actor: Actor, ownerId: string) {
  let query = db
    .selectFrom('users')
    .select('users.id')
    .where('users.workspace_id', '=', actor.workspaceId)
    .where('users.id', '=', ownerId)
    .where('users.active', '=', true);
  if (actor.role.recordScope === 'own') query = query.where('users.id', '=', actor.userId);
  if (actor.role.recordScope === 'team') {
    query = query.where((eb) => eb.or([eb('users.id', '=', actor.userId), eb('users.team_id', 'in', reachableTeamIds(db, actor))]));
  }
  return (await query.executeTakeFirst()) !== undefined;
}
