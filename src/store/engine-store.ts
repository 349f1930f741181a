import type { Kysely } from 'kysely';
import type { EngineStore, EngineTx, FactsPort } from '../automation/ports.ts';
import type { IdGenerator } from '../domain/clock.ts';
import type { PhoneNumbers } from '../domain/phone-numbers.ts';
import { CommitGroup } from './commit-group.ts';
import type { Capabilities } from './database.ts';
import { isTransientDatabaseError } from './database-errors.ts';
import { ActivitiesRepository } from './repositories/activities-repository.ts';
import { ApprovalsRepository } from './repositories/approvals-repository.ts';
import { BackfillRepository } from './repositories/backfill-repository.ts';
import { BankPaymentsRepository } from './repositories/bank-payments-repository.ts';
import { ContactsRepository } from './repositories/contacts-repository.ts';
import { DocumentExportRepository } from './repositories/document-export-repository.ts';
import { DocumentSharesRepository } from './repositories/document-shares-repository.ts';
import { DocumentTemplatesRepository } from './repositories/document-templates-repository.ts';
import { DocumentsRepository } from './repositories/documents-repository.ts';
import { EventsRepository } from './repositories/events-repository.ts';
import { FactsRepository } from './repositories/facts-repository.ts';
import { FormsRepository } from './repositories/forms-repository.ts';
import { InboundRepository } from './repositories/inbound-repository.ts';
import { ItemFilesRepository } from './repositories/item-files-repository.ts';
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
import { cachedRules, RuleCache } from './rule-cache.ts';
import type { Database } from './schema.ts';
import { withSavepoint } from './transaction.ts';
import { TxItems } from './tx-items.ts';

interface EngineTxParts {
  readonly tx: EngineTx;
  /** Writes what the ports held back (the journal); called before the transaction commits. */
  flush(): Promise<void>;
}

/** Remembers a lookup's answer per key for one transaction. */
function memo<T>(load: (key: string) => Promise<T>): ((key: string) => Promise<T>) & { clear(): void } {
  const answers = new Map<string, Promise<T>>();
  const lookup = (key: string) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = load(key);
      answers.set(key, answer);
    }
    return answer;
  };
  return Object.assign(lookup, { clear: () => answers.clear() });
}

/**
 * The engine's ports over the store's repositories, on one database handle. Inside a transaction
 * (`deferred`) the ports remember what they read (items, users, contacts, document and payment
 * totals; rules and stages through the process's rule cache) and the journal is written in one
 * insert at the end; every write through them drops or replaces what it changes.
 */
