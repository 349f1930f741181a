import type { Metrics } from '../../automation/metrics.ts';
import type { HttpSender } from '../../automation/outside-ports.ts';
import type { Clock } from '../../domain/clock.ts';
import { toAppError } from '../../domain/errors.ts';
import { MAX_ATTEMPTS, retryAfterMs, retryDelayMs } from './retry-schedule.ts';
import { signatureHeaders } from './signing.ts';
import { type EventRow, WEBHOOK_EVENT_TYPES, webhookPayload } from './webhook-events.ts';

/** A delivery claimed for sending (see store/repositories/webhooks-repository.ts). */
export interface DueDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly webhookId: string;
  readonly payload: string;
  readonly attempts: number;
  readonly url: string;
  readonly secret: string;
}

export interface AttemptRecord {
  readonly status: 'pending' | 'succeeded' | 'failed';
  readonly nextAttemptAt: Date | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
}

/** What the dispatcher needs from the database. */
export interface WebhookDeliveryStore {
  planDeliveries(request: {
    readonly eventTypes: readonly string[];
    readonly limit: number;
    readonly now: Date;
    readonly payloadOf: (event: EventRow) => string;
  }): Promise<number>;
  claimDue(now: Date, limit: number, leaseMs: number): Promise<DueDelivery[]>;
  recordAttempt(id: string, record: AttemptRecord, now: Date): Promise<void>;
  disableSubscription(id: string, reason: string, now: Date): Promise<void>;
  nextDueAt(): Promise<Date | undefined>;
}

export interface WebhookDispatcherOptions {
  readonly store: WebhookDeliveryStore;
  readonly http: HttpSender;
  /** Schedules attempts (the manual clock in tests). */
  readonly clock: Clock;
  /** The signature timestamp: real time, which receivers compare with theirs. Default: Date. */
  readonly wallClock?: (() => Date) | undefined;
  /** Jitter of the retry schedule. Default: Math.random. */
  readonly random?: (() => number) | undefined;
  /** Request timeout. Default: 10 s. */
  readonly timeoutMs?: number | undefined;
  /** How long a claimed delivery is held before another process may take it. Default: 60 s. */
  readonly leaseMs?: number | undefined;
  /** Counts each attempt's outcome. Default: none reported. */
  readonly metrics?: Metrics | undefined;
}

const BATCH = 20;

/**
 * Plans and sends outgoing webhooks. Planning reads the `events` table past a stored cursor
 * (see WebhooksRepository.planDeliveries) instead of hooking into the engine: events are durable
 * rows written with the change, so a crash between the change and the delivery loses nothing.
 * Sending is a small queue of its own: each delivery keeps one webhook-id for all its attempts.
 * The dispatcher only does the work; running it in the background (sleeping until the next
 * delivery is due, waking for new events, backing off, stopping) is the queue's WorkLoop.
 */
export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
  }

  /**
   * Plans deliveries for new events and sends everything due now; answers how many were sent.
   * When `signal` aborts (stopping), it ends after the batch being sent.
   */
  async drain(signal?: AbortSignal): Promise<number> {
    let sent = 0;
    while (signal?.aborted !== true) {
      const now = this.#options.clock.now();
      const planned = await this.#options.store.planDeliveries({
        eventTypes: WEBHOOK_EVENT_TYPES,
        limit: 200,
        now,
        payloadOf: webhookPayload,
      });
      const due = await this.#options.store.claimDue(now, BATCH, this.#options.leaseMs ?? 60_000);
      await Promise.all(due.map((delivery) => this.#deliver(delivery)));
      sent += due.length;
      if (planned === 0 && due.length === 0) break;
    }
    return sent;
  }

  /** How long until the next pending delivery is due, in ms (0 when overdue); undefined when none is. */
  async nextDueInMs(): Promise<number | undefined> {
    const next = await this.#options.store.nextDueAt();
    return next === undefined ? undefined : Math.max(0, next.getTime() - this.#options.clock.now().getTime());
  }

  async #deliver(delivery: DueDelivery): Promise<void> {
    const { store, http, clock } = this.#options;
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Stageflow-Webhooks/1',
      ...signatureHeaders(
        delivery.secret,
        delivery.webhookId,
        this.#options.wallClock?.() ?? new Date(),
        delivery.payload,
      ),
    };
    let record: AttemptRecord;
    try {
      const response = await http.send(
        {
          method: 'POST',
          url: delivery.url,
          headers,
          body: delivery.payload,
          timeoutMs: this.#options.timeoutMs,
        },
        new AbortController().signal,
      );
      const now = clock.now();
      if (response.status >= 200 && response.status < 300) {
        record = { status: 'succeeded', nextAttemptAt: null, lastStatus: response.status, lastError: null };
      } else if (response.status === 410) {
        // 410 Gone is the receiver saying "stop sending": the subscription is disabled.
        await store.disableSubscription(delivery.subscriptionId, 'the receiver answered 410 Gone', now);
        record = {
          status: 'failed',
          nextAttemptAt: null,
          lastStatus: 410,
          lastError: 'the receiver answered 410 Gone',
        };
      } else {
        const asked =
          response.status === 429 ? retryAfterMs(response.headers['retry-after'], now) : undefined;
        record = this.#retry(
          delivery,
          now,
          `the receiver answered ${response.status}`,
          response.status,
          asked,
        );
      }
    } catch (error) {
      const appError = toAppError(error);
      const message =
        appError.kind === 'internal' && error instanceof Error ? error.message : appError.message;
      const now = clock.now();
      record = appError.retryable
        ? this.#retry(delivery, now, message, null, undefined)
        : { status: 'failed', nextAttemptAt: null, lastStatus: null, lastError: message };
    }
    await store.recordAttempt(delivery.id, record, clock.now());
    this.#options.metrics?.webhookDelivery(record.status === 'pending' ? 'retrying' : record.status);
  }

  #retry(
    delivery: DueDelivery,
    now: Date,
    error: string,
    status: number | null,
    askedMs: number | undefined,
  ): AttemptRecord {
    const delay =
      delivery.attempts >= MAX_ATTEMPTS
        ? undefined
        : (askedMs ?? retryDelayMs(delivery.attempts, this.#options.random ?? Math.random));
    if (delay === undefined)
      return { status: 'failed', nextAttemptAt: null, lastStatus: status, lastError: error };
    return {
      status: 'pending',
      nextAttemptAt: new Date(now.getTime() + delay),
      lastStatus: status,
      lastError: error,
    };
  }
}
