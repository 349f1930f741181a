import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { ItemFile } from '../../domain/item-file.ts';
import type { Database, ItemFilesTable } from '../schema.ts';

const toFile = (row: Omit<Selectable<ItemFilesTable>, 'content'>): ItemFile => ({
  id: row.id,
  itemId: row.itemId,
  name: row.name,
  contentType: row.contentType,
  size: Number(row.size),
  createdAt: row.createdAt,
});

const COLUMNS = ['id', 'itemId', 'name', 'contentType', 'size', 'createdAt'] as const;

/** Files uploaded to items; the bytes are read only when a file is sent. */
export class ItemFilesRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async create(
    input: { itemId: string; name: string; contentType: string; content: Uint8Array },
    now: Date,
  ): Promise<ItemFile> {
    const row = {
      id: this.#ids(),
      itemId: input.itemId,
      name: input.name,
      contentType: input.contentType,
      size: input.content.byteLength,
      content: Buffer.from(input.content).toString('base64'),
      createdAt: now.toISOString(),
    };
    await this.#db.insertInto('itemFiles').values(row).execute();
    return toFile(row);
  }

  async list(itemId: string): Promise<ItemFile[]> {
    const rows = await this.#db
      .selectFrom('itemFiles')
      .select(COLUMNS)
      .where('itemId', '=', itemId)
      .orderBy('id')
      .limit(500)
      .execute();
    return rows.map(toFile);
  }

  /** The file with its bytes. */
  async findWithContent(id: string): Promise<(ItemFile & { content: Uint8Array }) | undefined> {
    const row = await this.#db.selectFrom('itemFiles').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    return { ...toFile(row), content: new Uint8Array(Buffer.from(row.content, 'base64')) };
  }
}
