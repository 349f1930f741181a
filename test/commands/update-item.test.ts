import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordPayment } from '../../src/automation/commands/record-payment.ts';
import { itemUpdate } from '../../src/automation/commands/update-item.ts';
import { updateRecord } from '../../src/automation/commands/update-record.ts';
import { type CommandBench, invalidAt, openCommandBench } from '../support/command-bench.ts';
import { DIALECTS } from '../support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`update an item (${dialect})`, () => {
    let b: CommandBench;
    before(async () => {
      b = await openCommandBench(dialect);
    });
    after(() => b.close());

    test('writes the change with one item.field_changed naming each changed path, then wakes the runner', async () => {
      const { item } = await b.placeItem();
      b.wakes.length = 0;
      const updated = await updateRecord(b.context, itemUpdate, {
        id: item.id,
        changes: { title: 'Renamed', amountMinor: 250_000, fields: { city: 'Kazan' } },
        expectedVersion: item.version,
      });
      assert.equal(updated.title, 'Renamed');
      assert.equal(updated.amount, '2500.00');
      assert.equal(updated.version, item.version + 1);
      const events = (await b.events('item.field_changed')).filter((e) => e.subject['itemId'] === item.id);
      assert.equal(events.length, 1);
      assert.equal(events[0]?.source, 'stageflow');
      assert.deepEqual(events[0]?.data, { fields: ['item.title', 'item.amount', 'item.fields.city'] });
      assert.deepEqual(b.wakes, ['events']);
    });

    test('a change that changes nothing writes no event', async () => {
      const { item } = await b.placeItem();
      await updateRecord(b.context, itemUpdate, { id: item.id, changes: { title: item.title } });
      const events = (await b.events('item.field_changed')).filter((e) => e.subject['itemId'] === item.id);
      assert.equal(events.length, 0);
    });

    test('an item with payments keeps its currency: refused, nothing written, nobody woken', async () => {
      const { item } = await b.placeItem();
      await recordPayment(
        b.context,
        { itemId: item.id, amountMinor: 100 },
        { author: { type: 'system', id: null }, at: '/body' },
      );
      b.wakes.length = 0;
      await assert.rejects(
        updateRecord(b.context, itemUpdate, { id: item.id, changes: { currency: 'EUR', title: 'Euro' } }),
        invalidAt('/body/currency'),
      );
      const stored = await b.repos.items.getOrThrow(item.id);
      assert.equal(stored.currency, 'USD');
      assert.equal(stored.title, 'Deal');
      assert.deepEqual(b.wakes, []);
    });

    test('an unknown contact or user is refused naming its field', async () => {
      const { item } = await b.placeItem();
      await assert.rejects(
        updateRecord(b.context, itemUpdate, { id: item.id, changes: { contactId: 'nope' } }),
        invalidAt('/body/contactId'),
      );
      await assert.rejects(
        updateRecord(b.context, itemUpdate, { id: item.id, changes: { responsibleId: 'nope' } }),
        invalidAt('/body/responsibleId'),
      );
    });

    test('an unknown item is not found, and a stale version is a conflict', async () => {
      await assert.rejects(updateRecord(b.context, itemUpdate, { id: 'missing', changes: { title: 'X' } }), {
        code: 'item_not_found',
      });
      const { item } = await b.placeItem();
      await assert.rejects(
        updateRecord(b.context, itemUpdate, {
          id: item.id,
          changes: { title: 'X' },
          expectedVersion: item.version + 5,
        }),
        { kind: 'conflict' },
      );
      const events = (await b.events('item.field_changed')).filter((e) => e.subject['itemId'] === item.id);
      assert.equal(events.length, 0);
    });
  });
}
