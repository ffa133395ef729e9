import type { EventList } from '../../../shared/events.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { presentEvent } from './events.presenter.ts';
import { listEntityEvents } from './events.repository.ts';

/** One record's events; the caller has already proved the actor may see the record. */
export async function listEntityEventsFor(
  db: DbOrTx,
  actor: Actor,
  entityType: string,
  entityId: string,
  page: { limit: number; cursor?: string },
): Promise<EventList> {
  const rows = await listEntityEvents(db, actor.workspaceId, entityType, entityId, page.limit, page.cursor);
  const more = rows.length > page.limit;
  const items = (more ? rows.slice(0, page.limit) : rows).map(presentEvent);
  return { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
}
