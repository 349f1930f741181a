import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createItem } from '../../src/automation/commands/create-item.ts';
import { type CommandBench, invalidAt, openCommandBench } from '../support/command-bench.ts';
import { DIALECTS } from '../support/harness.ts';

const person = { type: 'user', id: null } as const;

for (const dialect of DIALECTS) {
  describe(`create an item (${dialect})`, () => {
    let b: CommandBench;
    before(async () => {
      b = await openCommandBench(dialect);
    });
    after(() => b.close());

    test('the item enters its stage with its item.created, then both runners are woken', async () => {
      const { pipelineId, stageIds } = await b.placeItem();
      b.wakes.length = 0;
      const item = await createItem(
        b.context,
        { pipelineId, stageId: stageIds[1], title: 'New deal' },
        person,
      );
      assert.equal(item.stageId, stageIds[1]);
      const events = (await b.events('item.created')).filter((e) => e.subject['itemId'] === item.id);
      assert.equal(events.length, 1);
      assert.deepEqual(b.wakes, ['events', 'runs']);
    });

    test('an unknown contact or responsible user is refused before anything is written', async () => {
      const { pipelineId } = await b.placeItem();
      for (const [input, field] of [
        [{ contactId: 'nope' }, '/body/contactId'],
        [{ responsibleId: 'nope' }, '/body/responsibleId'],
      ] as const) {
        b.wakes.length = 0;
        await assert.rejects(
          createItem(b.context, { pipelineId, title: 'Orphan', ...input }, person),
          invalidAt(field),
        );
        assert.deepEqual(b.wakes, []);
      }
      const listed = await b.repos.items.list({ pipelineId }, {});
      assert.deepEqual(
        listed.data.map((item) => item.title),
        ['Deal'],
      );
    });
  });
}
