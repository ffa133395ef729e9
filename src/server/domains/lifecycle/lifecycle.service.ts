import type { ChangeLifecycleBody, LifecycleChange, LifecycleStage, PutLifecycleStagesBody } from '../../../shared/lifecycle.ts';
import type { Customer } from '../../../shared/customers.ts';
import type { DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { recordEvent } from '../events/events.repository.ts';
import { auditedCustomer, presentCustomer } from '../customers/customers.presenter.ts';
import * as customersRepo from '../customers/customers.repository.ts';
import * as customers from '../customers/customers.service.ts';
import { presentChange, presentStage } from './lifecycle.presenter.ts';
import * as repo from './lifecycle.repository.ts';

export async function listStages(db: DbOrTx, workspaceId: string): Promise<LifecycleStage[]> {
  return (await repo.listStages(db, workspaceId)).map(presentStage);
}

/** The stage changes of a customer the caller has proved visible, newest first. */
export async function listHistory(db: DbOrTx, workspaceId: string, customerId: string): Promise<LifecycleChange[]> {
  return (await repo.listHistory(db, workspaceId, customerId)).map(presentChange);
}

/**
 * Moves a customer to another lifecycle stage: checks the version, records
 * the change (from, to, who, why) in the stage history and the event log.
 * Returns the customer unmasked; the route reads it back for the actor.
 */
export async function changeStage(db: DbOrTx, actor: Actor, customerId: string, input: ChangeLifecycleBody): Promise<Customer> {
  const row = await customersRepo.findCustomer(db, actor, customerId, { forUpdate: true });
  if (!row) throw notFound('Customer');
  const before = presentCustomer(row);
  if (before.version !== input.version) {
    // The current record goes out as the actor may see it (masked where their role says so).
    throw new AppError('version_conflict', `You edited version ${input.version}; the record is now at version ${before.version}`, {
      current: await customers.getCustomer(db, actor, customerId),
    });
  }
  if (before.deletedAt) throw new AppError('conflict', 'A deleted customer keeps its stage; restore it first');
  if (!(await repo.stageExists(db, actor.workspaceId, input.stage))) {
    throw invalidFields([{ path: 'stage', code: 'unknown_stage', message: 'No lifecycle stage of this workspace has this key' }]);
  }
  if (before.lifecycleStage === input.stage) {
    throw invalidFields([{ path: 'stage', code: 'same_stage', message: 'The customer is already in this stage' }]);
  }
  await customersRepo.updateCustomer(db, actor.workspaceId, customerId, input.version, { lifecycle_stage: input.stage });
  await repo.insertHistory(db, {
    workspaceId: actor.workspaceId,
    customerId,
    fromStage: before.lifecycleStage,
    toStage: input.stage,
    actor: eventActor(actor),
    reason: input.reason,
  });
  const after = presentCustomer((await customersRepo.findCustomer(db, actor, customerId))!);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'customer',
    entityId: customerId,
    customerId,
    action: 'lifecycle_changed',
    before: { ...auditedCustomer(before), lifecycleReason: null },
    after: { ...auditedCustomer(after), lifecycleReason: input.reason },
  });
  return after;
}

/**
 * Configures the workspace's stages: renames, reorders, adds, and removes the
 * ones left out — unless customers are in them (409 naming them). Stage
 * history keeps the keys it recorded.
 */
export async function replaceStages(db: DbOrTx, actor: Actor, input: PutLifecycleStagesBody): Promise<LifecycleStage[]> {
  const before = await listStages(db, actor.workspaceId);
  const removed = before.map((stage) => stage.key).filter((key) => !input.stages.some((stage) => stage.key === key));
  const inUse = await repo.stagesInUse(db, actor.workspaceId, removed);
  if (inUse.length) {
    throw new AppError('conflict', `Customers are in the stages ${inUse.join(', ')}; move them first`, {
      errors: inUse.map((key) => ({ path: 'stages', code: 'stage_in_use', message: `Customers are in the stage ${key}` })),
    });
  }
  await repo.replaceStages(db, actor.workspaceId, input.stages);
  const after = await listStages(db, actor.workspaceId);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'lifecycle_stages',
    entityId: actor.workspaceId,
    action: 'updated',
    before: { stages: before },
    after: { stages: after },
  });
  return after;
}
