import type { CreateCustomFieldBody, CustomFieldDefinition, UpdateCustomFieldBody } from '../../../shared/custom-fields.ts';
import type { DbOrTx } from '../../db/database.ts';
import { AppError, invalidFields, notFound } from '../../http/errors.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { recordEvent } from '../events/events.repository.ts';
import { presentDefinition } from './custom-fields.presenter.ts';
import * as repo from './custom-fields.repository.ts';

const SELECT_TYPES = new Set(['single_select', 'multi_select']);

/** The workspace's registry, in display order; archived fields only when asked. */
export async function listDefinitions(db: DbOrTx, workspaceId: string, includeArchived = false): Promise<CustomFieldDefinition[]> {
  return (await repo.listDefinitions(db, workspaceId, { includeArchived })).map(presentDefinition);
}

async function audit(db: DbOrTx, actor: Actor, action: string, before: CustomFieldDefinition | null, after: CustomFieldDefinition) {
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'custom_field',
    entityId: after.id,
    action,
    before,
    after,
  });
}

export async function createDefinition(db: DbOrTx, actor: Actor, input: CreateCustomFieldBody): Promise<CustomFieldDefinition> {
  const issues = [];
  if (SELECT_TYPES.has(input.type) && input.options.length === 0) {
    issues.push({ path: 'options', code: 'options_required', message: 'A select field needs at least one option' });
  }
  if (!SELECT_TYPES.has(input.type) && input.options.length > 0) {
    issues.push({ path: 'options', code: 'options_not_allowed', message: 'Only select fields have options' });
  }
  if (issues.length) throw invalidFields(issues);
  if (await repo.keyExists(db, actor.workspaceId, input.key)) {
    throw new AppError('conflict', `A custom field with key ${input.key} exists (archived fields keep their key)`, {
      errors: [{ path: 'key', code: 'taken', message: 'This key is taken' }],
    });
  }
  const id = uuidv7();
  await repo.insertDefinition(db, {
    workspace_id: actor.workspaceId,
    id,
    key: input.key,
    label_zh: input.labelZh,
    label_en: input.labelEn,
    type: input.type,
    options: JSON.stringify(input.options),
    required: input.required,
    position: input.position ?? (await repo.nextPosition(db, actor.workspaceId)),
  });
  const created = presentDefinition((await repo.findDefinition(db, actor.workspaceId, id))!);
  await audit(db, actor, 'created', null, created);
  return created;
}

export async function updateDefinition(db: DbOrTx, actor: Actor, id: string, input: UpdateCustomFieldBody): Promise<CustomFieldDefinition> {
  const row = await repo.findDefinition(db, actor.workspaceId, id, { forUpdate: true });
  if (!row) throw notFound('Custom field');
  const before = presentDefinition(row);
  if (before.version !== input.version) {
    throw new AppError('version_conflict', `You edited version ${input.version}; the field is now at version ${before.version}`, { current: before });
  }
  if (input.options !== undefined) {
    if (!SELECT_TYPES.has(before.type)) throw invalidFields([{ path: 'options', code: 'options_not_allowed', message: 'Only select fields have options' }]);
    if (input.options.length === 0) throw invalidFields([{ path: 'options', code: 'options_required', message: 'A select field needs at least one option' }]);
  }
  await repo.updateDefinition(db, actor.workspaceId, id, {
    ...(input.labelZh !== undefined ? { label_zh: input.labelZh } : {}),
    ...(input.labelEn !== undefined ? { label_en: input.labelEn } : {}),
    ...(input.options !== undefined ? { options: JSON.stringify(input.options) } : {}),
    ...(input.required !== undefined ? { required: input.required } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.archived !== undefined ? { archived_at: input.archived ? (row.archived_at ?? new Date()) : null } : {}),
  });
  const after = presentDefinition((await repo.findDefinition(db, actor.workspaceId, id))!);
  await audit(db, actor, input.archived === true && !before.archivedAt ? 'archived' : 'updated', before, after);
  return after;
}
