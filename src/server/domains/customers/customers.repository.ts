import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { CustomerListQuery } from '../../../shared/customers.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { CustomerRowUpdate, Database, NewCustomerRow, UsersTable } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import type { Actor } from '../auth/actor.ts';
import { escapeLike, phoneKey, planSearch, type SearchPlan } from './customers.search.ts';
import {
  customFieldCondition,
  customFieldCursor,
  customFieldCursorCondition,
  customFieldSortExpression,
  resolveCustomFieldQuery,
} from '../custom-fields/custom-field-query.ts';

type CustomerQuery<O> = SelectQueryBuilder<Database & { owner: UsersTable }, 'customers' | 'owner', O>;

const customerFields = [
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
  'customers.profile',
  'customers.relationship_type',
  'customers.value_class',
  'customers.key_account',
  'customers.lifecycle_stage',
  'customers.custom_fields',
  'customers.version',
  'customers.created_at',
  'customers.updated_at',
  'customers.deleted_at',
  'customers.owner_since',
  'customers.last_follow_up_at',
] as const;
const customerColumns = [...customerFields, 'owner.name as owner_name'] as const;

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
 * Record-level scope, the one place it is decided: 'own' sees its own customers,
 * those it collaborates on (协作人) and the unowned pool; 'team' adds what its teams'
 * members own or collaborate on; 'all' sees the workspace.
 */
