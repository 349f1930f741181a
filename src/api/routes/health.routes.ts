import { sql } from 'kysely';
import { Type } from 'typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';

const Health = Type.Object({ status: Type.String() }, { title: 'Health' });

export function registerHealthRoutes(app: App, { store }: AppContext): void {
  app.get(
    '/healthz',
    {
      config: { public: true, neverShed: true },
      schema: { tags: ['ops'], summary: 'The process is alive', response: { 200: Health } },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: { public: true, neverShed: true },
      schema: {
        tags: ['ops'],
        summary: 'The database answers',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(store.db);
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({ status: 'database unavailable' });
      }
    },
  );
}
