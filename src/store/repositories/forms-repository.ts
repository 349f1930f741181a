import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import { asLanguage, type Language } from '../../domain/localized.ts';
import { fromBool, fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, FormsTable } from '../schema.ts';
import { updateVersioned } from '../versioned.ts';

/** A stored web form. `fields` is kept as written; the forms channel reads its shape. */
export interface Form {
  readonly id: string;
  readonly pipelineId: string;
  readonly stageId: string | null;
  readonly name: string;
  readonly title: string;
  readonly description: string | null;
  readonly fields: unknown;
  readonly successMessage: string;
  readonly enabled: boolean;
  readonly language: Language;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface NewForm {
  readonly pipelineId: string;
  readonly stageId?: string | null | undefined;
  readonly name: string;
  readonly title: string;
  readonly description?: string | null | undefined;
  readonly fields: unknown;
  readonly successMessage: string;
  readonly enabled: boolean;
  readonly language?: Language | undefined;
}

export type FormChanges = Partial<NewForm>;

const toForm = (row: Selectable<FormsTable>): Form => ({
  id: row.id,
  pipelineId: row.pipelineId,
  stageId: row.stageId,
  name: row.name,
  title: row.title,
  description: row.description,
  fields: fromJson<unknown>(row.fields, []),
  successMessage: row.successMessage,
  enabled: fromBool(row.enabled),
  language: asLanguage(row.language),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  version: row.version,
});

export class FormsRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async create(input: NewForm, now: Date): Promise<Form> {
    const id = this.#ids();
    const at = now.toISOString();
    await this.#db
      .insertInto('forms')
      .values({
        id,
        pipelineId: input.pipelineId,
        stageId: input.stageId ?? null,
        name: input.name,
        title: input.title,
        description: input.description ?? null,
        fields: toJson(input.fields),
        successMessage: input.successMessage,
        enabled: input.enabled,
        language: input.language ?? 'en',
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getOrThrow(id);
  }

  async find(id: string): Promise<Form | undefined> {
    const row = await this.#db.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toForm(row);
  }

  async getOrThrow(id: string): Promise<Form> {
    const form = await this.find(id);
    if (form === undefined) throw notFound('form', id);
    return form;
  }

  async list(filter: { pipelineId?: string | undefined }, page: PageRequest): Promise<Page<Form>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('forms')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.pipelineId !== undefined) query = query.where('pipelineId', '=', filter.pipelineId);
    return toPage(await query.execute(), limit, toForm);
  }

  async update(
    id: string,
    changes: FormChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Form> {
    await updateVersioned(this.#db, 'forms', 'form', id, expectedVersion, {
      ...(changes.pipelineId !== undefined && { pipelineId: changes.pipelineId }),
      ...(changes.stageId !== undefined && { stageId: changes.stageId }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.title !== undefined && { title: changes.title }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.fields !== undefined && { fields: toJson(changes.fields) }),
      ...(changes.successMessage !== undefined && { successMessage: changes.successMessage }),
      ...(changes.enabled !== undefined && { enabled: changes.enabled }),
      ...(changes.language !== undefined && { language: changes.language }),
      updatedAt: now.toISOString(),
    });
    return this.getOrThrow(id);
  }

  async delete(id: string): Promise<void> {
    const result = await this.#db.deleteFrom('forms').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw notFound('form', id);
  }

  /**
   * The contact's oldest item of the pipeline that is in an open stage: a form filled in again
   * by the same person goes to the lead they already have rather than starting a second one.
   */
  async findOpenItemOfContact(pipelineId: string, contactId: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('items')
      .innerJoin('stages', 'stages.id', 'items.stageId')
      .select('items.id')
      .where('items.pipelineId', '=', pipelineId)
      .where('items.contactId', '=', contactId)
      .where('stages.semantics', '=', 'open')
      .orderBy('items.id')
      .executeTakeFirst();
    return row?.id;
  }
}
