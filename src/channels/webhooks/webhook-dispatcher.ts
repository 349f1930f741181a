import type { HttpSender } from '../../automation/outside-ports.ts';
import type { Clock } from '../../domain/clock.ts';
import { toAppError } from '../../domain/errors.ts';
import { realTimer, type Timer } from '../http/safe-http-sender.ts';
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
  /** Background sleeps. Default: real timers. */
  readonly timer?: Timer | undefined;
  /** Request timeout. Default: 10 s. */
  readonly timeoutMs?: number | undefined;
  /** How long a claimed delivery is held before another process may take it. Default: 60 s. */
  readonly leaseMs?: number | undefined;
  /** Longest idle sleep, the bound on noticing events written by other processes. Default: 5 s. */
  readonly maxSleepMs?: number | undefined;
  readonly onError?: ((error: unknown) => void) | undefined;
}

const BATCH = 20;

/**
 * Plans and sends outgoing webhooks. Planning reads the `events` table past a stored cursor
 * (see WebhooksRepository.planDeliveries) instead of hooking into the engine: events are durable
 * rows written with the change, so a crash between the change and the delivery loses nothing.
 * Sending is a small queue of its own: each delivery keeps one webhook-id for all its attempts.
 */
export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions;
  readonly #timer: Timer;
  #loop: Promise<void> | undefined;
  #stopping = false;
  #sleep: AbortController | undefined;
  #woken = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
    this.#timer = options.timer ?? realTimer;
  }

  /** Plans deliveries for new events and sends everything due now; answers how many were sent. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
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
      if (planned === 0 && due.length === 0) return sent;
    }
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** New events may exist: plan now instead of finishing the current sleep. */
  wake(): void {
    this.#woken = true;
    this.#sleep?.abort();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const maxSleep = this.#options.maxSleepMs ?? 5_000;
    while (!this.#stopping) {
      this.#woken = false;
      let sleepMs = maxSleep;
      try {
        await this.drain();
        const next = await this.#options.store.nextDueAt();
        if (next !== undefined)
          sleepMs = Math.min(maxSleep, Math.max(0, next.getTime() - this.#options.clock.now().getTime()));
      } catch (error) {
        this.#options.onError?.(error);
      }
      if (this.#stopping || this.#woken) continue;
      this.#sleep = new AbortController();
      await this.#timer(sleepMs, this.#sleep.signal);
    }
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
