import type { Customer, CustomerList, CustomerListQuery } from '../../../shared/customers.ts';
import type { ClaimAllowance, PoolRules, ReleaseBody, UpdatePoolRulesBody } from '../../../shared/pool.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { PoolRulesTable } from '../../db/schema.ts';
import type { Updateable } from 'kysely';
import { AppError, notFound } from '../../http/errors.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { presentCustomerFor, presentCustomerSummaryFor } from '../customers/customers.presenter.ts';
import * as customersRepo from '../customers/customers.repository.ts';
import { recordEvent } from '../events/events.repository.ts';
import { type PoolRulesRow, findRules } from './pool.repository.ts';
import * as repo from './pool.repository.ts';

/** The rules when a workspace has never saved any: switched off, with sensible numbers to start from. */
export const DEFAULT_POOL_RULES: PoolRules = {
  enabled: false,
  noFollowUpDays: 30,
  noDealDays: 90,
  warnDays: 3,
  dailyClaimLimit: 20,
  version: 1,
  updatedAt: null,
};

export function presentRules(row: PoolRulesRow | undefined): PoolRules {
  if (!row) return DEFAULT_POOL_RULES;
  return {
    enabled: row.enabled,
    noFollowUpDays: row.no_follow_up_days,
    noDealDays: row.no_deal_days,
    warnDays: row.warn_days,
    dailyClaimLimit: row.daily_claim_limit,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function getRules(db: DbOrTx, actor: Actor): Promise<PoolRules> {
  return presentRules(await findRules(db, actor.workspaceId));
}

export async function updateRules(db: DbOrTx, actor: Actor, input: UpdatePoolRulesBody): Promise<PoolRules> {
  const locked = await repo.lockRules(db, actor.workspaceId);
  const before = presentRules(locked);
  if (before.version !== input.version) {
    throw new AppError('version_conflict', `You edited version ${input.version}; the rules are now at version ${before.version}`, { current: before });
  }
  const changes: Updateable<PoolRulesTable> = {};
  if (input.enabled !== undefined) changes.enabled = input.enabled;
  if (input.noFollowUpDays !== undefined) changes.no_follow_up_days = input.noFollowUpDays;
  if (input.noDealDays !== undefined) changes.no_deal_days = input.noDealDays;
  if (input.warnDays !== undefined) changes.warn_days = input.warnDays;
  if (input.dailyClaimLimit !== undefined) changes.daily_claim_limit = input.dailyClaimLimit;
  const after = presentRules(await repo.updateRules(db, actor.workspaceId, changes));
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'pool_rules',
    entityId: locked.id,
    action: 'updated',
    before: { ...before },
    after: { ...after },
  });
  return after;
}

/** The pool (公海): customers without an owner, searchable like the customer list. */
export async function listPool(db: DbOrTx, actor: Actor, query: CustomerListQuery): Promise<CustomerList> {
  const page = await customersRepo.listCustomers(db, actor, query, { unowned: true });
  return { items: page.items.map((row) => presentCustomerSummaryFor(actor, row)), nextCursor: page.nextCursor };
}

/** The daily claim limit applies while the workspace's pool rules are switched on. */
export async function claimAllowance(db: DbOrTx, actor: Actor, now = new Date()): Promise<ClaimAllowance> {
  const rules = presentRules(await findRules(db, actor.workspaceId));
  const usedToday = await repo.countClaimsToday(db, actor.workspaceId, actor.userId, now);
  const limit = rules.enabled ? rules.dailyClaimLimit : null;
  return { limit, usedToday, remaining: limit === null ? null : Math.max(limit - usedToday, 0) };
}

async function lockVisible(db: DbOrTx, actor: Actor, id: string) {
  const row = await customersRepo.findCustomer(db, actor, id, { forUpdate: true });
  if (!row || row.deleted_at) throw notFound('Customer');
  return row;
}

async function reload(db: DbOrTx, actor: Actor, id: string): Promise<Customer> {
  const row = await customersRepo.findCustomer(db, actor, id);
  if (!row) throw notFound('Customer');
  return presentCustomerFor(actor, row);
}

/** 认领: takes a customer from the pool for the actor, within the daily claim limit. */
export async function claimCustomer(db: DbOrTx, actor: Actor, id: string, now = new Date()): Promise<Customer> {
  const row = await lockVisible(db, actor, id);
  if (row.owner_id === actor.userId) return presentCustomerFor(actor, row);
  if (row.owner_id) throw new AppError('conflict', 'This customer is no longer in the pool: someone has claimed it');
  await repo.lockUser(db, actor.workspaceId, actor.userId);
  const allowance = await claimAllowance(db, actor, now);
  if (allowance.remaining !== null && allowance.remaining <= 0) {
    throw new AppError('limit_reached', `You have claimed ${allowance.usedToday} customers today; the limit is ${allowance.limit} a day`);
  }
  await repo.setOwner(db, actor.workspaceId, id, actor.userId);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'customer',
    entityId: id,
    customerId: id,
    action: 'claimed',
    before: { ownerId: null },
    after: { ownerId: actor.userId },
    occurredAt: now,
  });
  return reload(db, actor, id);
}

/** 放回公海: the owner (or someone who may reassign it) puts the customer back in the pool, with a reason. */
export async function releaseCustomer(db: DbOrTx, actor: Actor, id: string, input: ReleaseBody): Promise<Customer> {
  const row = await lockVisible(db, actor, id);
  if (!row.owner_id) throw new AppError('conflict', 'This customer is already in the pool');
  if (row.owner_id !== actor.userId && !actor.role.permissions.includes('customers.reassign')) {
    throw new AppError('forbidden', 'Only the owner, or someone who may reassign customers, can put a customer back in the pool');
  }
  await repo.setOwner(db, actor.workspaceId, id, null);
  const collaborators = await repo.removeCollaborators(db, actor.workspaceId, id);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'customer',
    entityId: id,
    customerId: id,
    action: 'released_to_pool',
    before: { ownerId: row.owner_id, collaboratorIds: collaborators },
    after: { ownerId: null, collaboratorIds: [], reason: input.reason || null },
  });
  return reload(db, actor, id);
}
