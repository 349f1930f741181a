import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { RETRY_AFTER_SECONDS } from '../problem.ts';

const Health = Type.Object({ status: Type.String() }, { title: 'Health' });

/**
 * How long /readyz waits for the database. A load balancer polls it to take a server out of
 * rotation, so it must answer, and answer 503, while the database does not: a connection attempt
 * into a silent network would otherwise hold the probe for the whole connect timeout.
 */
export const READY_PROBE_TIMEOUT_MS = 1000;

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
        summary: 'The database answers within a second',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const timer = new AbortController();
      const probe = sql`select 1`.execute(store.db).then(
        () => true,
        () => false,
      );
      const late = delay(READY_PROBE_TIMEOUT_MS, false, { signal: timer.signal }).catch(() => false);
      const ready = await Promise.race([probe, late]);
      timer.abort();
      if (ready) return { status: 'ready' };
      return reply
        .status(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send({ status: 'database unavailable' });
    },
  );
}
