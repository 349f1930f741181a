import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDocument, documentUpdate } from '../../src/automation/commands/save-document.ts';
import { updateRecord } from '../../src/automation/commands/update-record.ts';
import { type CommandBench, invalidAt, openCommandBench } from '../support/command-bench.ts';
import { DIALECTS } from '../support/harness.ts';

const person = { type: 'user', id: null } as const;

for (const dialect of DIALECTS) {
  describe(`save a document (${dialect})`, () => {
    let b: CommandBench;
    before(async () => {
      b = await openCommandBench(dialect);
    });
    after(() => b.close());

    const eventsOf = async (documentId: string) =>
      (await b.events('document.created', 'document.posted')).filter(
        (e) => e.data['documentId'] === documentId,
      );

    test("a document of an item takes the item's amount and currency, with its timeline entry and event", async () => {
      const { item } = await b.placeItem();
      b.wakes.length = 0;
      const document = await createDocument(
        b.context,
        { itemId: item.id, kind: 'invoice', number: 'INV-1' },
        person,
      );
      assert.equal(document.amount, '1000.00');
      assert.equal(document.currency, 'USD');
      assert.equal(document.status, 'draft');
      const events = await eventsOf(document.id);
      assert.deepEqual(
        events.map((e) => [e.type, e.subject]),
        [['document.created', { itemId: item.id }]],
      );
      const timeline = await b.repos.timeline.listForItem(item.id, {});
      const entry = timeline.data.find((e) => e.kind === 'document_created');
      assert.equal(entry?.text, 'Document invoice INV-1 created for 1000.00 USD');
      assert.deepEqual(b.wakes, ['events']);
    });

    test('a document posted at once has both events; one of no item has none', async () => {
      const { item } = await b.placeItem();
      const posted = await createDocument(
        b.context,
        { itemId: item.id, kind: 'act', number: 'A-1', amountMinor: 500, status: 'posted' },
        person,
      );
      assert.equal(posted.amount, '5.00');
      assert.deepEqual(
        (await eventsOf(posted.id)).map((e) => e.type),
        ['document.created', 'document.posted'],
      );
      const loose = await createDocument(b.context, { kind: 'act', number: 'A-2' }, person);
      assert.equal(loose.itemId, null);
      assert.equal(loose.amount, '0.00');
      assert.deepEqual(await eventsOf(loose.id), []);
    });

    test('an unknown item is refused and nothing is written', async () => {
      await assert.rejects(
        createDocument(b.context, { itemId: 'nope', kind: 'invoice', number: 'X-1' }, person),
        invalidAt('/body/itemId'),
      );
      const listed = await b.repos.documents.list({ kind: 'invoice' }, {});
      assert.ok(listed.data.every((d) => d.number !== 'X-1'));
    });

    test('becoming posted writes document.posted once and wakes the runner; other changes write and wake nothing', async () => {
      const { item } = await b.placeItem();
      const document = await createDocument(
        b.context,
        { itemId: item.id, kind: 'invoice', number: 'INV-2' },
        person,
      );
      const renamed = await updateRecord(b.context, documentUpdate, {
        id: document.id,
        changes: { number: 'INV-2a' },
        expectedVersion: document.version,
      });
      assert.equal(renamed.number, 'INV-2a');
      b.wakes.length = 0;
      await updateRecord(b.context, documentUpdate, { id: document.id, changes: { status: 'posted' } });
      await updateRecord(b.context, documentUpdate, { id: document.id, changes: { amountMinor: 700 } });
      assert.deepEqual(
        (await eventsOf(document.id)).map((e) => e.type),
        ['document.created', 'document.posted'],
      );
      assert.deepEqual(b.wakes, ['events']);
    });

    test('an unknown document is not found, and a stale version is a conflict', async () => {
      await assert.rejects(updateRecord(b.context, documentUpdate, { id: 'missing', changes: {} }), {
        code: 'document_not_found',
      });
      const document = await createDocument(b.context, { kind: 'act', number: 'A-3' }, person);
      await assert.rejects(
        updateRecord(b.context, documentUpdate, {
          id: document.id,
          changes: { status: 'posted' },
          expectedVersion: 9,
        }),
        { code: 'stale_version' },
      );
    });
  });
}
