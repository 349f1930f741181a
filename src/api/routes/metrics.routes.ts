import type { FastifyInstance } from 'fastify';
import { checkScrape, type MetricsSettings } from '../metrics/metrics-access.ts';

/**
 * `GET /metrics` in Prometheus' text format. `findApiToken` is given on the API's port, where an
 * admin's API token may scrape too; the metrics' own port (metrics-server.ts) passes none.
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  settings: MetricsSettings,
  findApiToken?: Parameters<typeof checkScrape>[2],
): void {
  app.get(
    '/metrics',
    {
      // Checked here rather than by the API's authentication: another token may scrape.
      config: { public: true, neverShed: true },
      schema: {
        tags: ['ops'],
        summary: 'Metrics in the Prometheus text format',
        description:
          'Needs the metrics token (STAGEFLOW_METRICS_TOKEN) or an admin API token; absent when ' +
          'the metrics have a port of their own (STAGEFLOW_METRICS_PORT).',
        response: {
          200: {
            description: 'The Prometheus text exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
      await checkScrape(request, settings, findApiToken);
      const body = await settings.exposition.render();
      return reply.header('content-type', settings.exposition.contentType).send(body);
    },
  );
}
