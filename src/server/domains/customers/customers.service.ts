import type { CreateCustomerBody, Customer, CustomerListQuery, UpdateCustomerBody } from '../../../shared/customers.ts';
import type { EventList } from '../../../shared/events.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { CustomerRowUpdate } from '../../db/schema.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, authorize, eventActor } from '../auth/actor.ts';
import { recordEvent } from '../events/events.repository.ts';
import { listEntityEventsFor } from '../events/events.service.ts';
import { maskEventFor, maskFor } from './customers.masking.ts';
import { auditedCustomer, presentCustomer, presentCustomerFor, presentCustomerSummaryFor } from './customers.presenter.ts';
import * as repo from './customers.repository.ts';
import { profileColumnsForCreate, profileColumnsForUpdate, recordInitialStage } from '../customer-profiles/profile-fields.ts';
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

/** The services' answers go out through maskFor/presentCustomerFor; loadVisible stays unmasked for their own logic. */
export async function getCustomer(db: DbOrTx, actor: Actor, id: string) {
  return maskFor(actor, await loadVisible(db, actor, id));
}

export async function listCustomers(db: DbOrTx, actor: Actor, query: CustomerListQuery) {
  const page = await repo.listCustomers(db, actor, query);
  return { items: page.items.map((row) => presentCustomerSummaryFor(actor, row)), nextCursor: page.nextCursor };
}

/**
 * For export: every customer the actor may see that matches the filter, page by page,
 * as the actor may see it (scope and masking as in the list). No row cap.
 */
export async function* exportVisibleCustomers(db: DbOrTx, actor: Actor, filter: Omit<CustomerListQuery, 'limit' | 'cursor'>, batchSize = 1000) {
  for await (const rows of repo.listAllCustomerRows(db, actor, filter, batchSize)) yield rows.map((row) => presentCustomerFor(actor, row));
}

export async function createCustomer(db: DbOrTx, actor: Actor, input: CreateCustomerBody): Promise<Customer> {
  // A rep's new customer is theirs unless they say otherwise; an API key's belongs to the key's user.
  const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
  await assertOwnerAllowed(db, actor, ownerId);
  const profileColumns = await profileColumnsForCreate(db, actor, input);
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
    ...profileColumns,
  }]);
  await recordInitialStage(db, actor, id, input.lifecycleStage);
  const created = await loadVisible(db, actor, id);
  await audit(db, actor, 'created', null, created);
  return maskFor(actor, created);
}

export async function updateCustomer(db: DbOrTx, actor: Actor, id: string, input: UpdateCustomerBody): Promise<Customer> {
  const before = await loadVisible(db, actor, id, true);
  if (before.version !== input.version) {
    throw new AppError('version_conflict', `You edited version ${input.version}; the record is now at version ${before.version}`, {
      current: maskFor(actor, before),
    });
  }
  if (input.ownerId !== undefined && input.ownerId !== before.ownerId) {
    await assertOwnerAllowed(db, actor, input.ownerId);
    // Owners change by reassignment; reps move customers with claim and release (公海 rules and limits).
    authorize(actor, 'customers.reassign');
  }

  const changes: CustomerRowUpdate = await profileColumnsForUpdate(db, actor, before, input);
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
  return maskFor(actor, after);
}

export async function deleteCustomer(db: DbOrTx, actor: Actor, id: string): Promise<void> {
  const before = await loadVisible(db, actor, id, true);
  if (before.deletedAt) return;
  await repo.updateCustomer(db, actor.workspaceId, id, before.version, { deleted_at: new Date() });
  await audit(db, actor, 'deleted', before, await loadVisible(db, actor, id));
}

export async function restoreCustomer(db: DbOrTx, actor: Actor, id: string): Promise<Customer> {
  const before = await loadVisible(db, actor, id, true);
  if (!before.deletedAt) return maskFor(actor, before);
  await repo.updateCustomer(db, actor.workspaceId, id, before.version, { deleted_at: null });
  const after = await loadVisible(db, actor, id);
  await audit(db, actor, 'restored', before, after);
  return maskFor(actor, after);
}

/** A customer's history, if the actor may see the customer, masked like the customer. */
export async function listCustomerEvents(db: DbOrTx, actor: Actor, id: string, page: { limit: number; cursor?: string }): Promise<EventList> {
  await loadVisible(db, actor, id);
  const list = await listEntityEventsFor(db, actor, 'customer', id, page);
  return { ...list, items: list.items.map((event) => maskEventFor(actor, event)) };
}
