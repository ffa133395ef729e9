import type { CustomerContact, CustomerRelation, LinkedCustomer } from '../../../shared/customer-links.ts';
import type { ContactRow, RelationRow } from './customer-links.repository.ts';

export type VisibleNames = Map<string, { name: string; kind: 'person' | 'organization' }>;

/** A customer at the other end of a link: named when the viewer may see it, otherwise only "someone". */
export function presentLinked(id: string, visible: VisibleNames): LinkedCustomer {
  const found = visible.get(id);
  return found ? { id, visible: true, name: found.name, kind: found.kind } : { id: null, visible: false, name: null, kind: null };
}

/** A relation as seen from `customerId`'s side. */
export function presentRelation(row: RelationRow, customerId: string, visible: VisibleNames): CustomerRelation {
  const outgoing = row.from_customer_id === customerId;
  return {
    id: row.id,
    type: row.type,
    direction: outgoing ? 'outgoing' : 'incoming',
    other: presentLinked(outgoing ? row.to_customer_id : row.from_customer_id, visible),
    note: row.note,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentContact(row: ContactRow, visible: VisibleNames): CustomerContact {
  return {
    organization: presentLinked(row.organization_id, visible),
    person: presentLinked(row.person_id, visible),
    role: row.role,
    title: row.title,
    isPrimary: row.is_primary,
    createdAt: row.created_at.toISOString(),
  };
}
