import type { Kysely } from 'kysely';
import type { PhoneNumbers } from '../domain/phone-numbers.ts';
import { fromJson } from './columns.ts';
import type { Store } from './database.ts';
import type { Database } from './schema.ts';

/** Contacts re-keyed per statement batch: bounded memory on any number of contacts. */
const BATCH = 500;

/** Where the region the phone index was built with is kept (store_settings). */
const PHONE_REGION = 'phone_region';

/**
 * Rebuilds the phone rows of the contact channel index from the numbers as they were written
 * (`contacts.phones`, never changed), keyed by `phones`: E.164 where libphonenumber-js reads the
 * number, the digits as written where it cannot, so no stored number stops being findable.
 */
export async function reindexPhones(db: Kysely<Database>, phones: PhoneNumbers): Promise<number> {
  let after = '';
  let contacts = 0;
  for (;;) {
    const rows = await db
      .selectFrom('contacts')
      .select(['id', 'phones'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return contacts;
    after = rows.at(-1)?.id ?? after;
    contacts += rows.length;
    const ids = rows.map((row) => row.id);
    await db
      .deleteFrom('contactChannels')
      .where('kind', '=', 'phone')
      .where('contactId', 'in', ids)
      .execute();
    const keyed = rows.flatMap((row) =>
      [...new Set(fromJson<string[]>(row.phones, []).map((phone) => phones.key(phone)))]
        .filter((value) => value !== '')
        .map((value) => ({ contactId: row.id, kind: 'phone', value })),
    );
    if (keyed.length > 0) await db.insertInto('contactChannels').values(keyed).execute();
  }
}

/** Records the region the index is now keyed with. */
export async function recordPhoneRegion(db: Kysely<Database>, phones: PhoneNumbers): Promise<void> {
  const value = phones.region ?? '';
  await db
    .insertInto('storeSettings')
    .values({ name: PHONE_REGION, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute();
}

/**
 * Keeps the phone index keyed with the configured default region: when STAGEFLOW_DEFAULT_REGION
 * changed since the index was built (set after an upgrade, say), numbers written in national
 * format are keyed again in the new region. One transaction, so a crash leaves the old index, and
 * processes starting together re-key once (the settings row is locked on PostgreSQL; SQLite
 * writes serialise). Answers whether it re-keyed.
 */
export async function syncPhoneIndex(store: Store, phones: PhoneNumbers): Promise<boolean> {
  // Row locks where the database has them (as ItemsRepository's lockRows); SQLite has none.
  const lockRows = store.capabilities.supportsSkipLocked;
  return store.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('storeSettings')
      .select('value')
      .where('name', '=', PHONE_REGION)
      .$call((query) => (lockRows ? query.forUpdate() : query))
      .executeTakeFirst();
    if (row !== undefined && row.value === (phones.region ?? '')) return false;
    await reindexPhones(trx, phones);
    await recordPhoneRegion(trx, phones);
    return true;
  });
}
