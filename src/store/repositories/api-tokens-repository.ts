import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { Role } from '../../domain/roles.ts';
import type { Database } from '../schema.ts';

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
}

/** Tokens are stored only as SHA-256 hashes: a leaked database does not leak usable tokens. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const TOKEN_PREFIX = 'sf_';

export class ApiTokensRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  /** Creates a token and returns its secret, which is shown once and never stored. */
  async create(name: string, role: Role, now: Date): Promise<{ token: string; record: ApiToken }> {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const record: ApiToken = { id: this.#ids(), name, role, createdAt: now.toISOString() };
    await this.#db
      .insertInto('apiTokens')
      .values({ ...record, tokenHash: hashToken(token), lastUsedAt: null, revokedAt: null })
      .execute();
    return { token, record };
  }

  /**
   * Revokes every active token named `name` but `keepId`: for a token that each start prints
   * anew, such as the demo's "npm start", so one of that name works at a time.
   */
  async revokeNamed(name: string, keepId: string, now: Date): Promise<number> {
    const result = await this.#db
      .updateTable('apiTokens')
      .set({ revokedAt: now.toISOString() })
      .where('name', '=', name)
      .where('id', '!=', keepId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async findByToken(token: string): Promise<ApiToken | undefined> {
    const row = await this.#db
      .selectFrom('apiTokens')
      .select(['id', 'name', 'role', 'createdAt'])
      .where('tokenHash', '=', hashToken(token))
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    return row === undefined ? undefined : { ...row, role: row.role as Role };
  }

  /** A revoked token stops working at once; the row stays as a record of who had access. */
  async revoke(id: string, now: Date): Promise<void> {
    await this.#db
      .updateTable('apiTokens')
      .set({ revokedAt: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom('apiTokens')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
