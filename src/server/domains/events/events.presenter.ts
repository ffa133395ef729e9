import type { Event, FieldChange } from '../../../shared/events.ts';

type EventRowWithActor = {
  id: string;
  occurred_at: Date;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

// importId: an import's update or undo names the import it belongs to, the context of the change rather than a field of it.
const IGNORED_FIELDS = new Set(['version', 'updatedAt', 'createdAt', 'deletedAt', 'id', 'importId']);

/** The fields whose values differ between the record before and after, in the order they appear. */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  if (!before || !after) return [];
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((field) => !IGNORED_FIELDS.has(field) && JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

export function presentEvent(row: EventRowWithActor): Event {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    changes: diffRecords(row.before, row.after),
    before: row.before,
    after: row.after,
  };
}
