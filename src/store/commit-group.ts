import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** Most units one shared transaction takes, so one commit never holds the database for long. */
const MAX_UNITS = 50;

interface Unit {
  readonly work: (trx: Kysely<Database>) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Settled =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown };

/**
 * Units of work that arrive while a commit is under way share the next transaction, and so one
 * sync of the disk: on SQLite, where one connection writes at a time and every commit waits for
 * the disk (synchronous=FULL), that sync, not the work, is what limits how many runs finish per
 * second. Each unit runs in its own savepoint, so one that fails rolls back alone and the others
 * commit; each is answered only after the commit that made it durable, and all are failed when
 * that commit fails. A unit arriving when nothing is under way starts a transaction at once: no
 * waiting for company.
 */
export class CommitGroup {
  readonly #db: Kysely<Database>;
  #waiting: Unit[] = [];
  #committing = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#committing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#committing = true;
    try {
      while (this.#waiting.length > 0) {
        // SQLite's driver is synchronous: while a transaction runs, nothing else does, and the
        // units started in this same turn (a worker's batch) would queue only after it. One turn
        // of the event loop lets them join.
        await nextTurn();
        const units = this.#waiting.splice(0, MAX_UNITS);
        await this.#commit(units);
      }
    } finally {
      this.#committing = false;
    }
  }

  async #commit(units: readonly Unit[]): Promise<void> {
    const settled: Settled[] = [];
    try {
      await this.#db.transaction().execute(async (trx) => {
        // Alone, a unit needs no savepoint: its failure rolls the transaction back.
        const only = units.length === 1 ? units[0] : undefined;
        if (only !== undefined) {
          settled.push({ ok: true, value: await only.work(trx) });
          return;
        }
        for (const [index, unit] of units.entries()) {
          // Never released: the commit releases them all, one statement fewer per unit.
          const name = sql.id(`unit_${index}`);
          await sql`savepoint ${name}`.execute(trx);
          try {
            settled.push({ ok: true, value: await unit.work(trx) });
          } catch (error) {
            await sql`rollback to savepoint ${name}`.execute(trx);
            settled.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // Nothing of this transaction is stored: every unit fails with it (a unit alone, with its
      // own error).
      for (const unit of units) unit.reject(error);
      return;
    }
    for (const [index, unit] of units.entries()) {
      const outcome = settled[index];
      if (outcome?.ok === true) unit.resolve(outcome.value);
      else unit.reject(outcome?.error);
    }
  }
}
