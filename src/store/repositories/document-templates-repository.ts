import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { DocumentLanguage } from '../../domain/documents/default-templates.ts';
import type {
  DocumentTemplate,
  DocumentTemplateChanges,
  NewDocumentTemplate,
} from '../../domain/documents/document-template.ts';
import { notFound } from '../../domain/errors.ts';
import { fromBool, fromJson } from '../columns.ts';
import type { Database, DocumentTemplatesTable } from '../schema.ts';
import { updateVersioned } from '../versioned.ts';

function toTemplate(row: Selectable<DocumentTemplatesTable>): DocumentTemplate {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    language: row.language as DocumentLanguage,
    body: row.body,
    isDefault: fromBool(row.isDefault),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** Document templates people wrote. A template made the default of its kind takes over from the last. */
export class DocumentTemplatesRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async create(input: NewDocumentTemplate, now: Date): Promise<DocumentTemplate> {
    const id = this.#ids();
    const at = now.toISOString();
    const isDefault = input.isDefault === true;
    if (isDefault) await this.#clearDefault(input.kind, id);
    await this.#db
      .insertInto('documentTemplates')
      .values({
        id,
        kind: input.kind,
        name: input.name,
        language: input.language,
        body: input.body,
        isDefault,
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .execute();
    return this.getOrThrow(id);
  }

  async find(id: string): Promise<DocumentTemplate | undefined> {
    const row = await this.#db
      .selectFrom('documentTemplates')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : toTemplate(row);
  }

  async getOrThrow(id: string): Promise<DocumentTemplate> {
    const template = await this.find(id);
    if (template === undefined) throw notFound('document_template', id);
    return template;
  }

  /** The default template of a kind, if one was made the default. */
  async defaultOf(kind: string): Promise<DocumentTemplate | undefined> {
    const row = await this.#db
      .selectFrom('documentTemplates')
      .selectAll()
      .where('kind', '=', kind)
      .where('isDefault', '=', true)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : toTemplate(row);
  }

  async list(kind: string | undefined): Promise<DocumentTemplate[]> {
    let query = this.#db.selectFrom('documentTemplates').selectAll().orderBy('kind').orderBy('id').limit(500);
    if (kind !== undefined) query = query.where('kind', '=', kind);
    return (await query.execute()).map(toTemplate);
  }

  async update(
    id: string,
    changes: DocumentTemplateChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<DocumentTemplate> {
    const current = await this.getOrThrow(id);
    const kind = changes.kind ?? current.kind;
    if (changes.isDefault === true) await this.#clearDefault(kind, id);
    await updateVersioned(this.#db, 'documentTemplates', 'document_template', id, expectedVersion, {
      ...(changes.kind !== undefined && { kind: changes.kind }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.language !== undefined && { language: changes.language }),
      ...(changes.body !== undefined && { body: changes.body }),
      ...(changes.isDefault !== undefined && { isDefault: changes.isDefault }),
      updatedAt: now.toISOString(),
    });
    return this.getOrThrow(id);
  }

  /**
   * The robots, enabled or not, whose create_document action names the template. Their params
   * are JSON read the same way on both databases, so the filter is applied here, over the few
   * create_document robots.
   */
  async robotsNaming(id: string): Promise<{ id: string; name: string }[]> {
    const rows = await this.#db
      .selectFrom('robots')
      .select(['id', 'name', 'params'])
      .where('actionType', '=', 'create_document')
      .orderBy('id')
      .execute();
    return rows
      .filter((row) => fromJson<{ template?: unknown }>(row.params, {}).template === id)
      .map((row) => ({ id: row.id, name: row.name }));
  }

  async delete(id: string): Promise<void> {
    const result = await this.#db.deleteFrom('documentTemplates').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound('document_template', id);
  }

  async #clearDefault(kind: string, exceptId: string): Promise<void> {
    await this.#db
      .updateTable('documentTemplates')
      .set({ isDefault: false })
      .where('kind', '=', kind)
      .where('id', '!=', exceptId)
      .execute();
  }
}
