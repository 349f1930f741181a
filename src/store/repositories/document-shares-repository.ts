import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { hashToken } from './api-tokens-repository.ts';
import { newPrefixedToken } from './prefixed-token.ts';

/** Share links of documents: tokens that open one document to anyone holding them, until they expire. */
export class DocumentSharesRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async issueShareToken(documentId: string, now: Date, expiresAt: Date | null): Promise<string> {
    const token = newPrefixedToken('sfd_');
    await this.#db
      .insertInto('documentShareTokens')
      .values({
        tokenHash: hashToken(token),
        documentId,
        createdAt: now.toISOString(),
        expiresAt: expiresAt?.toISOString() ?? null,
        views: 0,
      })
      .execute();
    return token;
  }

  /** Counts a view of a share link that exists and has not expired; answers the views before it. */
  async viewShared(
    token: string,
    now: Date,
  ): Promise<{ documentId: string; tokenHash: string; views: number } | undefined> {
    const tokenHash = hashToken(token);
    const at = now.toISOString();
    const row = await this.#db
      .updateTable('documentShareTokens')
      .set((eb) => ({ views: eb('views', '+', 1), lastViewedAt: at }))
      .where('tokenHash', '=', tokenHash)
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', at)]))
      .returning(['documentId', 'views'])
      .executeTakeFirst();
    return row === undefined ? undefined : { documentId: row.documentId, tokenHash, views: row.views - 1 };
  }

  /** The document a share link that exists and has not expired opens, without counting a view. */
  async findShared(token: string, now: Date): Promise<string | undefined> {
    const at = now.toISOString();
    const row = await this.#db
      .selectFrom('documentShareTokens')
      .select('documentId')
      .where('tokenHash', '=', hashToken(token))
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', at)]))
      .executeTakeFirst();
    return row?.documentId;
  }
}
