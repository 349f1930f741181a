import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestStore, DIALECTS, TEST_START, type TestStore } from '../../../test/support/harness.ts';
import { PhoneNumbers } from '../../domain/phone-numbers.ts';
import { uuidv7 } from '../ids.ts';
import { migrateToLatest } from '../migrate.ts';
import { createRepositories, type Repositories } from './index.ts';

for (const dialect of DIALECTS) {
  describe(`items repository: open items per responsible user (${dialect})`, () => {
    let testStore: TestStore;
    let repos: Repositories;

    before(async () => {
      testStore = await createTestStore(dialect);
      await migrateToLatest(testStore.store);
      repos = createRepositories(testStore.store.db, uuidv7, new PhoneNumbers());
    });
    after(() => testStore.cleanup());

    test('counts items in open stages of the pipeline, per user, without the excluded item', async () => {
      const user = (name: string) =>
        repos.users.create({ name, email: `${name}-${uuidv7()}@example.com`, role: 'manager' }, TEST_START);
      const [anna, boris, vera] = [await user('anna'), await user('boris'), await user('vera')];
      const leads = await repos.pipelines.create(
        {
          name: 'Leads',
          entityType: 'lead',
          stages: [{ name: 'New' }, { name: 'Call' }, { name: 'Qualified', semantics: 'won' }],
        },
        TEST_START,
      );
      const other = await repos.pipelines.create(
        { name: 'Other', entityType: 'deal', stages: [{ name: 'New' }] },
        TEST_START,
      );
      const [fresh, call, won] = leads.stages.map((stage) => stage.id) as [string, string, string];
      const item = (pipelineId: string, stageId: string, responsibleId: string | null) =>
        repos.items.create({ pipelineId, stageId, title: 'Lead', responsibleId }, TEST_START);
      const current = await item(leads.id, fresh, anna.id);
      await item(leads.id, call, anna.id);
      await item(leads.id, fresh, boris.id);
      await item(leads.id, call, boris.id);
      await item(leads.id, won, vera.id);
      await item(leads.id, won, vera.id);
      await item(other.id, other.stages[0]?.id ?? '', vera.id);
      await item(leads.id, fresh, null);

      const counts = await repos.items.openItemCounts(leads.id, [anna.id, boris.id, vera.id], current.id);
      assert.deepEqual(Object.fromEntries(counts), { [anna.id]: 1, [boris.id]: 2, [vera.id]: 0 });
      const withCurrent = await repos.items.openItemCounts(leads.id, [anna.id]);
      assert.equal(withCurrent.get(anna.id), 2);
      assert.equal((await repos.items.openItemCounts(leads.id, [])).size, 0);
    });
  });
}
