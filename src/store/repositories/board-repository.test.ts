import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { createTestStore, DIALECTS, TEST_START } from '../../../test/support/harness.ts';
import { PhoneNumbers } from '../../domain/phone-numbers.ts';
import { uuidv7 } from '../ids.ts';
import { migrateToLatest } from '../migrate.ts';
import { BoardRepository } from './board-repository.ts';
import { createRepositories } from './index.ts';

/** Counts the statements sent through the database handle it is plugged into. */
class StatementCounter implements KyselyPlugin {
  statements = 0;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    this.statements += 1;
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

for (const dialect of DIALECTS) {
  describe(`board repository (${dialect})`, () => {
    test('a board costs the same number of statements with 1 card and with 60', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      try {
        await migrateToLatest(store);
        const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
        const pipeline = await repos.pipelines.create(
          { name: 'Deals', entityType: 'deal', stages: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] },
          TEST_START,
        );
        const counter = new StatementCounter();
        const boards = new BoardRepository(store.db.withPlugin(counter));
        const cost = async () => {
          counter.statements = 0;
          const board = await boards.board(pipeline.id, {}, TEST_START);
          return { statements: counter.statements, cards: board.columns.flatMap((c) => c.items).length };
        };
        const add = async (index: number) => {
          const stage = pipeline.stages[index % 3];
          assert.ok(stage);
          const contact = await repos.contacts.create({ name: `Contact ${index}` }, TEST_START);
          const item = await repos.items.create(
            { pipelineId: pipeline.id, stageId: stage.id, title: `Deal ${index}`, contactId: contact.id },
            TEST_START,
          );
          await repos.tasks.create({ title: 'Call', itemId: item.id }, TEST_START);
        };
        await add(0);
        const one = await cost();
        for (let index = 1; index < 60; index += 1) await add(index);
        const many = await cost();
        assert.deepEqual([one.cards, many.cards], [1, 60]);
        assert.equal(many.statements, one.statements, 'no statement per card');
      } finally {
        await cleanup();
      }
    });
  });
}
