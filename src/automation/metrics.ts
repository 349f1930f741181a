/**
 * What the engine and the channels report for monitoring: counts and timings of the work they do.
 * A small port, so the engine knows nothing of the format the numbers are exposed in; the API
 * layer implements it over prom-client, and a process built without it reports to `noMetrics`.
 * Every method is called after the work it counts is durable (its transaction committed), so a
 * rolled-back batch counts nothing.
 */

/** What became of an event whose processing ended or paused (see event-processor.ts). */
export type EventSettlement = 'processed' | 'retrying' | 'failed';

/** What became of one execution of a run: a final status, or `retry_scheduled` for a failed attempt. */
export type RunOutcome = 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'retry_scheduled';

export interface FinishedRun {
  /** The robot's action type (`send_email`...). */
  readonly action: string;
  readonly outcome: RunOutcome;
  /** From the time the run was due to the time a worker started it; undefined when it had no due time. Unit: s. */
  readonly latenessSeconds: number | undefined;
  /** How long the execution took, from its start to its outcome being recorded. Unit: s. */
  readonly durationSeconds: number;
}

/** A message handed to the mail or SMS channel: `sent` by the server or provider, `stored` in the outbox. */
export type MessageOutcome = 'sent' | 'stored' | 'failed';

export interface Metrics {
  /** Events stored by `accept`: `accepted`, or `duplicate` of one accepted before. */
  eventAccepted(type: string, status: 'accepted' | 'duplicate'): void;
  eventSettled(type: string, outcome: EventSettlement): void;
  runFinished(run: FinishedRun): void;
  /** One attempt of an outgoing webhook of a subscription: delivered, to be retried, or given up. */
  webhookDelivery(outcome: 'succeeded' | 'retrying' | 'failed'): void;
  mailDelivery(transport: 'smtp' | 'outbox', outcome: MessageOutcome): void;
  smsDelivery(transport: 'provider' | 'outbox', outcome: MessageOutcome): void;
  /** A PDF asked of the in-process cache: `hit` when no render of its own was needed. */
  pdfCacheLookup(outcome: 'hit' | 'miss'): void;
}

/** Reports nothing: the default of every part that may be given metrics. */
export const noMetrics: Metrics = {
  eventAccepted() {},
  eventSettled() {},
  runFinished() {},
  webhookDelivery() {},
  mailDelivery() {},
  smsDelivery() {},
  pdfCacheLookup() {},
};
