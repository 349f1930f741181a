import type { Kysely } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { PhoneNumbers } from '../../domain/phone-numbers.ts';
import type { Database } from '../schema.ts';
import { ActivitiesRepository } from './activities-repository.ts';
import { ApiTokensRepository } from './api-tokens-repository.ts';
import { ApprovalsRepository } from './approvals-repository.ts';
import { BankPaymentsRepository } from './bank-payments-repository.ts';
import { ContactsRepository } from './contacts-repository.ts';
import { DocumentSharesRepository } from './document-shares-repository.ts';
import { DocumentTemplatesRepository } from './document-templates-repository.ts';
import { DocumentsRepository } from './documents-repository.ts';
import { EventsRepository } from './events-repository.ts';
import { FormsRepository } from './forms-repository.ts';
import { InboundRepository } from './inbound-repository.ts';
import { ItemFilesRepository } from './item-files-repository.ts';
import { ItemsRepository } from './items-repository.ts';
import { MailRepository } from './mail-repository.ts';
import { NotificationsRepository } from './notifications-repository.ts';
import { PaymentsRepository } from './payments-repository.ts';
import { PipelinesRepository } from './pipelines-repository.ts';
import { RevisionsRepository } from './revisions-repository.ts';
import { RulesRepository } from './rules-repository.ts';
import { SessionsRepository } from './sessions-repository.ts';
import { SettingsRepository } from './settings-repository.ts';
import { SignInFailuresRepository } from './sign-in-failures-repository.ts';
import { SmsRepository } from './sms-repository.ts';
import { TasksRepository } from './tasks-repository.ts';
import { TimelineRepository } from './timeline-repository.ts';
import { UsersRepository } from './users-repository.ts';
import { VisitorsRepository } from './visitors-repository.ts';
import { WebhooksRepository } from './webhooks-repository.ts';

export interface Repositories {
  readonly activities: ActivitiesRepository;
  readonly apiTokens: ApiTokensRepository;
  readonly contacts: ContactsRepository;
  /** Share links that open one document to anyone holding them. */
  readonly documentShares: DocumentSharesRepository;
  readonly documents: DocumentsRepository;
  readonly documentTemplates: DocumentTemplatesRepository;
  readonly itemFiles: ItemFilesRepository;
  readonly events: EventsRepository;
  readonly forms: FormsRepository;
  readonly inbound: InboundRepository;
  readonly items: ItemsRepository;
  readonly mail: MailRepository;
  readonly notifications: NotificationsRepository;
  readonly payments: PaymentsRepository;
  /** Incoming payments read from bank statements. */
  readonly bankPayments: BankPaymentsRepository;
  /** Approvals asked by robots. */
  readonly approvals: ApprovalsRepository;
  readonly pipelines: PipelinesRepository;
  /** The history of rule changes. */
  readonly revisions: RevisionsRepository;
  readonly rules: RulesRepository;
  /** Signed-in browsers. */
  readonly sessions: SessionsRepository;
  /** State that outlives a restart: the manual clock. */
  readonly settings: SettingsRepository;
  /** Failed sign-in attempts, for the rate limit. */
  readonly signInFailures: SignInFailuresRepository;
  /** The SMS log, and without a provider the outbox. */
  readonly sms: SmsRepository;
  readonly tasks: TasksRepository;
  readonly timeline: TimelineRepository;
  readonly users: UsersRepository;
  /** Site visitors and their visits. */
  readonly visitors: VisitorsRepository;
  readonly webhooks: WebhooksRepository;
}

/**
 * Repositories over one database handle. Called with a transaction handle, the same repositories
 * write inside that transaction (see `Store.transaction`).
 */
export function createRepositories(
  db: Kysely<Database>,
  ids: IdGenerator,
  phones: PhoneNumbers,
): Repositories {
  return {
    activities: new ActivitiesRepository(db, ids),
    apiTokens: new ApiTokensRepository(db, ids),
    contacts: new ContactsRepository(db, ids, phones),
    documentShares: new DocumentSharesRepository(db),
    documents: new DocumentsRepository(db, ids),
    documentTemplates: new DocumentTemplatesRepository(db, ids),
    itemFiles: new ItemFilesRepository(db, ids),
    events: new EventsRepository(db),
    forms: new FormsRepository(db, ids),
    inbound: new InboundRepository(db, ids, phones),
    items: new ItemsRepository(db, ids, phones),
    mail: new MailRepository(db, ids),
    notifications: new NotificationsRepository(db, ids),
    payments: new PaymentsRepository(db, ids),
    bankPayments: new BankPaymentsRepository(db, ids),
    approvals: new ApprovalsRepository(db, ids),
    pipelines: new PipelinesRepository(db, ids),
    revisions: new RevisionsRepository(db, ids),
    rules: new RulesRepository(db, ids),
    sessions: new SessionsRepository(db),
    settings: new SettingsRepository(db),
    signInFailures: new SignInFailuresRepository(db),
    sms: new SmsRepository(db, ids),
    tasks: new TasksRepository(db, ids),
    timeline: new TimelineRepository(db, ids),
    users: new UsersRepository(db, ids),
    visitors: new VisitorsRepository(db),
    webhooks: new WebhooksRepository(db, ids),
  };
}

/** Runs `work` in one transaction: everything it writes through `repos` commits or none does. */
export function inTransaction<T>(
  db: Kysely<Database>,
  ids: IdGenerator,
  phones: PhoneNumbers,
  work: (repos: Repositories, trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute((trx) => work(createRepositories(trx, ids, phones), trx));
}
