import { sql } from 'kysely';
import { z } from 'zod';
import { type App, type AppContext } from '../../http/routing.ts';

const HealthSchema = z.object({ status: z.literal('ok'), database: z.literal('ok'), version: z.string() });

export function healthRoutes(app: App, { db }: AppContext, version: string) {
  app.get('/api/health', {
    config: { public: true },
    schema: {
      tags: ['system'],
      operationId: 'health',
      summary: 'Liveness and database reachability',
      security: [],
      response: { 200: HealthSchema },
    },
    handler: async () => {
      await sql`select 1`.execute(db);
      return { status: 'ok' as const, database: 'ok' as const, version };
    },
  });
}
