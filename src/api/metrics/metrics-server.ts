import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AppError } from '../../domain/errors.ts';
import { errorHandler, sendProblem } from '../problem.ts';
import { registerMetricsRoute } from '../routes/metrics.routes.ts';
import type { MetricsSettings } from './metrics-access.ts';

/**
 * The listener of STAGEFLOW_METRICS_PORT: `GET /metrics` and nothing else, for `serve` (whose API
 * then does not serve them) and for `worker`, which has no other HTTP server. Without a metrics
 * token it answers anyone who reaches it: keep the port inside the network that scrapes it.
 */
export async function buildMetricsServer(
  settings: MetricsSettings,
  logger: Logger,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger.child({ component: 'metrics' }) as FastifyBaseLogger,
    // A scrape every few seconds is no news for the log.
    disableRequestLogging: true,
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new AppError('route_not_found', 'not_found', 'This port serves GET /metrics only'),
      request.url.split('?')[0],
    ),
  );
  registerMetricsRoute(app, settings);
  await app.ready();
  return app;
}
