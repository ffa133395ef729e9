import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import { uuidv7 } from '../../lib/uuid.ts';

export interface NewEvent {
  workspaceId: string;
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null };
  entityType: string;
  entityId: string;
  customerId?: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** defaults to now; set when loading history that happened earlier */
  occurredAt?: Date;
}

/** Writes audit/timeline events; callers pass their transaction so the events and the change commit together. */
export async function recordEvents(db: DbOrTx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('events')
    .values(
      events.map((event) => ({
        workspace_id: event.workspaceId,
        id: uuidv7(event.occurredAt?.getTime()),
        occurred_at: event.occurredAt ?? new Date(),
        actor_type: event.actor.type,
        actor_id: event.actor.id,
        entity_type: event.entityType,
        entity_id: event.entityId,
        customer_id: event.customerId ?? null,
        action: event.action,
        before: event.before === null ? null : JSON.stringify(event.before),
        after: event.after === null ? null : JSON.stringify(event.after),
      })),
    )
    .execute();
}

export function recordEvent(db: DbOrTx, event: NewEvent): Promise<void> {
  return recordEvents(db, [event]);
}

/**
 * Events of one record, newest first, keyset-paginated by id (ids are time-ordered). A customer created by an import
 * since migration 0025 has no stored event for it: its "imported" entry is made from its own row (the import and file
 * row it records, migration 0031), dated by its creation and acted by whoever started the import, with the customer's
 * own id (a UUIDv7 made as the import wrote it) as its id.
 */
export function listEntityEvents(db: DbOrTx, workspaceId: string, entityType: string, entityId: string, limit: number, beforeId?: string) {
  let stored = db
    .selectFrom('events')
    .leftJoin('users', (join) =>
      join.onRef('users.workspace_id', '=', 'events.workspace_id').on((eb) =>
        eb.or([
          eb.and([eb('events.actor_type', '=', 'user'), eb('users.id', '=', eb.ref('events.actor_id'))]),
          eb.and([
            eb('events.actor_type', '=', 'api_key'),
            eb(
              'users.id',
              '=',
              eb
                .selectFrom('api_keys')
                .select('api_keys.user_id')
                .whereRef('api_keys.workspace_id', '=', 'events.workspace_id')
                .whereRef('api_keys.id', '=', 'events.actor_id'),
            ),
          ]),
        ]),
      ),
    )
    .select([
      'events.id',
      'events.occurred_at',
      'events.actor_type',
      'events.actor_id',
      'users.name as actor_name',
      'events.entity_type',
      'events.entity_id',
      'events.action',
      'events.before',
      'events.after',
    ])
    .where('events.workspace_id', '=', workspaceId)
    .where('events.entity_type', '=', entityType)
    .where('events.entity_id', '=', entityId);
  if (beforeId) stored = stored.where('events.id', '<', beforeId);
  if (entityType !== 'customer') return stored.orderBy('events.id', 'desc').limit(limit + 1).execute();

  let imported = db
    .selectFrom('customers as c')
    .innerJoin('imports', (join) => join.onRef('imports.workspace_id', '=', 'c.workspace_id').onRef('imports.id', '=', 'c.import_id'))
    .leftJoin('users', (join) => join.onRef('users.workspace_id', '=', 'imports.workspace_id').onRef('users.id', '=', 'imports.created_by'))
    .select([
      'c.id as id',
      'c.created_at as occurred_at',
      sql<'user'>`'user'`.as('actor_type'),
      'imports.created_by as actor_id',
      'users.name as actor_name',
      sql<string>`'customer'`.as('entity_type'),
      'c.id as entity_id',
      sql<string>`'imported'`.as('action'),
      sql<Record<string, unknown> | null>`null::jsonb`.as('before'),
      sql<Record<string, unknown>>`jsonb_build_object('importId', imports.id, 'fileName', imports.file_name, 'rowNo', c.import_row_no)`.as('after'),
    ])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.id', '=', entityId)
    .where('c.import_row_no', 'is not', null);
  if (beforeId) imported = imported.where('c.id', '<', beforeId);
  return db
    .selectFrom(stored.unionAll(imported).as('timeline'))
    .selectAll()
    .orderBy('timeline.id', 'desc')
    .limit(limit + 1)
    .execute();
}
