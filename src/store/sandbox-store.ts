import { type Kysely, sql } from 'kysely';
import type { Sandbox, SandboxTx } from '../automation/sandbox.ts';
import type { IdGenerator } from '../domain/clock.ts';
import type { PhoneNumbers } from '../domain/phone-numbers.ts';
import type { Capabilities } from './database.ts';
import { createEngineStore } from './engine-store.ts';
import { RulesRepository } from './repositories/rules-repository.ts';
import type { Database } from './schema.ts';

/** Thrown at the end of every sandbox transaction so that Kysely rolls it back; never leaves here. */
class RolledBack extends Error {}

/**
 * The engine's ports over one transaction that is always rolled back (see automation/sandbox.ts).
 * Everything the engine writes in it, including what database triggers add (the change feed),
 * goes with the rollback. What a rollback does not undo is a PostgreSQL sequence: the change
 * feed's numbering may skip the numbers a sandbox used, which its readers tolerate (they read
 * "after the last seen", never "the next number").
 */
export function createSandbox(
  db: Kysely<Database>,
  ids: IdGenerator,
  capabilities: Capabilities,
  phones: PhoneNumbers,
): Sandbox {
  return {
    async run(work) {
      let answer: { value: Awaited<ReturnType<typeof work>> } | undefined;
      try {
        await db.transaction().execute(async (trx) => {
          answer = { value: await work(sandboxTx(trx, ids, capabilities, phones)) };
          throw new RolledBack();
        });
      } catch (error) {
        if (!(error instanceof RolledBack)) throw error;
      }
      if (answer === undefined) throw new Error('the sandbox ended without an answer');
      return answer.value;
    },
  };
}

function sandboxTx(
  trx: Kysely<Database>,
  ids: IdGenerator,
  capabilities: Capabilities,
  phones: PhoneNumbers,
): SandboxTx {
  let savepoints = 0;
  return {
    // `trx` is a transaction already: the engine store's ports join it.
    ...createEngineStore(trx, ids, capabilities, phones).direct(),
    drafts: new RulesRepository(trx, ids),
    async attempt(work) {
      savepoints += 1;
      const name = sql.id(`dry_run_${savepoints}`);
      await sql`savepoint ${name}`.execute(trx);
      try {
        const value = await work();
        await sql`release savepoint ${name}`.execute(trx);
        return value;
      } catch (error) {
        await sql`rollback to savepoint ${name}`.execute(trx);
        throw error;
      }
    },
  };
}
