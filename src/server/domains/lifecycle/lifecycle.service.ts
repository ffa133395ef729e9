import type { ChangeLifecycleBody, LifecycleChange, LifecycleStage, PutLifecycleStagesBody } from '../../../shared/lifecycle.ts';
import type { FieldIssue } from '../../../shared/common.ts';
import type { Customer } from '../../../shared/customers.ts';
import type { DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { recordEvent, recordEvents } from '../events/events.repository.ts';
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
 * Configures the workspace's stages: renames, reorders, adds, restores, and
 * retires the active ones left out. Customers in a stage being retired move to
 * the stage `moveTo` names for it, each move kept in their stage history with
 * the reason and in their timeline; without a replacement the change is refused
 * (409 naming how many customers are in the stage). Nothing is deleted, so the
 * history keeps naming retired stages.
 */
export async function replaceStages(db: DbOrTx, actor: Actor, input: PutLifecycleStagesBody): Promise<LifecycleStage[]> {
  const before = await listStages(db, actor.workspaceId);
  const activeKeys = new Set(input.stages.map((stage) => stage.key));
  const retiring = before.filter((stage) => !stage.retired && !activeKeys.has(stage.key));
  const moveTo = input.moveTo ?? {};

  const issues: FieldIssue[] = [];
  for (const [from, to] of Object.entries(moveTo)) {
    if (!retiring.some((stage) => stage.key === from)) {
      issues.push({ path: `moveTo.${from}`, code: 'not_retired', message: 'Only customers of a stage being retired are moved', params: { stage: from } });
    } else if (!activeKeys.has(to)) {
      issues.push({ path: `moveTo.${from}`, code: 'unknown_stage', message: 'Customers can only move to a stage in the new list', params: { stage: to } });
    }
  }
  if (issues.length) throw invalidFields(issues);

  const inUse = await repo.countCustomersInStages(db, actor.workspaceId, retiring.map((stage) => stage.key));
  const unplaced = retiring.filter((stage) => (inUse.get(stage.key) ?? 0) > 0 && !moveTo[stage.key]);
  if (unplaced.length) {
    const described = unplaced.map((stage) => `${inUse.get(stage.key)} customers are in ${stage.nameZh} (${stage.key})`);
    throw new AppError('conflict', `${described.join('; ')}: choose a stage to move them to (moveTo)`, {
      errors: unplaced.map((stage) => ({
        path: `moveTo.${stage.key}`,
        code: 'stage_in_use',
        message: `${inUse.get(stage.key)} customers are in this stage; choose a stage to move them to`,
        params: { stage: stage.key, customers: inUse.get(stage.key)! },
      })),
    });
  }
  const moving = retiring.filter((stage) => (inUse.get(stage.key) ?? 0) > 0);
  if (moving.length && !input.reason) {
    throw invalidFields([{ path: 'reason', code: 'required', message: 'Moving customers to another stage needs a reason for their stage history' }]);
  }

  // Stages change first, so the customers move into stages that exist under their new names.
  await repo.replaceStages(db, actor.workspaceId, input.stages);
  const moved = new Map<string, { to: string; customers: number }>();
  for (const stage of moving) {
    const to = moveTo[stage.key]!;
    const customers = await repo.lockCustomersInStage(db, actor.workspaceId, stage.key);
    const ids = customers.map((customer) => customer.id);
    await repo.setCustomersStage(db, actor.workspaceId, ids, to);
    await repo.insertHistoryRows(db, { workspaceId: actor.workspaceId, customerIds: ids, fromStage: stage.key, toStage: to, actor: eventActor(actor), reason: input.reason! });
    for (let start = 0; start < ids.length; start += 1000) {
      await recordEvents(
        db,
        ids.slice(start, start + 1000).map((id) => ({
          workspaceId: actor.workspaceId,
          actor: eventActor(actor),
          entityType: 'customer',
          entityId: id,
          customerId: id,
          action: 'lifecycle_changed',
          before: { lifecycleStage: stage.key, lifecycleReason: null },
          after: { lifecycleStage: to, lifecycleReason: input.reason! },
        })),
      );
    }
    moved.set(stage.key, { to, customers: ids.length });
  }
  const after = await listStages(db, actor.workspaceId);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'lifecycle_stages',
    entityId: actor.workspaceId,
    action: 'updated',
    before: { stages: before },
    after: { stages: after, ...(moved.size ? { moved: Object.fromEntries(moved), reason: input.reason } : {}) },
  });
  return after;
}
