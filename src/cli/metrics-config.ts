/** The settings of GET /metrics (see docs/reference/metrics.md), read with the rest of the configuration (config.ts). */

type MetricsVariable = 'STAGEFLOW_METRICS_TOKEN' | 'STAGEFLOW_METRICS_PORT' | 'STAGEFLOW_METRICS_HOST';

export interface MetricsConfig {
  /**
   * Bearer token that may read GET /metrics, at least 16 characters (STAGEFLOW_METRICS_TOKEN).
   * Default: none; on the API's port an admin API token may read them anyway.
   */
  readonly metricsToken?: string;
  /**
   * A port of their own for GET /metrics (STAGEFLOW_METRICS_PORT), on `metricsHost`; the API's port
   * then does not serve them. The only way a `worker` exposes metrics. Default: none.
   */
  readonly metricsPort?: number;
  /** Interface of the metrics' port (STAGEFLOW_METRICS_HOST). Default: HOST. */
  readonly metricsHost?: string;
}

/** The metrics' token and port; the port must differ from the API's. */
export function readMetricsConfig(
  read: (name: MetricsVariable) => string | undefined,
  fail: <T>(name: MetricsVariable, shown: string, message: string, fallback: T) => T,
  api: { readonly port: number; readonly host: string; readonly validHost: (text: string) => boolean },
): MetricsConfig {
  const token = read('STAGEFLOW_METRICS_TOKEN');
  // It becomes a Bearer credential: one word, long enough not to be guessed.
  if (token !== undefined && !/^\S{16,}$/.test(token)) {
    fail('STAGEFLOW_METRICS_TOKEN', '***', 'must be at least 16 characters without spaces', undefined);
  }
  const portText = read('STAGEFLOW_METRICS_PORT');
  let port: number | undefined;
  if (portText !== undefined) {
    const parsed = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
    if (!(parsed >= 1 && parsed <= 65535)) {
      fail('STAGEFLOW_METRICS_PORT', portText, 'must be an integer from 1 to 65535', undefined);
    } else if (parsed === api.port) {
      fail('STAGEFLOW_METRICS_PORT', portText, 'must differ from PORT, which serves the API', undefined);
    } else port = parsed;
  }
  const hostText = read('STAGEFLOW_METRICS_HOST');
  if (hostText !== undefined) {
    if (!api.validHost(hostText)) {
      fail('STAGEFLOW_METRICS_HOST', hostText, 'must be an IP address or a host name', undefined);
    } else if (portText === undefined) {
      fail(
        'STAGEFLOW_METRICS_HOST',
        hostText,
        'needs STAGEFLOW_METRICS_PORT, the port to listen on',
        undefined,
      );
    }
  }
  return {
    ...(token !== undefined && { metricsToken: token }),
    ...(port !== undefined && { metricsPort: port, metricsHost: hostText ?? api.host }),
  };
}
