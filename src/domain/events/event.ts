/**
 * An event: a fact from outside (an email, a call, a payment) or inside (an item moved). `id` is
 * the idempotency key chosen by the sender; the same id twice is processed once.
 */
export interface EventSubject {
  readonly itemId?: string | undefined;
  readonly contactId?: string | undefined;
  /** A contact's email or phone, matched in normalised form. */
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  /** A chat identity, the channel and the writer's id or name there: `telegram:@ivan_p`. */
  readonly chat?: string | undefined;
  readonly documentId?: string | undefined;
  readonly taskId?: string | undefined;
}

/** The `source` of events Stageflow writes itself, about changes it has already made. */
export const INTERNAL_EVENT_SOURCE = 'stageflow';

/** `processing`: claimed by one processor (its claim time in processedAt); stale claims are retried. */
export const EVENT_STATUSES = ['pending', 'processing', 'processed', 'failed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly subject: EventSubject;
  readonly data: Readonly<Record<string, unknown>>;
  readonly status: EventStatus;
  readonly processedAt: string | null;
  /** The items the subject resolved to, once processed. */
  readonly itemIds: readonly string[];
  readonly error: string | null;
  readonly rootEventId: string;
  readonly depth: number;
  /** The run whose action caused this event, inside a cascade. */
  readonly causeRunId: string | null;
  /** The journal entry that caused this event (a move, a run), for internal events. */
  readonly causeJournalId: string | null;
  /** Failed attempts at processing it so far (it is retried with backoff up to a limit). */
  readonly attempts?: number | undefined;
}

export interface IncomingEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly occurredAt: Date;
  readonly subject: EventSubject;
  readonly data: Readonly<Record<string, unknown>>;
  readonly rootEventId?: string | undefined;
  readonly depth?: number | undefined;
  readonly causeRunId?: string | undefined;
  readonly causeJournalId?: string | undefined;
}
