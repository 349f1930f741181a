import { parseMoney } from './money.ts';

/**
 * An item is a card in a pipeline (a lead, a deal, any "smart process" card). Amounts are money
 * strings with two decimals ("1500.00"); `paidAmount` is the sum of the item's payments.
 */
export interface Item {
  readonly id: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly title: string;
  readonly amount: string;
  readonly currency: string;
  readonly paidAmount: string;
  readonly contactId: string | null;
  readonly responsibleId: string | null;
  readonly fields: Readonly<Record<string, unknown>>;
  /** When the item entered its current stage; robots' delays count from here. */
  readonly stageEnteredAt: string;
  /** Identifies the current stage entry; runs planned for this entry carry the same id. */
  readonly stageEntryId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Who wrote a timeline entry. Stored values: never renamed, only added. */
export const AUTHOR_TYPES = ['api', 'user', 'robot', 'trigger', 'system'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

export interface Author {
  readonly type: AuthorType;
  /** The API token, user, robot or trigger id; null for the system. */
  readonly id: string | null;
}

/** The person an author is (a user), or null for a robot, a trigger, a token or the system. */
export const personOf = (author: Author): string | null => (author.type === 'user' ? author.id : null);

/** Kinds of timeline entries written by the core. Stored values: never renamed, only added. */
export const TIMELINE_KINDS = [
  'created',
  'stage_changed',
  'note',
  'document_created',
  'payment_received',
  'payment_changed',
  'payment_deleted',
  'robot_entry',
  'email_sent',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  readonly id: string;
  readonly itemId: string;
  readonly kind: TimelineKind;
  readonly text: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly authorType: AuthorType;
  readonly authorId: string | null;
  /** The event at the root of the chain that caused this entry, if an event did. */
  readonly rootEventId: string | null;
  readonly createdAt: string;
}

export interface NewTimelineEntry {
  readonly itemId: string;
  readonly kind: TimelineKind;
  readonly text: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly author: Author;
  readonly rootEventId?: string | null;
}

/** Standard document kinds; any other kind matching DOCUMENT_KIND_PATTERN is a custom one. */
export const DOCUMENT_KINDS = ['quote', 'invoice', 'contract', 'shipment', 'act', 'order'] as const;
export const DOCUMENT_KIND_PATTERN = '^[a-z][a-z0-9_]{0,39}$';

export const DOCUMENT_STATUSES = ['draft', 'posted', 'sent', 'viewed', 'paid', 'cancelled'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export interface Document {
  readonly id: string;
  readonly itemId: string | null;
  readonly kind: string;
  readonly number: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: DocumentStatus;
  /** The template it was rendered from: a stored template's id, `default` or null (none). */
  readonly templateId: string | null;
  /** The language of its wording (`en`, `ru`); null when it was not rendered. */
  readonly language: string | null;
  /** The document it was made from (an invoice from its quote). */
  readonly sourceDocumentId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface Payment {
  readonly id: string;
  readonly itemId: string;
  readonly documentId: string | null;
  readonly amount: string;
  readonly currency: string;
  readonly paidAt: string;
  readonly reference: string | null;
  /** The system the payment comes from (e.g. "1c"), with its own id of it; null when entered here. */
  readonly source: string | null;
  readonly externalId: string | null;
  readonly createdAt: string;
}

/** The source of an external payment id sent without one. Stored: never renamed. */
export const DEFAULT_PAYMENT_SOURCE = 'external';

/** Currency of an item created without one, unless STAGEFLOW_DEFAULT_CURRENCY says another. */
export const DEFAULT_CURRENCY = 'USD';

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Whether `code` is an ISO 4217 currency code (upper case) that Intl knows. */
export const isCurrencyCode = (code: string): boolean =>
  /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code);

/** Largest number of custom fields on one item. */
export const MAX_ITEM_FIELDS = 100;

/**
 * Money given as a JSON number is read through its shortest decimal text, so 1500.5 is exact
 * and 0.1 + 0.2 (0.30000000000000004) is refused instead of rounded.
 */
export function parseMoneyInput(value: string | number): number | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return parseMoney(String(value));
}
