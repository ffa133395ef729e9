import { z } from 'zod';
import { LoginBodySchema, LoginResultSchema, MeSchema } from '../../../shared/auth.ts';
import { SESSION_COOKIE, actorOf } from '../../http/authenticate.ts';
import { type App, type AppContext, problemResponses } from '../../http/routing.ts';
import * as auth from './auth.service.ts';

const tags = ['auth'];

export function authRoutes(app: App, { db, config }: AppContext) {
  app.post('/api/auth/login', {
    config: {
      public: true,
      rateLimit: { max: config.KEMAI_LOGIN_RATE_LIMIT, timeWindow: '1 minute' },
    },
    schema: {
      tags,
      operationId: 'login',
      summary: 'Sign in with e-mail and password',
      description: 'Sets the HttpOnly session cookie. Cookie-authenticated writes must send `csrfToken` in the x-csrf-token header.',
      security: [],
      body: LoginBodySchema,
      response: { 200: LoginResultSchema, ...problemResponses(400, 401, 429) },
    },
    handler: async (request, reply) => {
      const session = await auth.login(db, request.body.email, request.body.password, config.KEMAI_SESSION_DAYS);
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.KEMAI_SECURE_COOKIES,
        path: '/',
        expires: session.expiresAt,
      });
      const me = await auth.describeActor(db, session.actor);
      return { ...me, csrfToken: session.actor.csrfToken! };
    },
  });

  app.post('/api/auth/logout', {
    schema: {
      tags,
      operationId: 'logout',
      summary: 'Sign out (ends the session)',
      response: { 204: z.undefined(), ...problemResponses(401, 403) },
    },
    handler: async (request, reply) => {
      await auth.logout(db, actorOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  });

  app.get('/api/auth/me', {
    schema: {
      tags,
      operationId: 'getMe',
      summary: 'The signed-in user, their role and workspace, and the CSRF token',
      response: { 200: MeSchema, ...problemResponses(401) },
    },
    handler: async (request) => auth.describeActor(db, actorOf(request)),
  });
}
