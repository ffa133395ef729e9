import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Actor } from '../domains/auth/actor.ts';
import { forgetActors } from '../domains/auth/actor-cache.ts';
import { actorFromApiKey, actorFromSession } from '../domains/auth/auth.service.ts';
import { AppError } from './errors.ts';

export const SESSION_COOKIE = 'kemai_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes that can change who an actor is or whether it may act: users (role, team, name, active), keys, logout. */
const ACTOR_CHANGING_WRITE = /^\/api\/(users|api-keys|auth\/logout)(\/|\?|$)/;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a signed-in actor (login, health, the API document). */
    public?: boolean;
  }
}

/**
 * Resolves the actor of every /api request from its bearer API key or its
 * session cookie. Cookie-authenticated writes must echo the session's CSRF
 * token in x-csrf-token; bearer keys cannot be sent by a browser on its own.
 */
export function registerAuthentication(app: FastifyInstance, db: Db) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs') || request.routeOptions.config.public) return;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      request.actor = (await actorFromApiKey(db, authorization.slice(7).trim())) ?? null;
      if (!request.actor) throw new AppError('unauthenticated', 'The API key is unknown, revoked, or its user is deactivated');
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    request.actor = token ? ((await actorFromSession(db, token)) ?? null) : null;
    if (!request.actor) throw new AppError('unauthenticated');
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== request.actor.csrfToken) {
      throw new AppError('csrf_failed');
    }
  });
  // Actors are remembered for a few seconds (actor-cache.ts). Forgotten here, once the handler — and the
  // transaction it awaited — has finished: forgotten inside the transaction, a request racing it could read
  // and remember the old row again. Before the answer is sent, so the caller's next request sees the change.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.actor && !SAFE_METHODS.has(request.method) && reply.statusCode < 400 && ACTOR_CHANGING_WRITE.test(request.url)) {
      forgetActors(request.actor.workspaceId);
    }
    return payload;
  });
}

/** The actor of an authenticated route (the hook above guarantees one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}
