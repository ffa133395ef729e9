import { type Merge, type MergeBody, type MergeField, type MergeList, MERGE_UNDO_DAYS } from '../../../shared/duplicates.ts';
import type { DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, authorize, eventActor } from '../auth/actor.ts';
import { auditedCustomer } from '../customers/customers.presenter.ts';
import { getCustomer } from '../customers/customers.service.ts';
import { contactSearchText, namePinyin } from '../customers/customers.search.ts';
import { recordEvents } from '../events/events.repository.ts';
import * as repo from './merges.repository.ts';
import type { CustomerSnapshot } from './merges.repository.ts';

/** API field → customers column. */
const FIELD_COLUMNS: Record<MergeField, string> = {
  kind: 'kind',
  name: 'name',
  city: 'city',
  address: 'address',
  status: 'status',
  ownerId: 'owner_id',
  relationshipType: 'relationship_type',
  valueClass: 'value_class',
  keyAccount: 'key_account',
  lifecycleStage: 'lifecycle_stage',
  profile: 'profile',
  customFields: 'custom_fields',
};
/** Lists that are united, the survivor's entries first. */
const UNION_COLUMNS = ['phones', 'emails', 'tags'];
/** Objects merged key by key: the chosen side wins, the other fills the keys it lacks. */
const OBJECT_COLUMNS = new Set(['profile', 'custom_fields']);

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (typeof value === 'object' && Object.keys(value as object).length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The survivor's columns after the merge, given per field whose value wins. */
export function mergedColumns(survivor: CustomerSnapshot, loser: CustomerSnapshot, choices: Partial<Record<MergeField, 'survivor' | 'loser'>>) {
  const next: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(FIELD_COLUMNS) as Array<[MergeField, string]>) {
    if (!(column in survivor)) continue;
    const side = choices[field] ?? 'survivor';
    const [winner, other] = side === 'loser' ? [loser[column], survivor[column]] : [survivor[column], loser[column]];
    if (OBJECT_COLUMNS.has(column)) {
      const a = (other ?? {}) as Record<string, unknown>;
      const b = (winner ?? {}) as Record<string, unknown>;
      const combined: Record<string, unknown> = { ...a };
      for (const [key, value] of Object.entries(b)) if (!isEmpty(value) || !(key in combined)) combined[key] = value;
      next[column] = combined;
    } else {
      // An empty chosen value does not wipe out the other side's (no data lost by a merge).
      next[column] = side === 'survivor' && isEmpty(winner) && !choices[field] ? other : winner;
    }
  }
  for (const column of UNION_COLUMNS) {
    next[column] = [...new Set([...((survivor[column] as string[]) ?? []), ...((loser[column] as string[]) ?? [])])];
  }
  const pinyin = namePinyin(String(next.name));
  next.name_pinyin = pinyin.full;
  next.name_initials = pinyin.initials;
  next.contact_search = contactSearchText(next.phones as string[], next.emails as string[]);
  return next;
}

/**
 * The survivor's columns on undo: each field the merge changed goes back to its
 * value before the merge unless someone has changed it since; list entries the
 * merge brought in are taken out again, entries added later stay.
 */
export function unmergedColumns(current: CustomerSnapshot, before: CustomerSnapshot, after: CustomerSnapshot) {
  const next: Record<string, unknown> = {};
  for (const column of [...Object.values(FIELD_COLUMNS), ...UNION_COLUMNS]) {
    if (!(column in before)) continue;
    if (UNION_COLUMNS.includes(column)) {
      const had = new Set((before[column] as string[]) ?? []);
      const broughtIn = new Set(((after[column] as string[]) ?? []).filter((item) => !had.has(item)));
      next[column] = ((current[column] as string[]) ?? []).filter((item) => !broughtIn.has(item));
    } else next[column] = same(current[column], after[column]) ? before[column] : current[column];
  }
  const pinyin = namePinyin(String(next.name));
  next.name_pinyin = pinyin.full;
  next.name_initials = pinyin.initials;
  next.contact_search = contactSearchText(next.phones as string[], next.emails as string[]);
  // The owner's clock (owner_since) goes back with the owner.
  if ('owner_since' in before && same(next.owner_id, before.owner_id)) next.owner_since = before.owner_since;
  return next;
}