function engineTx(
  db: Kysely<Database>,
  ids: IdGenerator,
  capabilities: Capabilities,
  phones: PhoneNumbers,
  cache: RuleCache,
  deferred: boolean,
): EngineTxParts {
  const repository = new ItemsRepository(db, ids, phones, capabilities.supportsSkipLocked);
  const rulesRepository = new RulesRepository(db, ids);
  const pipelinesRepository = new PipelinesRepository(db, ids);
  const users = new UsersRepository(db, ids);
  const contacts = new ContactsRepository(db, ids, phones);
  const facts = new FactsRepository(db);
  const payments = new PaymentsRepository(db, ids);
  const journal = new JournalRepository(db, ids, { deferred });
  const runs = new RunsRepository(db, ids, async () => {}, capabilities.supportsSkipLocked);
  const common = {
    contacts,
    inbound: new InboundRepository(db, ids, phones),
    timeline: new TimelineRepository(db, ids),
    events: new EventsRepository(db, capabilities.supportsSkipLocked),
    // No wake-up from inside the planning transaction: the engine wakes the runners (and, on
    // PostgreSQL, NOTIFYs the other processes) once it committed, one path for every planned run.
    runs,
    journal,
    tasks: new TasksRepository(db, ids),
    activities: new ActivitiesRepository(db, ids),
    notifications: new NotificationsRepository(db, ids, capabilities.supportsSkipLocked),
    documents: new DocumentsRepository(db, ids),
    documentTemplates: new DocumentTemplatesRepository(db, ids),
    documentShares: new DocumentSharesRepository(db),
    itemFiles: new ItemFilesRepository(db, ids),
    forms: new FormsRepository(db, ids),
    backfill: new BackfillRepository(db),
    bankPayments: new BankPaymentsRepository(db, ids),
    approvals: new ApprovalsRepository(db, ids, capabilities.supportsSkipLocked),
    documentExport: new DocumentExportRepository(db),
  };
  if (!deferred) {
    const tx: EngineTx = {
      ...common,
      savepoint: (work) => withSavepoint(db, work),
      items: repository,
      itemWrites: repository,
      pipelines: pipelinesRepository,
      users,
      facts,
      rules: rulesRepository,
      payments,
    };
    return { tx, flush: async () => {} };
  }
  const rules = cachedRules(cache, db, {
    rules: rulesRepository,
    items: repository,
    pipelines: pipelinesRepository,
  });
  const items = new TxItems(repository, rules, capabilities.supportsSkipLocked);
  // Conditions read documents and payments together: one statement answers both.
  const factsOfItem = memo((itemId) => facts.ofItem(itemId));
  const findUser = memo((id) => users.find(id));
  const findContact = memo((id) => contacts.find(id));
  const factsPort: FactsPort = {
    documentKinds: async (itemId) => (await factsOfItem(itemId)).documents,
    paymentTotals: async (itemId) => (await factsOfItem(itemId)).payments,
    nextWorkDate: (query) => facts.nextWorkDate(query),
  };
  // A payment written in the transaction changes the totals conditions read.
  const paymentsChanged = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write;
    } finally {
      factsOfItem.clear();
    }
  };
  /**
   * What the savepoint's work holds back is written before it ends; when it fails, the entries it
   * held are dropped and everything remembered is forgotten, as the rows are rolled back.
   */
  const savepoint: EngineTx['savepoint'] = async (work) => {
    await journal.flush();
    try {
      return await withSavepoint(db, async () => {
        const result = await work();
        await journal.flush();
        return result;
      });
    } catch (error) {
      journal.discard();
      items.forget();
      factsOfItem.clear();
      findUser.clear();
      findContact.clear();
      throw error;
    }
  };
  const tx: EngineTx = {
    ...common,
    savepoint,
    contacts: {
      find: findContact,
      findByEmail: (email) => contacts.findByEmail(email),
      findByPhone: (phone) => contacts.findByPhone(phone),
      findByChat: (chat) => contacts.findByChat(chat),
      addChat: (contactId, chat) => contacts.addChat(contactId, chat),
      create: (input, now) => contacts.create(input, now),
      update: (id, changes, expectedVersion, now) => {
        findContact.clear();
        return contacts.update(id, changes, expectedVersion, now);
      },
    },
    items,
    itemWrites: items,
    pipelines: { find: (id) => rules.findPipeline(id) },
    users: { find: findUser },
    facts: factsPort,
    rules,
    payments: {
      find: (id) => payments.find(id),
      record: (input, now) => paymentsChanged(payments.record(input, now)),
      update: (id, changes) => paymentsChanged(payments.update(id, changes)),
      delete: (id) => paymentsChanged(payments.delete(id)),
    },
  };
  return { tx, flush: () => journal.flush() };
}

export function createEngineStore(
  db: Kysely<Database>,
  ids: IdGenerator,
  capabilities: Capabilities,
  phones: PhoneNumbers,
): EngineStore {
  // The rules this process has read, for as long as the database's rule version stays the same.
  const cache = new RuleCache();
  const run = async <T>(handle: Kysely<Database>, work: (tx: EngineTx) => Promise<T>, joined: boolean) => {
    const { tx, flush } = engineTx(handle, ids, capabilities, phones, cache, true);
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      // A joined transaction has no savepoint: what the work wrote before failing stays with the
      // outer one, and so must its journal. A transaction of its own rolls back whole.
      if (joined) await flush();
      throw error;
    }
    await flush();
    return result;
  };
  // A transaction inside a transaction joins it: an engine step started by an action (a move,
  // a new item) commits with the run that caused it.
  const transaction: EngineStore['transaction'] = (work) =>
    db.isTransaction ? run(db, work, true) : db.transaction().execute((trx) => run(trx, work, false));
  // SQLite writes through one connection and syncs at every commit; PostgreSQL commits on many
  // connections at once and folds their syncs itself.
  const group = capabilities.dialect === 'sqlite' && !db.isTransaction ? new CommitGroup(db) : undefined;
  return {
    transaction,
    grouped: (work) => (group === undefined ? transaction(work) : group.run((trx) => run(trx, work, false))),
    direct: () => engineTx(db, ids, capabilities, phones, cache, false).tx,
    isTransient: isTransientDatabaseError,
  };
}
