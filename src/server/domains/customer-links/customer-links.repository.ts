import type { DbOrTx } from '../../db/database.ts';
import type { ContactRole, RelationType } from '../../../shared/customer-links.ts';
import type { Actor } from '../auth/actor.ts';
import { sql } from 'kysely';
import { scoped } from '../customers/customers.repository.ts';

/** Relations touching a customer from either end. */
export function listRelations(db: DbOrTx, workspaceId: string, customerId: string) {
  return db
    .selectFrom('customer_relations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('from_customer_id', '=', customerId), eb('to_customer_id', '=', customerId)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
export type RelationRow = Awaited<ReturnType<typeof listRelations>>[number];

export function findRelation(db: DbOrTx, workspaceId: string, customerId: string, relationId: string) {
  return db
    .selectFrom('customer_relations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', relationId)
    .where((eb) => eb.or([eb('from_customer_id', '=', customerId), eb('to_customer_id', '=', customerId)]))
    .executeTakeFirst();
}

export async function relationExists(db: DbOrTx, workspaceId: string, fromId: string, toId: string, type: RelationType) {
  const row = await db
    .selectFrom('customer_relations')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('from_customer_id', '=', fromId)
    .where('to_customer_id', '=', toId)
    .where('type', '=', type)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertRelation(db: DbOrTx, row: { workspaceId: string; id: string; fromId: string; toId: string; type: RelationType; note: string | null }) {
  await db
    .insertInto('customer_relations')
    .values({ workspace_id: row.workspaceId, id: row.id, from_customer_id: row.fromId, to_customer_id: row.toId, type: row.type, note: row.note })
    .execute();
}

export async function deleteRelation(db: DbOrTx, workspaceId: string, id: string) {
  await db.deleteFrom('customer_relations').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Contacts of an organisation, or the organisations a person is a contact of. */
export function listContacts(db: DbOrTx, workspaceId: string, customerId: string) {
  return db
    .selectFrom('customer_contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('organization_id', '=', customerId), eb('person_id', '=', customerId)]))
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .execute();
}
export type ContactRow = Awaited<ReturnType<typeof listContacts>>[number];

export function findContact(db: DbOrTx, workspaceId: string, organizationId: string, personId: string) {
  return db
    .selectFrom('customer_contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('organization_id', '=', organizationId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function upsertContact(
  db: DbOrTx,
  row: { workspaceId: string; organizationId: string; personId: string; role: ContactRole; title: string | null; isPrimary: boolean },
) {
  if (row.isPrimary) {
    // One primary contact per organisation: the new one takes over.
    await db
      .updateTable('customer_contacts')
      .set({ is_primary: false })
      .where('workspace_id', '=', row.workspaceId)
      .where('organization_id', '=', row.organizationId)
      .where('person_id', '<>', row.personId)
      .where('is_primary', '=', true)
      .execute();
  }
  await db
    .insertInto('customer_contacts')
    .values({
      workspace_id: row.workspaceId,
      organization_id: row.organizationId,
      person_id: row.personId,
      role: row.role,
      title: row.title,
      is_primary: row.isPrimary,
    })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'organization_id', 'person_id']).doUpdateSet({ role: row.role, title: row.title, is_primary: row.isPrimary }),
    )
    .execute();
}

export async function deleteContact(db: DbOrTx, workspaceId: string, organizationId: string, personId: string) {
  await db
    .deleteFrom('customer_contacts')
    .where('workspace_id', '=', workspaceId)
    .where('organization_id', '=', organizationId)
    .where('person_id', '=', personId)
    .execute();
}

/**
 * Names and kinds of the given customers that the actor's record scope reaches,
 * in one query; ids missing from the answer are out of scope (or gone).
 */
export async function visibleCustomerNames(db: DbOrTx, actor: Actor, ids: string[]) {
  if (ids.length === 0) return new Map<string, { name: string; kind: 'person' | 'organization' }>();
  const query = db
    .selectFrom('customers')
    .leftJoin('users as owner', (join) => join.onRef('owner.workspace_id', '=', 'customers.workspace_id').onRef('owner.id', '=', 'customers.owner_id'))
    .select(['customers.id', 'customers.name', 'customers.kind']);
  // Record scope is decided in one place: the customers repository's scoped().
  const rows = await scoped(db, query, actor)
    .where('customers.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, { name: row.name, kind: row.kind }]));
}

/** The customers the actor's record scope reaches, as a subquery of id, name and kind. */
function visibleCustomers(db: DbOrTx, actor: Actor) {
  const query = db
    .selectFrom('customers')
    .leftJoin('users as owner', (join) => join.onRef('owner.workspace_id', '=', 'customers.workspace_id').onRef('owner.id', '=', 'customers.owner_id'))
    .select(['customers.id', 'customers.name', 'customers.kind']);
  return scoped(db, query, actor);
}

/**
 * Relations touching a customer, each with the other end's name and kind when
 * the actor may see it (null otherwise): one query, however many relations.
 */
export function listRelationsWithNames(db: DbOrTx, actor: Actor, customerId: string) {
  return db
    .selectFrom('customer_relations as r')
    .leftJoin(visibleCustomers(db, actor).as('other'), (join) =>
      join.on(sql`other.id`, '=', sql`case when r.from_customer_id = ${customerId} then r.to_customer_id else r.from_customer_id end`),
    )
    .selectAll('r')
    .select([sql<string | null>`other.name`.as('other_name'), sql<'person' | 'organization' | null>`other.kind`.as('other_kind')])
    .where('r.workspace_id', '=', actor.workspaceId)
    .where((eb) => eb.or([eb('r.from_customer_id', '=', customerId), eb('r.to_customer_id', '=', customerId)]))
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
}

/** Contacts of an organisation, or a person's organisations, with the names the actor may see: one query. */
export function listContactsWithNames(db: DbOrTx, actor: Actor, customerId: string) {
  return db
    .selectFrom('customer_contacts as c')
    .leftJoin(visibleCustomers(db, actor).as('org'), (join) => join.on(sql`org.id`, '=', sql.ref('c.organization_id')))
    .leftJoin(visibleCustomers(db, actor).as('person'), (join) => join.on(sql`person.id`, '=', sql.ref('c.person_id')))
    .selectAll('c')
    .select([
      sql<string | null>`org.name`.as('org_name'),
      sql<'person' | 'organization' | null>`org.kind`.as('org_kind'),
      sql<string | null>`person.name`.as('person_name'),
      sql<'person' | 'organization' | null>`person.kind`.as('person_kind'),
    ])
    .where('c.workspace_id', '=', actor.workspaceId)
    .where((eb) => eb.or([eb('c.organization_id', '=', customerId), eb('c.person_id', '=', customerId)]))
    .orderBy('c.is_primary', 'desc')
    .orderBy('c.created_at')
    .execute();
}
