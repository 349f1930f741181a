import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { FinishedRun, Metrics } from '../../automation/metrics.ts';

/** What the scrape-time gauges read: the work waiting and the database connections, now. */
export interface MetricsSources {
  pendingEvents(): Promise<number>;
  dueRuns(): Promise<number>;
  connections(): {
    readonly max: number;
    readonly open: number;
    readonly idle: number | undefined;
    readonly waiting: number | undefined;
  };
}

/** Lateness and duration buckets: from a few milliseconds to a day late or ten minutes long. Unit: s. */
const LATENESS_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 21_600, 86_400];
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600];

let processRegistry: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event loop lag, GC), once per process: they describe the
 * process, and prom-client's collectors (the GC observer, the event loop monitor) are never
 * stopped, so a second set would only leak.
 */
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The metrics port over prom-client, with a registry of its own per process composition (not
 * prom-client's global one, so test applications in one process do not count into each other).
 */
export class PrometheusMetrics implements Metrics {
  readonly #registry = new Registry();
  readonly #eventsAccepted: Counter<'type' | 'status'>;
  readonly #eventsSettled: Counter<'type' | 'outcome'>;
  readonly #runs: Counter<'action' | 'outcome'>;
  readonly #lateness: Histogram<'action'>;
  readonly #duration: Histogram<'action' | 'outcome'>;
  readonly #webhooks: Counter<'outcome'>;
  readonly #mail: Counter<'transport' | 'outcome'>;
  readonly #sms: Counter<'transport' | 'outcome'>;
  readonly #pdfCache: Counter<'outcome'>;

  constructor(sources: MetricsSources) {
    const registers = [this.#registry];
    this.#eventsAccepted = new Counter({
      name: 'stageflow_events_accepted_total',
      help: 'Events taken in by the API and the channels, by type and status (accepted or duplicate)',
      labelNames: ['type', 'status'],
      registers,
    });
    this.#eventsSettled = new Counter({
      name: 'stageflow_events_processed_total',
      help: 'Events whose processing ended (processed, failed) or paused for a retry (retrying), by type',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.#runs = new Counter({
      name: 'stageflow_runs_total',
      help: 'Executions of robot runs, by action and outcome',
      labelNames: ['action', 'outcome'],
      registers,
    });
    this.#lateness = new Histogram({
      name: 'stageflow_run_lateness_seconds',
      help: 'Time from a run being due to a worker starting it, by action',
      labelNames: ['action'],
      buckets: LATENESS_BUCKETS,
      registers,
    });
    this.#duration = new Histogram({
      name: 'stageflow_run_duration_seconds',
      help: 'Time one execution of a run took, from its start to its recorded outcome, by action and outcome',
      labelNames: ['action', 'outcome'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.#webhooks = new Counter({
      name: 'stageflow_webhook_deliveries_total',
      help: 'Attempts to deliver outgoing webhooks of subscriptions, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.#mail = new Counter({
      name: 'stageflow_mail_deliveries_total',
      help: 'Messages handed to the mail channel, by transport (smtp, outbox) and outcome',
      labelNames: ['transport', 'outcome'],
      registers,
    });
    this.#sms = new Counter({
      name: 'stageflow_sms_deliveries_total',
      help: 'Messages handed to the SMS channel, by transport (provider, outbox) and outcome',
      labelNames: ['transport', 'outcome'],
      registers,
    });
    this.#pdfCache = new Counter({
      name: 'stageflow_pdf_cache_lookups_total',
      help: 'Document PDFs asked of the in-process cache, by outcome (hit, miss: rendered for the request)',
      labelNames: ['outcome'],
      registers,
    });
    // Read at scrape time, never polled: one indexed count each.
    new Gauge({
      name: 'stageflow_events_pending',
      help: 'Accepted events not processed yet, including those waiting for a retry',
      registers,
      async collect() {
        this.set(await sources.pendingEvents());
      },
    });
    new Gauge({
      name: 'stageflow_runs_due',
      help: 'Scheduled runs whose due time has come that no worker has started yet',
      registers,
      async collect() {
        this.set(await sources.dueRuns());
      },
    });
    new Gauge({
      name: 'stageflow_db_pool_connections',
      help: 'Database connections by state: max (the pool size), open, idle, and waiting callers',
      labelNames: ['state'],
      registers,
      collect() {
        const use = sources.connections();
        this.set({ state: 'max' }, use.max);
        this.set({ state: 'open' }, use.open);
        if (use.idle !== undefined) this.set({ state: 'idle' }, use.idle);
        if (use.waiting !== undefined) this.set({ state: 'waiting' }, use.waiting);
      },
    });
    processMetrics();
  }

  eventAccepted(type: string, status: 'accepted' | 'duplicate'): void {
    this.#eventsAccepted.inc({ type, status });
  }

  eventSettled(type: string, outcome: 'processed' | 'retrying' | 'failed'): void {
    this.#eventsSettled.inc({ type, outcome });
  }

  runFinished(run: FinishedRun): void {
    this.#runs.inc({ action: run.action, outcome: run.outcome });
    if (run.latenessSeconds !== undefined)
      this.#lateness.observe({ action: run.action }, run.latenessSeconds);
    this.#duration.observe({ action: run.action, outcome: run.outcome }, run.durationSeconds);
  }

  webhookDelivery(outcome: 'succeeded' | 'retrying' | 'failed'): void {
    this.#webhooks.inc({ outcome });
  }

  mailDelivery(transport: 'smtp' | 'outbox', outcome: 'sent' | 'stored' | 'failed'): void {
    this.#mail.inc({ transport, outcome });
  }

  smsDelivery(transport: 'provider' | 'outbox', outcome: 'sent' | 'stored' | 'failed'): void {
    this.#sms.inc({ transport, outcome });
  }

  pdfCacheLookup(outcome: 'hit' | 'miss'): void {
    this.#pdfCache.inc({ outcome });
  }

  /** The content type of `render`'s text: Prometheus' text exposition format 0.0.4. */
  get contentType(): string {
    return this.#registry.contentType;
  }

  /** Stageflow's metrics and the process's, in the text format. */
  async render(): Promise<string> {
    const own = await this.#registry.metrics();
    const process = await processMetrics().metrics();
    return `${own}\n${process}`;
  }
}
