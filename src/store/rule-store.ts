import type { Kysely } from 'kysely';
import type { RuleStore, RuleTx } from '../automation/rule-ports.ts';
import type { IdGenerator } from '../domain/clock.ts';
import { DocumentTemplatesRepository } from './repositories/document-templates-repository.ts';
import { PipelinesRepository } from './repositories/pipelines-repository.ts';
import { RevisionsRepository } from './repositories/revisions-repository.ts';
import { RulesRepository } from './repositories/rules-repository.ts';
import { UsersRepository } from './repositories/users-repository.ts';
import type { Database } from './schema.ts';

function ruleTx(db: Kysely<Database>, ids: IdGenerator): RuleTx {
  return {
    rules: new RulesRepository(db, ids),
    pipelines: new PipelinesRepository(db, ids),
    users: new UsersRepository(db, ids),
    documentTemplates: new DocumentTemplatesRepository(db, ids),
    revisions: new RevisionsRepository(db, ids),
  };
}

/** The rule commands' ports over the store's repositories: each command is one transaction. */
export function createRuleStore(db: Kysely<Database>, ids: IdGenerator): RuleStore {
  return {
    transaction: (work) =>
      db.isTransaction ? work(ruleTx(db, ids)) : db.transaction().execute((trx) => work(ruleTx(trx, ids))),
  };
}
