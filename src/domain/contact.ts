/** A customer person, optionally of a company, reachable by emails and phones. */
export interface Contact {
  readonly id: string;
  readonly name: string;
  readonly company: string | null;
  /** As given (trimmed); matched in normalised form (see contact-channels.ts). */
  readonly emails: string[];
  readonly phones: string[];
  readonly responsibleId: string | null;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/**
 * Kinds of rows in the channel index; stored, so never renamed. A `chat` row is a chat identity
 * (`telegram:@ivan_p`) that a chat event named when it made the contact; it is not one of the
 * contact's editable values, so editing emails or phones leaves it.
 */
export const CONTACT_CHANNEL_KINDS = ['email', 'phone', 'chat'] as const;
export type ContactChannelKind = (typeof CONTACT_CHANNEL_KINDS)[number];
