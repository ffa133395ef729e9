import type { CreateCustomerBody, Customer, CustomerListQuery, UpdateCustomerBody } from '../../../shared/customers.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { CustomerRowUpdate } from '../../db/schema.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { recordEvent } from '../events/events.repository.ts';
import { auditedCustomer, presentCustomer } from './customers.presenter.ts';
import * as repo from './customers.repository.ts';
import { contactSearchText, namePinyin } from './customers.search.ts';

async function assertOwnerAllowed(db: DbOrTx, actor: Actor, ownerId: string | null | undefined) {
  if (!ownerId) return;
  if (!(await repo.ownerWithinScope(db, actor, ownerId))) {
    throw invalidFields([{ path: 'ownerId', code: 'unknown_owner', message: 'No active user you may assign customers to has this id' }]);
  }
}

async function loadVisible(db: DbOrTx, actor: Actor, id: string, forUpdate = false): Promise<Customer> {
  const row = await repo.findCustomer(db, actor, id, { forUpdate });
  if (!row) throw notFound('Customer');
  return presentCustomer(row);
}

async function audit(db: DbOrTx, actor: Actor, action: string, before: Customer | null, after: Customer | null) {
  const subject = (after ?? before)!;
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'customer',
    entityId: subject.id,
    customerId: subject.id,
    action,
    before: before && auditedCustomer(before),
    after: after && auditedCustomer(after),
  });
}

export function getCustomer(db: DbOrTx, actor: Actor, id: string) {
  return loadVisible(db, actor, id);
}

export async function listCustomers(db: DbOrTx, actor: Actor, query: CustomerListQuery) {
  const page = await repo.listCustomers(db, actor, query);
  return { items: page.items.map(presentCustomer), nextCursor: page.nextCursor };
}

export async function createCustomer(db: DbOrTx, actor: Actor, input: CreateCustomerBody): Promise<Customer> {
  // A rep's new customer is theirs unless they say otherwise; an API key's belongs to the key's user.
  const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
  await assertOwnerAllowed(db, actor, ownerId);
  const id = uuidv7();
  const pinyin = namePinyin(input.name);
  await repo.insertCustomers(db, [{
    workspace_id: actor.workspaceId,
    id,
    kind: input.kind,
    name: input.name,
    name_pinyin: pinyin.full,
    name_initials: pinyin.initials,
    phones: input.phones,
    emails: input.emails,
    contact_search: contactSearchText(input.phones, input.emails),
    city: input.city || null,
    address: input.address || null,
    tags: input.tags,
    status: input.status,
    owner_id: ownerId,
  }]);
  const created = await loadVisible(db, actor, id);
  await audit(db, actor, 'created', null, created);
  return created;
}

export async function updateCustomer(db: DbOrTx, actor: Actor, id: string, input: UpdateCustomerBody): Promise<Customer> {
  const before = await loadVisible(db, actor, id, true);
  if (before.version !== input.version) {
    throw new AppError('version_conflict', `You edited version ${input.version}; the record is now at version ${before.version}`, {
      current: before,
    });
  }
  if (input.ownerId !== undefined && input.ownerId !== before.ownerId) await assertOwnerAllowed(db, actor, input.ownerId);

  const changes: CustomerRowUpdate = {};
  if (input.kind !== undefined) changes.kind = input.kind;
  if (input.name !== undefined) {
    const pinyin = namePinyin(input.name);
    Object.assign(changes, { name: input.name, name_pinyin: pinyin.full, name_initials: pinyin.initials });
  }
  if (input.phones !== undefined) changes.phones = input.phones;
  if (input.emails !== undefined) changes.emails = input.emails;
  if (input.phones !== undefined || input.emails !== undefined) {
    changes.contact_search = contactSearchText(input.phones ?? before.phones, input.emails ?? before.emails);
  }
  if (input.city !== undefined) changes.city = input.city || null;
  if (input.address !== undefined) changes.address = input.address || null;
  if (input.tags !== undefined) changes.tags = input.tags;
  if (input.status !== undefined) changes.status = input.status;
  if (input.ownerId !== undefined) changes.owner_id = input.ownerId;

  await repo.updateCustomer(db, actor.workspaceId, id, input.version, changes);
  const after = await loadVisible(db, actor, id).catch(() => null);
  // Handing a customer to someone outside one's own scope is allowed only within scope, so it stays visible.
  if (!after) throw notFound('Customer');
  await audit(db, actor, 'updated', before, after);
  return after;
}

export async function deleteCustomer(db: DbOrTx, actor: Actor, id: string): Promise<void> {
  const before = await loadVisible(db, actor, id, true);
  if (before.deletedAt) return;
  await repo.updateCustomer(db, actor.workspaceId, id, before.version, { deleted_at: new Date() });
  await audit(db, actor, 'deleted', before, await loadVisible(db, actor, id));
}

export async function restoreCustomer(db: DbOrTx, actor: Actor, id: string): Promise<Customer> {
  const before = await loadVisible(db, actor, id, true);
  if (!before.deletedAt) return before;
  await repo.updateCustomer(db, actor.workspaceId, id, before.version, { deleted_at: null });
  const after = await loadVisible(db, actor, id);
  await audit(db, actor, 'restored', before, after);
  return after;
}
