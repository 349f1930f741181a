import type { Generated } from 'kysely';

/**
 * Table shapes as Kysely sees them (camelCase through CamelCasePlugin; the columns themselves are
 * snake_case). Timestamps are ISO 8601 strings on both databases; JSON columns are `unknown`
 * because SQLite returns text and PostgreSQL returns parsed values (see `columns.ts`); booleans
 * are 0/1 on SQLite.
 */
export interface Database {
  users: UsersTable;
  contacts: ContactsTable;
  contactChannels: ContactChannelsTable;
  pipelines: PipelinesTable;
  stages: StagesTable;
  items: ItemsTable;
  tasks: TasksTable;
  activities: ActivitiesTable;
  timelineEntries: TimelineEntriesTable;
  documents: DocumentsTable;
  payments: PaymentsTable;
  notifications: NotificationsTable;
  apiTokens: ApiTokensTable;
  events: EventsTable;
  triggers: TriggersTable;
  robots: RobotsTable;
  guards: GuardsTable;
  runs: RunsTable;
  journalEntries: JournalEntriesTable;
  webhookSubscriptions: WebhookSubscriptionsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  webhookCursor: WebhookCursorTable;
  webhookPlannedEvents: WebhookPlannedEventsTable;
  outboxMessages: OutboxMessagesTable;
  emailMessages: EmailMessagesTable;
  trackingTokens: TrackingTokensTable;
  triggerWebhookTokens: TriggerWebhookTokensTable;
  forms: FormsTable;
  visitorTokens: VisitorTokensTable;
  smsOutbox: SmsOutboxTable;
  documentShareTokens: DocumentShareTokensTable;
}

type Bool = number | boolean;

interface Versioned {
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface UsersTable extends Versioned {
  id: string;
  name: string;
  email: string;
  role: string;
  supervisorId: string | null;
  department: string | null;
  timeZone: string;
  calendar: unknown;
  active: Bool;
}

export interface ContactsTable extends Versioned {
  id: string;
  name: string;
  company: string | null;
  emails: unknown;
  phones: unknown;
  responsibleId: string | null;
  fields: unknown;
}

export interface ContactChannelsTable {
  contactId: string;
  kind: string;
  value: string;
}

export interface PipelinesTable extends Versioned {
  id: string;
  name: string;
  entityType: string;
  settings: unknown;
}

export interface StagesTable {
  id: string;
  pipelineId: string;
  name: string;
  sort: number;
  semantics: string;
  color: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ItemsTable extends Versioned {
  id: string;
  pipelineId: string;
  stageId: string;
  title: string;
  amountMinor: number;
  currency: string;
  paidMinor: Generated<number>;
  contactId: string | null;
  responsibleId: string | null;
  fields: unknown;
  stageEnteredAt: string;
  /** Identifies the current stage entry; runs planned for it carry the same id. */
  stageEntryId: Generated<string | null>;
}

export interface TasksTable extends Versioned {
  id: string;
  itemId: string | null;
  title: string;
  description: string | null;
  responsibleId: string | null;
  observerIds: unknown;
  deadline: string | null;
  status: string;
  stageId: string | null;
  createdByRobotId: string | null;
  completedAt: string | null;
}

export interface ActivitiesTable extends Versioned {
  id: string;
  itemId: string | null;
  type: string;
  subject: string;
  description: string | null;
  dueAt: string | null;
  responsibleId: string | null;
  status: string;
  autoComplete: Bool;
  stageId: string | null;
  createdByRobotId: string | null;
  completedAt: string | null;
}

export interface TimelineEntriesTable {
  id: string;
  itemId: string;
  kind: string;
  text: string;
  data: unknown;
  authorType: string;
  authorId: string | null;
  rootEventId: string | null;
  createdAt: string;
}

export interface DocumentsTable extends Versioned {
  id: string;
  itemId: string | null;
  kind: string;
  number: string;
  amountMinor: number;
  currency: string;
  status: string;
}

export interface PaymentsTable {
  id: string;
  itemId: string;
  documentId: string | null;
  amountMinor: number;
  currency: string;
  paidAt: string;
  reference: string | null;
  createdAt: string;
}

export interface NotificationsTable {
  id: string;
  userId: string;
  title: string;
  body: string;
  itemId: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  tokenHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface EventsTable {
  id: string;
  type: string;
  source: string;
  occurredAt: string;
  receivedAt: string;
  subject: unknown;
  data: unknown;
  status: string;
  processedAt: string | null;
  itemIds: unknown;
  error: string | null;
  rootEventId: string;
  depth: number;
  causeRunId: string | null;
  causeJournalId: string | null;
}

interface RuleColumns extends Versioned {
  id: string;
  name: string;
  pipelineId: string;
  stageId: string;
  enabled: Bool;
}

export interface TriggersTable extends RuleColumns {
  eventType: string;
  filter: unknown;
  condition: unknown;
  allowBackward: Bool;
}

export interface RobotsTable extends RuleColumns {
  actionType: string;
  params: unknown;
  timing: unknown;
  condition: unknown;
  afterPrevious: Bool;
  repeat: string;
  retry: unknown;
  sort: number;
}

export interface GuardsTable extends RuleColumns {
  condition: unknown;
  message: string;
}

export interface RunsTable {
  id: string;
  robotId: string;
  itemId: string;
  pipelineId: string;
  stageId: string;
  stageEntryId: string;
  actionType: string;
  status: string;
  plannedAt: string;
  dueAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  reason: string | null;
  error: unknown;
  result: unknown;
  previousRunId: string | null;
  rootEventId: string | null;
  causeEventId: string | null;
  depth: number;
  createdAt: string;
  updatedAt: string;
}

export interface JournalEntriesTable {
  id: string;
  kind: string;
  itemId: string | null;
  eventId: string | null;
  runId: string | null;
  triggerId: string | null;
  robotId: string | null;
  guardId: string | null;
  stageId: string | null;
  message: string;
  data: unknown;
  rootEventId: string | null;
  causeId: string | null;
  depth: number;
  createdAt: string;
}

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
}

export interface WebhookPlannedEventsTable {
  eventId: string;
  receivedAt: string;
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
}
