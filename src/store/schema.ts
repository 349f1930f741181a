import type {
  EventsTable,
  GuardsTable,
  JournalEntriesTable,
  RobotsTable,
  RuleRevisionsTable,
  RuleVersionsTable,
  RunsTable,
  TriggersTable,
} from './schema-automation.ts';
import type {
  DocumentShareTokensTable,
  EmailMessagesTable,
  FormsTable,
  OutboxMessagesTable,
  SmsOutboxTable,
  TrackingTokensTable,
  TriggerWebhookTokensTable,
  VisitorTokensTable,
  WebhookCursorTable,
  WebhookDeliveriesTable,
  WebhookPlannedEventsTable,
  WebhookSubscriptionsTable,
} from './schema-channels.ts';
import type {
  ActivitiesTable,
  ApiTokensTable,
  ApprovalsTable,
  BankPaymentsTable,
  ChangeFeedTable,
  ContactChannelsTable,
  ContactsTable,
  DocumentCountersTable,
  DocumentSequencesTable,
  DocumentsTable,
  DocumentTemplatesTable,
  ItemFilesTable,
  ItemsTable,
  NotificationEmailsTable,
  NotificationPreferencesTable,
  NotificationsTable,
  PaymentsTable,
  PipelinesTable,
  SessionsTable,
  SettingsTable,
  SignInFailuresTable,
  StagesTable,
  StoreSettingsTable,
  TasksTable,
  TimelineEntriesTable,
  UsersTable,
} from './schema-core.ts';

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
  storeSettings: StoreSettingsTable;
  pipelines: PipelinesTable;
  stages: StagesTable;
  items: ItemsTable;
  tasks: TasksTable;
  activities: ActivitiesTable;
  timelineEntries: TimelineEntriesTable;
  documents: DocumentsTable;
  documentTemplates: DocumentTemplatesTable;
  documentSequences: DocumentSequencesTable;
  documentCounters: DocumentCountersTable;
  itemFiles: ItemFilesTable;
  payments: PaymentsTable;
  bankPayments: BankPaymentsTable;
  approvals: ApprovalsTable;
  notifications: NotificationsTable;
  notificationPreferences: NotificationPreferencesTable;
  notificationEmails: NotificationEmailsTable;
  apiTokens: ApiTokensTable;
  events: EventsTable;
  triggers: TriggersTable;
  robots: RobotsTable;
  guards: GuardsTable;
  runs: RunsTable;
  ruleRevisions: RuleRevisionsTable;
  ruleVersions: RuleVersionsTable;
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
  settings: SettingsTable;
  sessions: SessionsTable;
  signInFailures: SignInFailuresTable;
  changeFeed: ChangeFeedTable;
}

export type * from './schema-automation.ts';
export type * from './schema-channels.ts';
export type * from './schema-core.ts';
