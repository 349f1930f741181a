import type { Kysely } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { Database } from '../schema.ts';

export class PipelinesRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }
}