function presentMerge(row: repo.MergeRow, moved: Record<string, number>): Merge {
  const undoableUntil = new Date(row.merged_at.getTime() + MERGE_UNDO_DAYS * 86_400_000);
  return {
    id: row.id,
    survivorId: row.survivor_id,
    loserId: row.loser_id,
    survivorName: String((row.survivor_after as CustomerSnapshot).name),
    loserName: String((row.loser_before as CustomerSnapshot).name),
    choices: row.choices as Record<string, string>,
    moved,
    mergedAt: row.merged_at.toISOString(),
    mergedBy: row.merged_by && row.merged_by_name ? { id: row.merged_by, name: row.merged_by_name } : null,
    undoneAt: row.undone_at?.toISOString() ?? null,
    undoableUntil: undoableUntil.toISOString(),
  };
}

async function presentMerges(db: DbOrTx, actor: Actor, rows: repo.MergeRow[]): Promise<Merge[]> {
  const counts = await repo.movedCounts(db, actor.workspaceId, rows.map((row) => row.id));
  return rows.map((row) =>
    presentMerge(row, Object.fromEntries(counts.filter((count) => count.merge_id === row.id).map((count) => [count.table_name, Number(count.count)]))),
  );
}

/** Folds the loser into the survivor: chosen field values, united lists, every related row moved; recorded for undo. */
export async function mergeCustomers(db: DbOrTx, actor: Actor, input: MergeBody): Promise<Merge> {
  authorize(actor, 'customers.write');
  authorize(actor, 'customers.delete');
  if (input.survivorId === input.loserId) {
    throw invalidFields([{ path: 'loserId', code: 'same_customer', message: 'A customer cannot be merged into itself' }]);
  }
  const snapshots = await repo.lockSnapshots(db, actor, [input.survivorId, input.loserId]);
  const survivor = snapshots.find((row) => row.id === input.survivorId);
  const loser = snapshots.find((row) => row.id === input.loserId);
  if (!survivor || !loser) throw notFound('Customer');
  if (survivor.deleted_at || loser.deleted_at) {
    throw new AppError('conflict', 'Deleted customers cannot be merged; restore them first');
  }
  const before = await getCustomer(db, actor, survivor.id);
  const loserPresented = await getCustomer(db, actor, loser.id);
  const mergeId = uuidv7();
  const next = mergedColumns(survivor, loser, input.choices);
  await repo.writeCustomerColumns(db, actor.workspaceId, survivor.id, next);
  await repo.writeCustomerColumns(db, actor.workspaceId, loser.id, { deleted_at: new Date().toISOString() });
  const survivorAfter = (await repo.snapshotOf(db, actor.workspaceId, survivor.id))!;
  await repo.insertMerge(db, {
    workspaceId: actor.workspaceId,
    id: mergeId,
    survivorId: survivor.id,
    loserId: loser.id,
    survivorBefore: survivor,
    loserBefore: loser,
    survivorAfter,
    choices: Object.fromEntries(Object.keys(FIELD_COLUMNS).map((field) => [field, input.choices[field as MergeField] ?? 'survivor'])),
    mergedBy: actor.userId,
  });
  let position = 0;
  const moved: Record<string, number> = {};
  for (const spec of await repo.presentRelatedTables(db)) {
    const result = await repo.moveRelated(db, actor.workspaceId, mergeId, spec, survivor.id, loser.id, position);
    position = result.next;
    if (result.moved) moved[spec.table] = (moved[spec.table] ?? 0) + result.moved;
  }
  const after = await getCustomer(db, actor, survivor.id);
  const loserAfter = await getCustomer(db, actor, loser.id);
  // Each churn warning the merge resolved says why on its own record.
  const resolvedWarnings = await repo.closedRows(db, actor.workspaceId, mergeId, 'churn_warnings');
  await recordEvents(
    db,
    resolvedWarnings.map((warning) => ({
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'churn_warning',
      entityId: String(warning.id),
      customerId: loser.id,
      action: 'resolved',
      before: { status: warning.status },
      after: { status: 'resolved', resolvedBy: 'merge', mergeId, mergedInto: { id: survivor.id, name: after.name } },
    })),
  );
  await recordEvents(db, [
    {
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'customer',
      entityId: survivor.id,
      customerId: survivor.id,
      action: 'merged',
      before: auditedCustomer(before),
      after: { ...auditedCustomer(after), mergeId, mergedFrom: { id: loser.id, name: loser.name } },
    },
    {
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'customer',
      entityId: loser.id,
      customerId: loser.id,
      action: 'merged_away',
      before: auditedCustomer(loserPresented),
      after: { ...auditedCustomer(loserAfter), mergeId, mergedInto: { id: survivor.id, name: after.name } },
    },
  ]);
  const row = await repo.findMerge(db, actor, mergeId);
  return presentMerge(row!, moved);
}

