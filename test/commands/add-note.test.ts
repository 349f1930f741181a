import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addNote } from '../../src/automation/commands/add-note.ts';
import { type CommandBench, openCommandBench } from '../support/command-bench.ts';
import { DIALECTS } from '../support/harness.ts';

const person = { type: 'user', id: null } as const;

for (const dialect of DIALECTS) {
  describe(`add a note (${dialect})`, () => {
    let b: CommandBench;
    before(async () => {
      b = await openCommandBench(dialect);
    });
    after(() => b.close());

    test("a note is written to the item's timeline as its author's, waking nobody", async () => {
      const { item } = await b.placeItem();
      b.wakes.length = 0;
      const entry = await addNote(b.context, { itemId: item.id, text: 'Called, no answer' }, person);
      assert.equal(entry.kind, 'note');
      assert.deepEqual([entry.authorType, entry.authorId], ['user', null]);
      const timeline = await b.repos.timeline.listForItem(item.id, {});
      assert.deepEqual(
        timeline.data.filter((e) => e.kind === 'note').map((e) => e.text),
        ['Called, no answer'],
      );
      assert.deepEqual(b.wakes, []);
    });

    test('a note for an unknown item is not found', async () => {
      await assert.rejects(addNote(b.context, { itemId: 'missing', text: 'Hello' }, person), {
        code: 'item_not_found',
      });
    });
  });
}
