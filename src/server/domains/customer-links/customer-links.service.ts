import type { CreateRelationBody, CustomerContact, CustomerRelation, PutContactBody } from '../../../shared/customer-links.ts';
import type { Customer } from '../../../shared/customers.ts';
import type { DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { presentCustomer } from '../customers/customers.presenter.ts';
import * as customersRepo from '../customers/customers.repository.ts';
import { recordEvents } from '../events/events.repository.ts';
import { presentContact, presentRelation, type VisibleNames } from './customer-links.presenter.ts';
import * as repo from './customer-links.repository.ts';

async function visibleCustomer(db: DbOrTx, actor: Actor, id: string): Promise<Customer | null> {
  const row = await customersRepo.findCustomer(db, actor, id);
  return row ? presentCustomer(row) : null;
}

async function requireVisible(db: DbOrTx, actor: Actor, id: string): Promise<Customer> {
  const customer = await visibleCustomer(db, actor, id);
  if (!customer) throw notFound('Customer');
  return customer;
}

/**
 * A link change goes on both customers' timelines. Only ids and types are
 * recorded, never the other customer's name: a later viewer of one side may
 * not be allowed to see the other.
 */
async function auditLink(db: DbOrTx, actor: Actor, action: string, sides: Array<{ customerId: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>) {
  await recordEvents(
    db,
    sides.map((side) => ({
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'customer',
      entityId: side.customerId,
      customerId: side.customerId,
      action,
      before: side.before,
      after: side.after,
    })),
  );
}

/** The relations of a customer the caller has proved visible, from both ends; out-of-scope ends carry no name. */
export async function listRelations(db: DbOrTx, actor: Actor, customerId: string): Promise<CustomerRelation[]> {
  const rows = await repo.listRelationsWithNames(db, actor, customerId);
  const visible: VisibleNames = new Map();
  for (const row of rows) {
    const otherId = row.from_customer_id === customerId ? row.to_customer_id : row.from_customer_id;
    if (row.other_name !== null && row.other_kind !== null) visible.set(otherId, { name: row.other_name, kind: row.other_kind });
  }
  return rows.map((row) => presentRelation(row, customerId, visible));
}

export async function addRelation(db: DbOrTx, actor: Actor, customerId: string, input: CreateRelationBody): Promise<CustomerRelation> {
  await requireVisible(db, actor, customerId);
  if (input.toCustomerId === customerId) {
    throw invalidFields([{ path: 'toCustomerId', code: 'self_relation', message: 'A customer cannot be related to itself' }]);
  }
  // A customer outside the actor's scope is answered like one that does not exist.
  if (!(await visibleCustomer(db, actor, input.toCustomerId))) {
    throw invalidFields([{ path: 'toCustomerId', code: 'unknown_customer', message: 'No customer you may see has this id' }]);
  }
  if (await repo.relationExists(db, actor.workspaceId, customerId, input.toCustomerId, input.type)) {
    throw new AppError('conflict', 'This relation exists already', { errors: [{ path: 'type', code: 'exists', message: 'This relation exists already' }] });
  }
  const id = uuidv7();
  await repo.insertRelation(db, { workspaceId: actor.workspaceId, id, fromId: customerId, toId: input.toCustomerId, type: input.type, note: input.note || null });
  const relation = { id, type: input.type, note: input.note || null };
  await auditLink(db, actor, 'relation_added', [
    { customerId, before: { relation: null }, after: { relation: { ...relation, direction: 'outgoing', customerId: input.toCustomerId } } },
    { customerId: input.toCustomerId, before: { relation: null }, after: { relation: { ...relation, direction: 'incoming', customerId } } },
  ]);
  const [created] = (await listRelations(db, actor, customerId)).filter((item) => item.id === id);
  return created!;
}

export async function removeRelation(db: DbOrTx, actor: Actor, customerId: string, relationId: string): Promise<void> {
  await requireVisible(db, actor, customerId);
  const row = await repo.findRelation(db, actor.workspaceId, customerId, relationId);
  if (!row) throw notFound('Relation');
  await repo.deleteRelation(db, actor.workspaceId, relationId);
  const relation = { id: row.id, type: row.type, note: row.note };
  await auditLink(db, actor, 'relation_removed', [
    { customerId: row.from_customer_id, before: { relation: { ...relation, direction: 'outgoing', customerId: row.to_customer_id } }, after: { relation: null } },
    { customerId: row.to_customer_id, before: { relation: { ...relation, direction: 'incoming', customerId: row.from_customer_id } }, after: { relation: null } },
  ]);
}

/** For an organisation: its people; for a person: the organisations they act for. */
export async function listContacts(db: DbOrTx, actor: Actor, customerId: string): Promise<CustomerContact[]> {
  const rows = await repo.listContactsWithNames(db, actor, customerId);
  const visible: VisibleNames = new Map();
  for (const row of rows) {
    if (row.org_name !== null && row.org_kind !== null) visible.set(row.organization_id, { name: row.org_name, kind: row.org_kind });
    if (row.person_name !== null && row.person_kind !== null) visible.set(row.person_id, { name: row.person_name, kind: row.person_kind });
  }
  return rows.map((row) => presentContact(row, visible));
}

/** Makes a person a contact of an organisation (or changes their role/title). Both must be visible to the actor. */
export async function putContact(db: DbOrTx, actor: Actor, organizationId: string, personId: string, input: PutContactBody): Promise<CustomerContact> {
  const organization = await requireVisible(db, actor, organizationId);
  if (organization.kind !== 'organization') {
    throw invalidFields([{ path: 'id', code: 'not_organization', message: 'Contacts belong to organisations' }]);
  }
  const person = await visibleCustomer(db, actor, personId);
  if (!person) throw invalidFields([{ path: 'personId', code: 'unknown_customer', message: 'No customer you may see has this id' }]);
  if (person.kind !== 'person') throw invalidFields([{ path: 'personId', code: 'not_person', message: 'A contact is a person customer' }]);
  const before = await repo.findContact(db, actor.workspaceId, organizationId, personId);
  const contact = { role: input.role, title: input.title || null, isPrimary: input.isPrimary };
  await repo.upsertContact(db, { workspaceId: actor.workspaceId, organizationId, personId, ...contact });
  const previous = before ? { role: before.role, title: before.title, isPrimary: before.is_primary } : null;
  await auditLink(db, actor, before ? 'contact_updated' : 'contact_added', [
    { customerId: organizationId, before: { contact: previous && { ...previous, personId } }, after: { contact: { ...contact, personId } } },
    { customerId: personId, before: { contact: previous && { ...previous, organizationId } }, after: { contact: { ...contact, organizationId } } },
  ]);
  const saved = await repo.findContact(db, actor.workspaceId, organizationId, personId);
  const visible = await repo.visibleCustomerNames(db, actor, [organizationId, personId]);
  return presentContact(saved!, visible);
}

export async function removeContact(db: DbOrTx, actor: Actor, organizationId: string, personId: string): Promise<void> {
  await requireVisible(db, actor, organizationId);
  const before = await repo.findContact(db, actor.workspaceId, organizationId, personId);
  if (!before) throw notFound('Contact');
  await repo.deleteContact(db, actor.workspaceId, organizationId, personId);
  const previous = { role: before.role, title: before.title, isPrimary: before.is_primary };
  await auditLink(db, actor, 'contact_removed', [
    { customerId: organizationId, before: { contact: { ...previous, personId } }, after: { contact: null } },
    { customerId: personId, before: { contact: { ...previous, organizationId } }, after: { contact: null } },
  ]);
}