/** Restores the loser and moves every row back; refused after MERGE_UNDO_DAYS or while a later merge depends on it. */
export async function undoMerge(db: DbOrTx, actor: Actor, mergeId: string, now = new Date()): Promise<Merge> {
  authorize(actor, 'customers.write');
  authorize(actor, 'customers.delete');
  const merge = await repo.findMerge(db, actor, mergeId, true);
  if (!merge) throw notFound('Merge');
  if (merge.undone_at) throw new AppError('conflict', 'This merge has already been undone');
  if (now.getTime() - merge.merged_at.getTime() > MERGE_UNDO_DAYS * 86_400_000) {
    throw new AppError('conflict', `A merge can be undone for ${MERGE_UNDO_DAYS} days; this one is older`);
  }
  const later = await repo.findActiveMergeOfLoser(db, actor.workspaceId, merge.survivor_id);
  if (later) throw new AppError('conflict', 'The surviving customer has since been merged into another one: undo that merge first');
  const survivorNow = await repo.snapshotOf(db, actor.workspaceId, merge.survivor_id);
  const loserNow = await repo.snapshotOf(db, actor.workspaceId, merge.loser_id);
  if (!survivorNow || !loserNow) throw notFound('Customer');
  const before = await getCustomer(db, actor, merge.survivor_id);
  const loserBefore = merge.loser_before as CustomerSnapshot;

  const reopenedWarnings = await repo.closedRows(db, actor.workspaceId, merge.id, 'churn_warnings');
  // Every table first, then the records: rows go back while both customers exist.
  for (const spec of (await repo.presentRelatedTables(db)).reverse()) {
    await repo.restoreRelated(db, actor.workspaceId, merge.id, spec, merge.survivor_id, merge.loser_id);
  }
  const columns = await repo.customerColumns(db);
  await repo.writeCustomerColumns(
    db,
    actor.workspaceId,
    merge.loser_id,
    Object.fromEntries(columns.filter((column) => column in loserBefore).map((column) => [column, loserBefore[column]])),
  );
  await repo.writeCustomerColumns(
    db,
    actor.workspaceId,
    merge.survivor_id,
    unmergedColumns(survivorNow, merge.survivor_before as CustomerSnapshot, merge.survivor_after as CustomerSnapshot),
  );
  await repo.markUndone(db, actor.workspaceId, merge.id, actor.userId);
  await recordEvents(
    db,
    reopenedWarnings.map((warning) => ({
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'churn_warning',
      entityId: String(warning.id),
      customerId: merge.loser_id,
      action: 'reopened',
      before: { status: 'resolved' },
      after: { status: warning.status, reopenedBy: 'unmerge', mergeId: merge.id },
    })),
  );
  const after = await getCustomer(db, actor, merge.survivor_id);
  const loserAfter = await getCustomer(db, actor, merge.loser_id);
  await recordEvents(db, [
    {
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'customer',
      entityId: merge.survivor_id,
      customerId: merge.survivor_id,
      action: 'unmerged',
      before: auditedCustomer(before),
      after: { ...auditedCustomer(after), mergeId: merge.id, restored: { id: merge.loser_id, name: loserAfter.name } },
    },
    {
      workspaceId: actor.workspaceId,
      actor: eventActor(actor),
      entityType: 'customer',
      entityId: merge.loser_id,
      customerId: merge.loser_id,
      action: 'restored_from_merge',
      before: null,
      after: { ...auditedCustomer(loserAfter), mergeId: merge.id },
    },
  ]);
  return (await presentMerges(db, actor, [(await repo.findMerge(db, actor, merge.id))!]))[0]!;
}

export async function listMerges(db: DbOrTx, actor: Actor, filter: { customerId?: string | undefined; limit: number }): Promise<MergeList> {
  return { items: await presentMerges(db, actor, await repo.listMerges(db, actor, filter)) };
}

export async function getMerge(db: DbOrTx, actor: Actor, mergeId: string): Promise<Merge> {
  const row = await repo.findMerge(db, actor, mergeId);
  if (!row) throw notFound('Merge');
  return (await presentMerges(db, actor, [row]))[0]!;
}
