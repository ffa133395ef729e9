import type { FieldIssue } from '../../../shared/common.ts';
import type { CreateCustomerBody, Customer, UpdateCustomerBody } from '../../../shared/customers.ts';
import { validateCustomFieldValues } from '../../../shared/custom-field-values.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { CustomerRowUpdate } from '../../db/schema.ts';
import { invalidFields } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import * as fieldsRepo from '../custom-fields/custom-fields.repository.ts';
import { presentDefinition } from '../custom-fields/custom-fields.presenter.ts';
import * as lifecycleRepo from '../lifecycle/lifecycle.repository.ts';
import { mergeProfile, presentProfile, storedProfile } from './profile.ts';

/**
 * The profile, classification, lifecycle and custom-field columns of a new or
 * changed customer, checked against the customer's kind, the workspace's
 * stages and its custom field registry. Every problem is reported at once.
 */
export async function profileColumnsForCreate(db: DbOrTx, actor: Actor, input: CreateCustomerBody) {
  const issues: FieldIssue[] = [];
  const { profile, issues: profileIssues } = mergeProfile(input.kind, presentProfile(input.kind, null), input.profile);
  issues.push(...profileIssues);
  const definitions = (await fieldsRepo.listDefinitions(db, actor.workspaceId, { includeArchived: false })).map(presentDefinition);
  const custom = validateCustomFieldValues(definitions, input.customFields, {}, { creating: true });
  issues.push(...custom.issues);
  if (input.lifecycleStage && !(await lifecycleRepo.stageExists(db, actor.workspaceId, input.lifecycleStage))) {
    issues.push({ path: 'lifecycleStage', code: 'unknown_stage', message: 'No lifecycle stage of this workspace has this key' });
  }
  if (issues.length) throw invalidFields(issues);
  return {
    profile: JSON.stringify(storedProfile(profile)),
    relationship_type: input.relationshipType ?? null,
    value_class: input.valueClass ?? null,
    key_account: input.keyAccount,
    lifecycle_stage: input.lifecycleStage ?? null,
    custom_fields: JSON.stringify(custom.values),
  };
}

/** Records the stage a customer was created in (no reason needed: nothing changed). */
export async function recordInitialStage(db: DbOrTx, actor: Actor, customerId: string, stage: string | null | undefined) {
  if (!stage) return;
  await lifecycleRepo.insertHistory(db, {
    workspaceId: actor.workspaceId,
    customerId,
    fromStage: null,
    toStage: stage,
    actor: actor.type === 'api_key' ? { type: 'api_key', id: actor.apiKeyId } : { type: 'user', id: actor.userId },
    reason: null,
  });
}

export async function profileColumnsForUpdate(db: DbOrTx, actor: Actor, before: Customer, input: UpdateCustomerBody): Promise<CustomerRowUpdate> {
  const issues: FieldIssue[] = [];
  const changes: CustomerRowUpdate = {};
  const kind = input.kind ?? before.kind;
  if (input.profile !== undefined || kind !== before.kind) {
    // A change of kind keeps the fields both kinds share (source channel) and starts the rest empty.
    const base = kind === before.kind ? before.profile : presentProfile(kind, { sourceChannel: before.profile.sourceChannel });
    const merged = mergeProfile(kind, base, input.profile);
    issues.push(...merged.issues);
    changes.profile = JSON.stringify(storedProfile(merged.profile));
  }
  if (input.customFields !== undefined) {
    const definitions = (await fieldsRepo.listDefinitions(db, actor.workspaceId, { includeArchived: false })).map(presentDefinition);
    const custom = validateCustomFieldValues(definitions, input.customFields, before.customFields, { creating: false });
    issues.push(...custom.issues);
    changes.custom_fields = JSON.stringify(custom.values);
  }
  if (issues.length) throw invalidFields(issues);
  if (input.relationshipType !== undefined) changes.relationship_type = input.relationshipType;
  if (input.valueClass !== undefined) changes.value_class = input.valueClass;
  if (input.keyAccount !== undefined) changes.key_account = input.keyAccount;
  return changes;
}
