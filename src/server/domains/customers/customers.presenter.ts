import type { Customer } from '../../../shared/customers.ts';
import type { CustomerRecord } from './customers.repository.ts';

export function presentCustomer(row: CustomerRecord): Customer {
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
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
  };
}

/** The audited shape of a customer: what the history shows changing. */
export function auditedCustomer(customer: Customer): Record<string, unknown> {
  const { owner: _owner, ...fields } = customer;
  return fields;
}
