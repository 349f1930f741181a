import type { Generated } from 'kysely';
import type { Bool, Versioned } from './schema-columns.ts';

/** Tables of the CRM core (migration 0001). */
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
  /** `scrypt$N$r$p$salt$hash` (migration 0011); null: the user cannot sign in. */
  passwordHash: Generated<string | null>;
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

/** Facts about the stored data itself, by name (e.g. the region the phone index is keyed in). */
export interface StoreSettingsTable {
  name: string;
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
  /** The person who created the task (migration 0026); null when no person did. */
  createdByUserId: Generated<string | null>;
  completedAt: string | null;
  /** When the open task's deadline check is due; null when none waits (fired, closed, no deadline). */
  overdueAt?: string | null;
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
  /** The person who planned the activity (migration 0026); null when no person did. */
  createdByUserId: Generated<string | null>;
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
  templateId: string | null;
  language: string | null;
  sourceDocumentId: string | null;
  /** JSON: the facts the document was rendered from (DocumentSnapshot). */
  snapshot: unknown;
  html: string | null;
}

export interface DocumentTemplatesTable extends Versioned {
  id: string;
  kind: string;
  name: string;
  language: string;
  body: string;
  isDefault: Bool;
}

export interface DocumentSequencesTable {
  kind: string;
  prefix: string;
  updatedAt: string;
}

export interface ItemFilesTable {
  id: string;
  itemId: string;
  name: string;
  contentType: string;
  size: number;
  /** Base64 of the bytes. */
  content: string;
  createdAt: string;
}

export interface DocumentCountersTable {
  kind: string;
  year: number;
  lastNumber: number;
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
  source: string | null;
  externalId: string | null;
}

/** Incoming bank statement payments (bank-payments-repository.ts). */
export interface BankPaymentsTable {
  id: string;
  key: string;
  docDate: string;
  docNumber: string;
  amountMinor: number;
  currency: string;
  payerName: string;
  payerInn: string;
  payerAccount: string;
  purpose: string;
  status: string;
  itemId: string | null;
  paymentId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Approvals asked by robots (approvals-repository.ts). */
export interface ApprovalsTable extends Versioned {
  id: string;
  itemId: string;
  robotId: string | null;
  runId: string | null;
  title: string;
  approverIds: unknown;
  step: number;
  status: string;
  decisions: unknown;
  deadlineMinutes: number | null;
  /** Whether the deadline counts the approver's working time (migration 0029). */
  deadlineInWorkingTime: Bool;
  onDeadline: string;
  dueAt: string | null;
  /** The approver whose turn it is while pending; null once decided. */
  currentApproverId: string | null;
  /** The step whose mail is still to be sent; null when none is. */
  mailStep: number | null;
  /** Attempts at the mail of `mailStep` so far. */
  mailAttempts: number;
  /** When the mail of `mailStep` is next tried (migration 0027); null when none is to be sent. */
  mailDueAt: string | null;
  /** Until when a sender holds that mail (migration 0027); null while nobody does. */
  mailLeaseUntil: string | null;
  linkKey: string;
}

export interface NotificationsTable {
  id: string;
  userId: string;
  title: string;
  body: string;
  itemId: string | null;
  readAt: string | null;
  createdAt: string;
  kind: Generated<string>;
  link: string | null;
  emailId: string | null;
  emailMode: string | null;
  emailStatus: string | null;
  emailAttempts: Generated<number>;
  emailError: string | null;
  emailSentAt: string | null;
}

/** Per user: the language of notification mail and email delivery per kind (migration 0023). */
export interface NotificationPreferencesTable {
  userId: string;
  language: string;
  email: unknown;
  updatedAt: string;
}

/** The queue of notification mail: one row per email, a digest's row shared by its notifications. */
export interface NotificationEmailsTable {
  id: string;
  userId: string;
  mode: string;
  status: string;
  attempts: Generated<number>;
  lastError: string | null;
  dueAt: string;
  sentAt: string | null;
  digestKey: string | null;
  createdAt: string;
}

/** State that outlives a restart, by key (migration 0009): `manual_clock` holds an ISO timestamp. */
export interface SettingsTable {
  key: string;
  value: string;
  updatedAt: string;
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

/** A signed-in browser (migration 0011); `id` is the SHA-256 hex of the cookie's secret. */
export interface SessionsTable {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end, however often the session is used. */
  expiresAt: string;
}

/** A failed sign-in attempt, by key (`email:…` or `ip:…`), for the rate limit (migration 0011). */
export interface SignInFailuresTable {
  key: string;
  failedAt: string;
}

/** What live views are told: one row per change, written by triggers (migration 0012). */
export interface ChangeFeedTable {
  id: Generated<number>;
  kind: string;
  op: string;
  entityId: string;
  itemId: string | null;
  pipelineId: string | null;
  userId: string | null;
  createdAt: Generated<string>;
}
