import type { Actor } from './actor.ts';

/*
 * Who a session token or API key stands for, remembered for a few seconds. Every API
 * request needs its actor, and looking it up (sessions, users and roles joined) took
 * about a fifth of a customer-list request's time, on the server and on the database.
 * A write that changes what an actor may do (logout, deactivation, a new role, team or
 * name, a revoked key) forgets the workspace's actors once its transaction has committed
 * (authenticate.ts); a lookup that began before such a forget is not remembered, since it
 * may have read the row as it was. Another Kemai process serving the same database notices
 * within ACTOR_TTL_MS.
 */

export const ACTOR_TTL_MS = 5_000;
const MAX_ACTORS = 10_000;

const actors = new Map<string, { actor: Actor; until: number }>();
/** Counts forgets: a lookup remembers its actor only if none happened while it ran. */
let forgets = 0;

/** Taken before a lookup and handed to rememberActor with its result. */
export function lookupStarted(): number {
  return forgets;
}

/** The actor remembered for this token or key hash, while still fresh. */
export function recallActor(hash: string, now = Date.now()): Actor | undefined {
  const entry = actors.get(hash);
  if (!entry) return undefined;
  if (entry.until > now) return entry.actor;
  actors.delete(hash);
  return undefined;
}

/**
 * Remembers an actor until ACTOR_TTL_MS from now, or until its session expires if sooner,
 * unless a forget happened since the lookup `started`. Returns the actor either way.
 */
export function rememberActor(hash: string, actor: Actor, expiresAt: Date | null, started: number, now = Date.now()): Actor {
  // Requests share the remembered object: frozen, so none can change it for the next.
  Object.freeze(actor.role.permissions);
  Object.freeze(actor.role);
  Object.freeze(actor);
  if (started !== forgets) return actor;
  if (actors.size >= MAX_ACTORS) actors.delete(actors.keys().next().value!);
  const until = Math.min(now + ACTOR_TTL_MS, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
  actors.set(hash, { actor, until });
  return actor;
}

/** Forgets every remembered actor of a workspace (after a change to its users, keys or sessions). */
export function forgetActors(workspaceId: string): void {
  forgets++;
  for (const [hash, entry] of actors) if (entry.actor.workspaceId === workspaceId) actors.delete(hash);
}
