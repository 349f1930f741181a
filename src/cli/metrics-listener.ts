import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { MetricsSettings } from '../api/metrics/metrics-access.ts';
import { buildMetricsServer } from '../api/metrics/metrics-server.ts';
import type { Config } from './config.ts';

/**
 * Starts the listener of STAGEFLOW_METRICS_PORT, when one is configured; `serve` and `worker`
 * alike. Answers undefined without that setting (the API's port serves the metrics, or, in a
 * worker, nothing does).
 */
export async function listenForMetrics(
  config: Config,
  settings: MetricsSettings,
  logger: Logger,
): Promise<FastifyInstance | undefined> {
  if (config.metricsPort === undefined) return undefined;
  const server = await buildMetricsServer(settings, logger);
  try {
    const address = await server.listen({
      host: config.metricsHost ?? config.host,
      port: config.metricsPort,
    });
    logger.info({ address, token: config.metricsToken !== undefined }, 'metrics listening');
    return server;
  } catch (error) {
    await server.close();
    throw error;
  }
}
