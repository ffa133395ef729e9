import type { Permission, RecordScope, RoleKey } from '../../../shared/auth.ts';
import { AppError } from '../../http/errors.ts';

/** Who is making a request: a signed-in user, or a script holding an API key (acting for the user who made it). */
export interface Actor {
  type: 'user' | 'api_key';
  workspaceId: string;
  userId: string;
  userName: string;
  teamId: string | null;
  role: { key: RoleKey; name: string; permissions: Permission[]; recordScope: RecordScope };
  apiKeyId: string | null;
  sessionId: string | null;
  csrfToken: string | null;
}

/** Throws 403 unless the actor's role grants the permission. */
export function authorize(actor: Actor, permission: Permission): void {
  if (!actor.role.permissions.includes(permission)) {
    throw new AppError('forbidden', `Your role (${actor.role.key}) lacks the permission ${permission}`);
  }
}

/** The id written to the audit trail for this actor. */
export function eventActor(actor: Actor) {
  return actor.type === 'api_key'
    ? { type: 'api_key' as const, id: actor.apiKeyId }
    : { type: 'user' as const, id: actor.userId };
}
