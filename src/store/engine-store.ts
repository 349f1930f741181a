import type { Kysely } from 'kysely';
import type { EngineStore, EngineTx } from '../automation/ports.ts';
import type { IdGenerator } from '../domain/clock.ts';
import type { PhoneNumbers } from '../domain/phone-numbers.ts';
import { CommitGroup } from './commit-group.ts';
import type { Capabilities } from './database.ts';
import { isTransientDatabaseError } from './database-errors.ts';
import { ActivitiesRepository } from './repositories/activities-repository.ts';
import { BackfillRepository } from './repositories/backfill-repository.ts';
import { ContactsRepository } from './repositories/contacts-repository.ts';
import { DocumentsRepository } from './repositories/documents-repository.ts';
import { EventsRepository } from './repositories/events-repository.ts';
import { FactsRepository } from './repositories/facts-repository.ts';
import { InboundRepository } from './repositories/inbound-repository.ts';
import { ItemsRepository } from './repositories/items-repository.ts';
import { JournalRepository } from './repositories/journal-repository.ts';
import { NotificationsRepository } from './repositories/notifications-repository.ts';
import { PaymentsRepository } from './repositories/payments-repository.ts';
import { PipelinesRepository } from './repositories/pipelines-repository.ts';
import { RulesRepository } from './repositories/rules-repository.ts';
import { RunsRepository } from './repositories/runs-repository.ts';
import { TasksRepository } from './repositories/tasks-repository.ts';
import { TimelineRepository } from './repositories/timeline-repository.ts';
import { UsersRepository } from './repositories/users-repository.ts';
import type { Database } from './schema.ts';
import { withSavepoint } from './transaction.ts';

/** The engine's ports over the store's repositories, on one database handle. */
function engineTx(
  db: Kysely<Database>,
  ids: IdGenerator,
  capabilities: Capabilities,
  phones: PhoneNumbers,
): EngineTx {
  const items = new ItemsRepository(db, ids, phones, capabilities.supportsSkipLocked);
  return {
    items,
    itemWrites: items,
    pipelines: new PipelinesRepository(db, ids),
    users: new UsersRepository(db, ids),
    contacts: new ContactsRepository(db, ids, phones),
    inbound: new InboundRepository(db, ids, phones),
    facts: new FactsRepository(db),
    timeline: new TimelineRepository(db, ids),
    events: new EventsRepository(db, capabilities.supportsSkipLocked),
    rules: new RulesRepository(db, ids),
    // No wake-up from inside the planning transaction: the engine wakes the runners (and, on
    // PostgreSQL, NOTIFYs the other processes) once it committed, one path for every planned run.
    runs: new RunsRepository(db, ids, async () => {}, capabilities.supportsSkipLocked),
    journal: new JournalRepository(db, ids),
    tasks: new TasksRepository(db, ids),
    activities: new ActivitiesRepository(db, ids),
    notifications: new NotificationsRepository(db, ids),
    payments: new PaymentsRepository(db, ids),
    documents: new DocumentsRepository(db, ids),
    backfill: new BackfillRepository(db),
    savepoint: (work) => withSavepoint(db, work),
  };
}

export function createEngineStore(
  db: Kysely<Database>,
  ids: IdGenerator,
  capabilities: Capabilities,
  phones: PhoneNumbers,
): EngineStore {
  // A transaction inside a transaction joins it: an engine step started by an action (a move,
  // a new item) commits with the run that caused it.
  const transaction: EngineStore['transaction'] = (work) =>
    db.isTransaction
      ? work(engineTx(db, ids, capabilities, phones))
      : db.transaction().execute((trx) => work(engineTx(trx, ids, capabilities, phones)));
  // SQLite writes through one connection and syncs at every commit; PostgreSQL commits on many
  // connections at once and folds their syncs itself.
  const group = capabilities.dialect === 'sqlite' && !db.isTransaction ? new CommitGroup(db) : undefined;
  return {
    transaction,
    grouped: (work) =>
      group === undefined
        ? transaction(work)
        : group.run((trx) => work(engineTx(trx, ids, capabilities, phones))),
    direct: () => engineTx(db, ids, capabilities, phones),
    isTransient: isTransientDatabaseError,
  };
}
