import type { Kysely } from 'kysely';
import { fromJson } from '../columns.ts';
import type { Database } from '../schema.ts';

/** The custom `fields` of a pipeline's items and contacts, read for the rule editor's field picker. */
export class CustomFieldsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * The fields of the `limit` most recently updated items of the pipeline and of their contacts
   * (each once); undefined when the pipeline does not exist.
   */
  async sample(
    pipelineId: string,
    limit: number,
  ): Promise<{ items: unknown[]; contacts: unknown[] } | undefined> {
    const pipeline = await this.#db
      .selectFrom('pipelines')
      .select('id')
      .where('id', '=', pipelineId)
      .executeTakeFirst();
    if (pipeline === undefined) return undefined;
    const rows = await this.#db
      .selectFrom('items')
      .leftJoin('contacts', 'contacts.id', 'items.contactId')
      .select(['items.fields as itemFields', 'items.contactId', 'contacts.fields as contactFields'])
      .where('items.pipelineId', '=', pipelineId)
      .orderBy('items.updatedAt', 'desc')
      .orderBy('items.id', 'desc')
      .limit(limit)
      .execute();
    const contacts = new Map<string, unknown>();
    for (const row of rows) {
      if (row.contactId !== null && !contacts.has(row.contactId))
        contacts.set(row.contactId, fromJson(row.contactFields, {}));
    }
    return { items: rows.map((row) => fromJson(row.itemFields, {})), contacts: [...contacts.values()] };
  }
}
