import type { Generated } from 'kysely';
import type { Bool, Versioned } from './schema-columns.ts';

/** Tables of the channels to the outside world (migrations 0003 to 0007). */
export interface OutboxMessagesTable {
  id: string;
  runId: string | null;
  itemId: string | null;
  messageId: string;
  fromAddress: string;
  toAddresses: unknown;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string | null;
  transport: string;
  status: string;
  response: string | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
}

/** Ties a Message-ID to its item; inbound mail reads it to thread replies (In-Reply-To). */
export interface EmailMessagesTable {
  messageId: string;
  itemId: string | null;
  runId: string | null;
  createdAt: string;
}

export interface TrackingTokensTable {
  token: string;
  kind: string;
  messageId: string;
  itemId: string | null;
  url: string | null;
  uses: number;
  firstUsedAt: string | null;
  createdAt: string;
}

export interface WebhookSubscriptionsTable extends Versioned {
  id: string;
  url: string;
  eventTypes: unknown;
  secret: string;
  description: string | null;
  enabled: Bool;
  disabledReason: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  subscriptionId: string;
  eventId: string;
  webhookId: string;
  eventType: string;
  payload: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookCursorTable {
  name: string;
  position: string;
  /** Events with a seq at or below this are never planned again (migration 0019). */
  seq: number | null;
}

export interface WebhookPlannedEventsTable {
  eventId: string;
  receivedAt: string;
  seq: number | null;
}

export interface TriggerWebhookTokensTable {
  id: string;
  triggerId: string;
  tokenHash: string;
  createdAt: string;
  /** Null for a trigger's current token; set when a rotation replaced it. */
  expiresAt: string | null;
}

export interface VisitorTokensTable {
  tokenHash: string;
  contactId: string;
  createdAt: string;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  visits: number;
}

export interface SmsOutboxTable {
  id: string;
  runId: string | null;
  itemId: string | null;
  to: string;
  text: string;
  provider: string;
  status: string;
  response: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
}

export interface DocumentShareTokensTable {
  tokenHash: string;
  documentId: string;
  createdAt: string;
  expiresAt: string | null;
  views: number;
  lastViewedAt: string | null;
}

/** A web form; `fields` is the JSON list of its fields (name, label, kind, required, maps, options). */
export interface FormsTable extends Versioned {
  id: string;
  pipelineId: string;
  /** Null: the pipeline's entry stage. */
  stageId: string | null;
  name: string;
  title: string;
  description: string | null;
  fields: unknown;
  successMessage: string;
  enabled: Bool;
  /** `en` or `ru`; default `en`. */
  language: Generated<string>;
}