export function scoped<O>(db: DbOrTx, query: CustomerQuery<O>, actor: Actor): CustomerQuery<O> {
  const inWorkspace = query.where('customers.workspace_id', '=', actor.workspaceId);
  if (actor.role.recordScope === 'all') return inWorkspace;
  const team = actor.role.recordScope === 'team';
  return inWorkspace.where((eb) =>
    eb.or([
      eb('customers.owner_id', 'is', null),
      eb('customers.owner_id', '=', actor.userId),
      ...(team ? [eb('customers.owner_id', 'in', teamMemberIds(db, actor))] : []),
      // Uncorrelated, so PostgreSQL hashes the (few) shared customers once instead of probing per row.
      eb(
        'customers.id',
        'in',
        eb
          .selectFrom('customer_collaborators as collaborator')
          .select('collaborator.customer_id')
          .where('collaborator.workspace_id', '=', actor.workspaceId)
          .where((inner) =>
            team
              ? inner.or([inner('collaborator.user_id', '=', actor.userId), inner('collaborator.user_id', 'in', teamMemberIds(db, actor))])
              : inner('collaborator.user_id', '=', actor.userId),
          ),
      ),
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

/** Ids of every customer (any state) the actor may see: other domains (duplicates, merges, imports) filter through this. */
export function visibleCustomerIds(db: DbOrTx, actor: Actor) {
  return scoped(db, baseQuery(db).select('customers.id'), actor);
}

/**
 * Narrows rows joined to their customer as `c` to the live customers the actor may see, owned by `ownerId` or
 * by a member of `teamId` when asked: the filter of the analytics dashboard and of the selection matrix.
 */
export function whereVisibleCustomer<QB extends SelectQueryBuilder<any, any, any>>(
  query: QB,
  db: DbOrTx,
  actor: Actor,
  filter: { ownerId?: string; teamId?: string },
): QB {
  let narrowed = query.where('c.deleted_at', 'is', null);
  if (actor.role.recordScope !== 'all') narrowed = narrowed.where('c.id', 'in', visibleCustomerIds(db, actor));
  if (filter.ownerId) narrowed = narrowed.where('c.owner_id', '=', filter.ownerId);
  if (filter.teamId) {
    const members = db.selectFrom('users').select('users.id').where('users.workspace_id', '=', actor.workspaceId).where('users.team_id', '=', filter.teamId);
    narrowed = narrowed.where('c.owner_id', 'in', members);
  }
  return narrowed as QB;
}

export type CustomerRecord = Awaited<ReturnType<typeof findCustomer>> & {};

export function findCustomer(db: DbOrTx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  let query = scoped(db, baseQuery(db).select(customerColumns), actor).where('customers.id', '=', id);
  if (options.forUpdate) query = query.forUpdate('customers');
  return query.executeTakeFirst();
}

/** Above this many addresses starting with a search's letters, the e-mail arm is tested row by row (a broad term). */
export const SEARCH_CANDIDATE_CAP = 2000;

/**
 * The contact keys (customer_contact_keys) a phone suffix or an e-mail prefix reaches (migration 0028): a suffix is a
 * prefix of the phone's key, read from the primary key; of the e-mail keys, through customer_contact_keys_email_search_idx,
 * only those whose echo of the owner's pinyin is shorter than the search (a longer echo is found by the name).
 */
function contactKeysMatching(db: DbOrTx, workspaceId: string, plan: { phoneSuffix: string } | { emailPrefix: string }) {
  const keys = db
    .selectFrom('customer_contact_keys as contact_key')
    .select('contact_key.customer_id as id')
    .where('contact_key.workspace_id', '=', workspaceId);
  if ('phoneSuffix' in plan) return keys.where('contact_key.key', 'like', `${escapeLike(phoneKey(plan.phoneSuffix))}%`);
  const echoes = Array.from({ length: plan.emailPrefix.length }, (_, length) => length);
  return keys
    .where('contact_key.name_echo_length', '=', sql<number>`any(${echoes}::int[])`)
    .where('contact_key.key', 'like', 'e:%')
    .where(sql`substr(contact_key.key, 3)`, 'like', `${escapeLike(plan.emailPrefix)}%`);
}

/** The e-mail keys whose address's domain starts with `domain`, through customer_contact_keys_domain_idx (0021). */
function emailKeysAtDomain(db: DbOrTx, workspaceId: string, domain: string) {
  return db
    .selectFrom('customer_contact_keys as contact_key')
    .select('contact_key.customer_id as id')
    .where('contact_key.workspace_id', '=', workspaceId)
    .where('contact_key.key', 'like', 'e:%')
    .where(sql`split_part(contact_key.key, '@', 2)`, 'like', `${escapeLike(domain)}%`);
}

/** The customers an e-mail search reaches, or 'too_many' to list (a broad term such as 'info' or '@gmail'). */
type EmailMatches = string[] | 'too_many';

/**
 * The customers whose e-mail address (or its domain) starts with the search's text, and, for letters, whose pinyin
 * does not already start with them (undefined when the search has no e-mail part): looked up first so that the
 * search itself is one bitmap scan of customers (pinyin, initials, name, these ids).
 */
async function customersByEmail(db: DbOrTx, workspaceId: string, plan: SearchPlan): Promise<EmailMatches | undefined> {
  let keys;
  if (plan.emailDomain !== undefined) keys = emailKeysAtDomain(db, workspaceId, plan.emailDomain);
  else if (plan.emailPrefix) keys = contactKeysMatching(db, workspaceId, { emailPrefix: plan.emailPrefix });
  else return undefined;
  const rows = await keys.limit(SEARCH_CANDIDATE_CAP + 1).execute();
  return rows.length > SEARCH_CANDIDATE_CAP ? 'too_many' : rows.map((row) => row.id);
}

/**
 * The e-mail arm of a search. Too many matches to list: PostgreSQL walks the sort order and the arm is tested on each
 * row it passes, in ' phones emails ' (an address starts after a space, a domain after its @). None: no arm, which
 * would still be planned (0.2–0.3 ms of a pinyin search's 1.5 ms planning).
 */
function emailArm(eb: ExpressionBuilder<Database, 'customers'>, plan: SearchPlan, matches: EmailMatches) {
  if (matches !== 'too_many') return matches.length ? eb('customers.id', '=', sql<string>`any(${matches}::uuid[])`) : undefined;
  if (plan.emailDomain !== undefined) return eb('customers.contact_search', 'like', `%@${escapeLike(plan.emailDomain)}%`);
  if (plan.emailPrefix) return eb('customers.contact_search', 'like', `% ${escapeLike(plan.emailPrefix)}%`);
  return undefined;
}

/**
 * The rows a search text matches. PostgreSQL tests OR and AND arms in the order written on every row the indexes
 * found, and bigrams() is a function call per row (~0.1 ms when this was measured, an SQL function then; µs in
 * PL/pgSQL since migration 0025): cheap arms first, and bigrams only for names that already contain the
 * text (at 1M customers this took a pinyin search from 230 to 70 ms; see docs/benchmarks.md).
 */
export function searchCondition(db: DbOrTx, workspaceId: string, plan: SearchPlan, emailMatches: EmailMatches | undefined) {
  return (eb: ExpressionBuilder<Database, 'customers'>) => {
    const arms = [];
    if (plan.phoneSuffix !== undefined) arms.push(eb('customers.id', 'in', contactKeysMatching(db, workspaceId, { phoneSuffix: plan.phoneSuffix })));
    if (plan.pinyin) {
      const prefix = `${escapeLike(plan.pinyin)}%`;
      arms.push(eb('customers.name_pinyin', 'like', prefix), eb('customers.name_initials', 'like', prefix));
    }
    const email = emailMatches && emailArm(eb, plan, emailMatches);
    if (email) arms.push(email);
    if (plan.name !== undefined) {
      const like = eb(sql`lower(customers.name)`, 'like', `%${escapeLike(plan.name)}%`);
      // Latin text with a trigram in it is found through customers_name_trgm_idx by the LIKE itself (the index
      // holds only names with such a trigram, and says so in the same words: migration 0025); Chinese names,
      // mostly 2-3 characters, through the bigram index (architecture.md).
      const latin = /^[\x20-\x7e]*$/.test(plan.name) && /[a-z0-9]{3}/.test(plan.name);
      const hasLatinTrigram = sql<boolean>`lower(customers.name) ~ '[a-z0-9]{3}'`;
      // In the bigram index's collation (migration 0030), or the index cannot answer it.
      const bigramsMatch = eb(sql`bigrams(customers.name) collate "C"`, '@>', sql<string[]>`bigrams(${plan.name})`);
      if (latin) arms.push(eb.and([like, hasLatinTrigram]));
      else arms.push([...plan.name].length >= 2 ? eb.and([like, bigramsMatch]) : like);
    }
    return eb.or(arms);
  };
}

const SORTS = {
  updatedAt: { column: 'customers.updated_at', cursor: sql<string>`customers.updated_at::text` },
  createdAt: { column: 'customers.created_at', cursor: sql<string>`customers.created_at::text` },
  name: { column: 'customers.name_pinyin', cursor: sql<string>`customers.name_pinyin` },
} as const;

/**
 * `unowned`: only the pool (公海), for the pool page. `profile`: read the profile groups too (export); lists and
 * searches show summaries, and skipping the column spares parsing a JSON document per row.
 */
export async function listCustomers(db: DbOrTx, actor: Actor, filter: CustomerListQuery, options: { unowned?: boolean; profile?: boolean } = {}) {
  const descending = filter.sort.startsWith('-');
  // `cf.<key>` filters and sorts are checked against the custom field registry (400 naming `cf.<key>`).
  const custom = await resolveCustomFieldQuery(db, actor.workspaceId, filter);
  const customSort = custom.sort ? customFieldSortExpression(custom.sort) : null;
  const sort = customSort ? SORTS.updatedAt : SORTS[filter.sort.replace('-', '') as keyof typeof SORTS];
  const direction = descending ? 'desc' : 'asc';
  const cursorValue = customSort ? sql<string | null>`(${customSort.value})::text` : sort.cursor;
  // The owner's name by subquery, not through the join: PostgreSQL then drops the join and looks names up for the
  // page's rows only. Joined, a search whose matches it underestimated ran a nested loop over users for every match.
  let query = scoped(
    db,
    baseQuery(db).select((eb) => [
      ...customerFields.filter((field) => field !== 'customers.profile'),
      (options.profile ? sql<Record<string, unknown> | null>`customers.profile` : sql<null>`null`).as('profile'),
      eb
        .selectFrom('users as named_owner')
        .select('named_owner.name')
        .whereRef('named_owner.workspace_id', '=', 'customers.workspace_id')
        .whereRef('named_owner.id', '=', 'customers.owner_id')
        .as('owner_name'),
      cursorValue.as('cursor_value'),
    ]),
    actor,
  );

  query = filter.deleted === 'only' ? query.where('customers.deleted_at', 'is not', null) : query.where('customers.deleted_at', 'is', null);
  if (options.unowned) query = query.where('customers.owner_id', 'is', null);
  if (filter.kind) query = query.where('customers.kind', '=', filter.kind);
  if (filter.status) query = query.where('customers.status', '=', filter.status);
  if (filter.ownerId) query = query.where('customers.owner_id', '=', filter.ownerId);
  if (filter.city) query = query.where('customers.city', '=', filter.city);
  if (filter.tag) query = query.where('customers.tags', '@>', sql<string[]>`array[${filter.tag}]::text[]`);
  if (filter.relationshipType) query = query.where('customers.relationship_type', '=', filter.relationshipType);
  if (filter.valueClass) query = query.where('customers.value_class', '=', filter.valueClass);
  if (filter.keyAccount) query = query.where('customers.key_account', '=', filter.keyAccount === 'true');
  if (filter.lifecycleStage) query = query.where('customers.lifecycle_stage', '=', filter.lifecycleStage);
  for (const condition of custom.filters) query = query.where(customFieldCondition(condition));
  if (filter.q) {
    const plan = planSearch(filter.q);
    query = query.where(searchCondition(db, actor.workspaceId, plan, await customersByEmail(db, actor.workspaceId, plan)));
  }
  if (filter.cursor && custom.sort) query = query.where(customFieldCursorCondition(custom.sort, filter.cursor));
  else if (filter.cursor) {
    const [value, id] = decodeCursor(filter.cursor);
    const castValue = sort.column === 'customers.name_pinyin' ? sql`${value}::text` : sql`${value}::timestamptz`;
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple(sort.column, 'customers.id'), descending ? '<' : '>', tuple(castValue, id) as never),
    );
  }
  const ordered = customSort
    ? query.orderBy(sql`${customSort.value} ${sql.raw(direction)} nulls last`)
    : query.orderBy(sort.column, direction);
  const rows = await ordered
    .orderBy('customers.id', direction)
    .limit(filter.limit + 1)
    .execute();
  const more = rows.length > filter.limit;
  const items = more ? rows.slice(0, filter.limit) : rows;
  const last = items.at(-1);
  const nextCursor = !more || !last ? null : customSort ? customFieldCursor(last.cursor_value, last.id) : encodeCursor([last.cursor_value!, last.id]);
  return { items, nextCursor };
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

/**
 * Every customer the actor may see that matches the filter, page by page (export has no
 * row cap): the same scope and filters as the list. Present each row with
 * presentCustomerFor (masking) — or call exportVisibleCustomers in the service, which does.
 */
export async function* listAllCustomerRows(db: DbOrTx, actor: Actor, filter: Omit<CustomerListQuery, 'limit' | 'cursor'>, batchSize = 1000) {
  let cursor: string | undefined;
  do {
    const page = await listCustomers(db, actor, { ...filter, limit: batchSize, ...(cursor ? { cursor } : {}) }, { profile: true });
    if (page.items.length) yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
