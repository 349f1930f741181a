import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { hashToken } from './api-tokens-repository.ts';
import { newPrefixedToken } from './prefixed-token.ts';

/** A visit of a known visitor: which contact, and whether it began a new visit. */
export interface RecordedVisit {
  readonly contactId: string;
  /** 1 for the contact's first visit through this token. */
  readonly visitNumber: number;
  /** False for a page view inside an ongoing visit (seen less than `sessionMs` ago). */
  readonly newVisit: boolean;
  /** A new visit, and the contact's first through any of their tokens: `site.visit`, not a revisit. */
  readonly firstOfContact: boolean;
  readonly tokenHash: string;
}

/** Site visitors: the tokens that tie page views to contacts, and the visits they count. */
export class VisitorsRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async issueVisitorToken(contactId: string, now: Date): Promise<string> {
    const token = newPrefixedToken('sfv_');
    await this.#db
      .insertInto('visitorTokens')
      .values({ tokenHash: hashToken(token), contactId, createdAt: now.toISOString(), visits: 0 })
      .execute();
    return token;
  }

  /**
   * Counts a page view of a visitor token. A view more than `sessionMs` after the last one starts
   * a new visit; the count is raised in one statement, so two first views cannot both be visit 1.
   * Undefined for a token nobody issued.
   */
  async recordVisit(token: string, now: Date, sessionMs: number): Promise<RecordedVisit | undefined> {
    const tokenHash = hashToken(token);
    const at = now.toISOString();
    const sessionStart = new Date(now.getTime() - sessionMs).toISOString();
    const started = await this.#db
      .updateTable('visitorTokens')
      .set((eb) => ({
        visits: eb('visits', '+', 1),
        lastSeenAt: at,
        firstSeenAt: eb.fn.coalesce('firstSeenAt', eb.val(at)),
      }))
      .where('tokenHash', '=', tokenHash)
      .where((eb) => eb.or([eb('lastSeenAt', 'is', null), eb('lastSeenAt', '<', sessionStart)]))
      .returning(['contactId', 'visits'])
      .executeTakeFirst();
    if (started !== undefined) {
      const earlier =
        started.visits > 1 ||
        (await this.#db
          .selectFrom('visitorTokens')
          .select('tokenHash')
          .where('contactId', '=', started.contactId)
          .where('tokenHash', '!=', tokenHash)
          .where('firstSeenAt', 'is not', null)
          .executeTakeFirst()) !== undefined;
      return {
        contactId: started.contactId,
        visitNumber: started.visits,
        newVisit: true,
        firstOfContact: !earlier,
        tokenHash,
      };
    }
    const ongoing = await this.#db
      .updateTable('visitorTokens')
      .set({ lastSeenAt: at })
      .where('tokenHash', '=', tokenHash)
      .returning(['contactId', 'visits'])
      .executeTakeFirst();
    return ongoing === undefined
      ? undefined
      : {
          contactId: ongoing.contactId,
          visitNumber: ongoing.visits,
          newVisit: false,
          firstOfContact: false,
          tokenHash,
        };
  }
}
