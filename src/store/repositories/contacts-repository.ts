import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { Contact, ContactChannelKind } from '../../domain/contact.ts';
import { normalizeChat, normalizeEmail } from '../../domain/contact-channels.ts';
import { notFound } from '../../domain/errors.ts';
import type { PhoneNumbers } from '../../domain/phone-numbers.ts';
import { containsIgnoringCase, fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { ContactsTable, Database } from '../schema.ts';
import { inOwnTransaction } from '../transaction.ts';
import { deleteById, updateVersioned } from '../versioned.ts';

export interface NewContact {
  readonly name: string;
  readonly company?: string | null;
  readonly emails?: readonly string[];
  readonly phones?: readonly string[];
  readonly responsibleId?: string | null;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export type ContactChanges = Partial<NewContact>;

export interface ContactFilter {
  /** Matched normalised, through the channel index. */
  readonly email?: string | undefined;
  /** Matched normalised, through the channel index. */
  readonly phone?: string | undefined;
  /** Case-insensitive substring of the name or the company. */
  readonly q?: string | undefined;
  readonly responsibleId?: string | undefined;
}

export function toContact(row: Selectable<ContactsTable>): Contact {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    emails: fromJson<string[]>(row.emails, []),
    phones: fromJson<string[]>(row.phones, []),
    responsibleId: row.responsibleId,
    fields: fromJson<Record<string, unknown>>(row.fields, {}),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** How a channel value is keyed in the index: emails in lower case, phones in E.164. */
export type ChannelKeys = Record<ContactChannelKind, (value: string) => string>;

export const channelKeys = (phones: PhoneNumbers): ChannelKeys => ({
  email: normalizeEmail,
  phone: (value) => phones.key(value),
  chat: normalizeChat,
});

const trimAll = (values: readonly string[]): string[] => values.map((value) => value.trim());

export class ContactsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #keys: ChannelKeys;

  /** `phones` reads numbers in the configured default region (STAGEFLOW_DEFAULT_REGION). */
  constructor(db: Kysely<Database>, ids: IdGenerator, phones: PhoneNumbers) {
    this.#db = db;
    this.#ids = ids;
    this.#keys = channelKeys(phones);
  }

  async create(input: NewContact, now: Date): Promise<Contact> {
    const id = this.#ids();
    const at = now.toISOString();
    const emails = trimAll(input.emails ?? []);
    const phones = trimAll(input.phones ?? []);
    await inOwnTransaction(this.#db, async (trx) => {
      await trx
        .insertInto('contacts')
        .values({
          id,
          name: input.name,
          company: input.company ?? null,
          emails: toJson(emails),
          phones: toJson(phones),
          responsibleId: input.responsibleId ?? null,
          fields: toJson(input.fields ?? {}),
          createdAt: at,
          updatedAt: at,
          version: 1,
        })
        .execute();
      await replaceChannels(trx, id, 'email', emails, this.#keys);
      await replaceChannels(trx, id, 'phone', phones, this.#keys);
    });
    return this.getOrThrow(id);
  }

  async find(id: string): Promise<Contact | undefined> {
    const row = await this.#db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toContact(row);
  }

  async getOrThrow(id: string): Promise<Contact> {
    const contact = await this.find(id);
    if (contact === undefined) throw notFound('contact', id);
    return contact;
  }

  async list(filter: ContactFilter, page: PageRequest): Promise<Page<Contact>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('contacts')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.email !== undefined)
      query = query.where('id', 'in', this.#channelOwners('email', filter.email));
    if (filter.phone !== undefined)
      query = query.where('id', 'in', this.#channelOwners('phone', filter.phone));
    if (filter.responsibleId !== undefined) {
      query = query.where('responsibleId', '=', filter.responsibleId);
    }
    if (filter.q !== undefined) {
      const q = filter.q;
      query = query.where((eb) =>
        eb.or([containsIgnoringCase('name', q), containsIgnoringCase('company', q)]),
      );
    }
    return toPage(await query.execute(), limit, toContact);
  }

  /** Contacts having this email, whatever its case or surrounding spaces; oldest first. */
  findByEmail(email: string): Promise<Contact[]> {
    return this.#findByChannel('email', email);
  }

  /** Contacts having this phone, however it is written (E.164 or national); oldest first. */
  findByPhone(phone: string): Promise<Contact[]> {
    return this.#findByChannel('phone', phone);
  }

  /** Contacts a chat identity (`telegram:@ivan_p`) was tied to, whatever its case; oldest first. */
  findByChat(chat: string): Promise<Contact[]> {
    return this.#findByChannel('chat', chat);
  }

  /** Ties a chat identity to the contact, so the chat's later messages find it. */
  async addChat(contactId: string, chat: string): Promise<void> {
    await this.#db
      .insertInto('contactChannels')
      .values({ contactId, kind: 'chat', value: this.#keys.chat(chat) })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async update(
    id: string,
    changes: ContactChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Contact> {
    const emails = changes.emails === undefined ? undefined : trimAll(changes.emails);
    const phones = changes.phones === undefined ? undefined : trimAll(changes.phones);
    await inOwnTransaction(this.#db, async (trx) => {
      // The versioned update goes first: when it refuses, no channel has been touched.
      await updateVersioned(trx, 'contacts', 'contact', id, expectedVersion, {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.company !== undefined && { company: changes.company }),
        ...(emails !== undefined && { emails: toJson(emails) }),
        ...(phones !== undefined && { phones: toJson(phones) }),
        ...(changes.responsibleId !== undefined && { responsibleId: changes.responsibleId }),
        ...(changes.fields !== undefined && { fields: toJson(changes.fields) }),
        updatedAt: now.toISOString(),
      });
      if (emails !== undefined) await replaceChannels(trx, id, 'email', emails, this.#keys);
      if (phones !== undefined) await replaceChannels(trx, id, 'phone', phones, this.#keys);
    });
    return this.getOrThrow(id);
  }

  /** Its channel rows go with it (ON DELETE CASCADE); items keep existing without a contact. */
  delete(id: string): Promise<void> {
    return deleteById(this.#db, 'contacts', 'contact', id);
  }

  #channelOwners(kind: ContactChannelKind, value: string) {
    return this.#db
      .selectFrom('contactChannels')
      .select('contactId')
      .where('kind', '=', kind)
      .where('value', '=', this.#keys[kind](value));
  }

  async #findByChannel(kind: ContactChannelKind, value: string): Promise<Contact[]> {
    const rows = await this.#db
      .selectFrom('contacts')
      .selectAll()
      .where('id', 'in', this.#channelOwners(kind, value))
      .orderBy('id')
      .execute();
    return rows.map(toContact);
  }
}

/** Rewrites the index rows of one kind; two spellings of one address make one row. */
async function replaceChannels(
  trx: Kysely<Database>,
  contactId: string,
  kind: ContactChannelKind,
  values: readonly string[],
  keys: ChannelKeys,
): Promise<void> {
  await trx
    .deleteFrom('contactChannels')
    .where('contactId', '=', contactId)
    .where('kind', '=', kind)
    .execute();
  const normalised = [...new Set(values.map(keys[kind]))].filter((value) => value !== '');
  if (normalised.length === 0) return;
  await trx
    .insertInto('contactChannels')
    .values(normalised.map((value) => ({ contactId, kind, value })))
    .execute();
}
