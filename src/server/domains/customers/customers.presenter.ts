import type { Customer, CustomerSummary } from '../../../shared/customers.ts';
import type { Actor } from '../auth/actor.ts';
import { maskFor } from './customers.masking.ts';
import type { CustomFieldValues } from '../../../shared/custom-fields.ts';
import { presentProfile } from '../customer-profiles/profile.ts';
import type { CustomerRecord } from './customers.repository.ts';

/** A customer row as read (the list reads the profile only when asked: null otherwise). */
type CustomerRow = Omit<CustomerRecord, 'profile'> & { profile: Record<string, unknown> | null };

export function presentCustomer(row: CustomerRow): Customer {
  return { ...presentCustomerSummary(row), profile: presentProfile(row.kind, row.profile) };
}

/** A customer as lists and searches show it: without the profile groups, half of a customer's bytes. */
export function presentCustomerSummary(row: Omit<CustomerRow, 'profile'>): CustomerSummary {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    phones: row.phones,
    emails: row.emails,
    city: row.city,
    address: row.address,
    tags: row.tags,
    status: row.status,
    ownerId: row.owner_id,
    owner: row.owner_id && row.owner_name ? { id: row.owner_id, name: row.owner_name } : null,
    relationshipType: row.relationship_type,
    valueClass: row.value_class,
    keyAccount: row.key_account,
    lifecycleStage: row.lifecycle_stage,
    customFields: row.custom_fields as CustomFieldValues,
    ownerSince: row.owner_since?.toISOString() ?? null,
    lastFollowUpAt: row.last_follow_up_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  };
}

/**
 * A customer as this actor may see it: the one way out for every customer read
 * (get, list, search, export, the pool…), masking personal data for roles
 * without `customers.view_sensitive`.
 */
export function presentCustomerFor(actor: Actor, row: CustomerRow): Customer {
  return maskFor(actor, presentCustomer(row));
}

/** A list or search row as this actor may see it (masked like presentCustomerFor). */
export function presentCustomerSummaryFor(actor: Actor, row: Omit<CustomerRow, 'profile'>): CustomerSummary {
  return maskFor(actor, presentCustomerSummary(row));
}

/** The audited shape of a customer: what the history shows changing (owner bookkeeping follows ownerId). */
export function auditedCustomer(customer: Customer): Record<string, unknown> {
  const { owner: _owner, ownerSince: _ownerSince, lastFollowUpAt: _lastFollowUpAt, ...fields } = customer;
  return fields;
}
