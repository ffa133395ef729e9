import type { AddCollaboratorBody, Collaborator, CollaboratorList, ReassignBody, ReassignResult } from '../../../shared/ownership.ts';
import type { DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import * as customersRepo from '../customers/customers.repository.ts';
import { recordEvents, recordEvent } from '../events/events.repository.ts';
import * as repo from './ownership.repository.ts';

/**
 * Hands customers to one owner, all or nothing: every id must be a customer the
 * actor may see, and the new owner someone the actor may assign to. Each customer
 * that changes hands gets a 'reassigned' event with the owner before and after.
 */
export async function reassignCustomers(db: DbOrTx, actor: Actor, input: ReassignBody): Promise<ReassignResult> {
  if (!(await customersRepo.ownerWithinScope(db, actor, input.ownerId))) {
    throw invalidFields([{ path: 'ownerId', code: 'unknown_owner', message: 'No active user you may assign customers to has this id' }]);
  }
  const rows = await repo.lockVisibleCustomers(db, actor, input.customerIds);
  const found = new Map(rows.filter((row) => !row.deleted_at).map((row) => [row.id, row]));
  const missing = input.customerIds.flatMap((id, index) => (found.has(id) ? [] : [index]));
  if (missing.length) {
    throw invalidFields(
      missing.map((index) => ({ path: `customerIds.${index}`, code: 'not_found', message: 'No customer you may see has this id' })),
    );
  }
  const moving = [...found.values()].filter((row) => row.owner_id !== input.ownerId);
  await repo.setOwners(db, actor.workspaceId, moving.map((row) => row.id), input.ownerId);
  await recordEvents(
    db,
    moving.map((row) => ({
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'customer',
      entityId: row.id,
      customerId: row.id,
      action: 'reassigned',
      before: { ownerId: row.owner_id },
      after: { ownerId: input.ownerId },
    })),
  );
  return { moved: moving.length };
}

async function visibleCustomer(db: DbOrTx, actor: Actor, id: string, forUpdate = false) {
  const row = await customersRepo.findCustomer(db, actor, id, { forUpdate });
  if (!row) throw notFound('Customer');
  return row;
}

const present = (row: repo.CollaboratorRow): Collaborator => ({ userId: row.user_id, name: row.name, addedAt: row.added_at.toISOString() });

export async function listCollaborators(db: DbOrTx, actor: Actor, customerId: string): Promise<CollaboratorList> {
  await visibleCustomer(db, actor, customerId);
  return { items: (await repo.listCollaborators(db, actor.workspaceId, customerId)).map(present) };
}

/** The owner picks collaborators for their customer; someone who may reassign it may too. */
function assertMayShare(actor: Actor, ownerId: string | null) {
  if (ownerId === actor.userId || actor.role.permissions.includes('customers.reassign')) return;
  throw new AppError('forbidden', 'Only the owner, or someone who may reassign customers, can change its collaborators');
}

export async function addCollaborator(db: DbOrTx, actor: Actor, customerId: string, input: AddCollaboratorBody): Promise<CollaboratorList> {
  const customer = await visibleCustomer(db, actor, customerId, true);
  assertMayShare(actor, customer.owner_id);
  if (!customer.owner_id) throw new AppError('conflict', 'A customer in the pool has no collaborators; claim it first');
  const user = await repo.findActiveUser(db, actor.workspaceId, input.userId);
  if (!user) throw invalidFields([{ path: 'userId', code: 'unknown_user', message: 'No active user in this workspace has this id' }]);
  if (user.id === customer.owner_id) throw invalidFields([{ path: 'userId', code: 'is_owner', message: 'The owner is not a collaborator' }]);
  if (await repo.addCollaborator(db, actor.workspaceId, customerId, user.id)) {
    await recordEvent(db, {
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'customer',
      entityId: customerId,
      customerId,
      action: 'collaborator_added',
      // an empty before, so the timeline lists what was recorded as changes
      before: {},
      after: { collaborator: { id: user.id, name: user.name } },
    });
  }
  return { items: (await repo.listCollaborators(db, actor.workspaceId, customerId)).map(present) };
}

export async function removeCollaborator(db: DbOrTx, actor: Actor, customerId: string, userId: string): Promise<void> {
  const customer = await visibleCustomer(db, actor, customerId, true);
  // A collaborator may also leave on their own.
  if (userId !== actor.userId) assertMayShare(actor, customer.owner_id);
  if (!(await repo.removeCollaborator(db, actor.workspaceId, customerId, userId))) throw notFound('Collaborator');
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'customer',
    entityId: customerId,
    customerId,
    action: 'collaborator_removed',
    before: { collaborator: { id: userId } },
    after: null,
  });
}
