import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Placed, placeItem } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`per-trigger webhooks (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    /** An item, a webhook.received trigger moving it on when data.status is "paid", and its URL. */
    async function hookedItem(): Promise<Placed & { triggerId: string; path: string }> {
      const placed = await placeItem(t);
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: {
          name: 'paid in the shop',
          stageId: placed.stageIds[1],
          eventType: 'webhook.received',
          filter: { field: 'event.data.status', op: 'eq', value: 'paid' },
        },
      });
      assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
      const issued = await rotate(trigger.body.id);
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      return { ...placed, triggerId: trigger.body.id, path: new URL(issued.body.url).pathname };
    }
    const rotate = (triggerId: string, body: unknown = {}, as: 'admin' | 'manager' = 'admin') =>
      t.request({ method: 'POST', url: `/api/v1/triggers/${triggerId}/webhook-token`, body, as });
    const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      t.request({ method: 'POST', url: path, body, as: null, headers });
    const stageOf = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}` })).body.stageId;

    test("the hook's body fields reach the trigger's filter: only a matching call moves the item", async () => {
      const hooked = await hookedItem();
      assert.match(hooked.path, /^\/hooks\/wh_[\w-]{43}$/);
      const pending = await call(hooked.path, { itemId: hooked.itemId, status: 'pending' });
      assert.equal(pending.status, 202, JSON.stringify(pending.body));
      assert.equal(await stageOf(hooked.itemId), hooked.stageIds[0]);
      const paid = await call(hooked.path, { itemId: hooked.itemId, status: 'paid', order: { total: 12 } });
      assert.equal(paid.status, 202);
      assert.equal(paid.body.results[0].itemId, hooked.itemId);
      assert.equal(await stageOf(hooked.itemId), hooked.stageIds[1]);
      const journal = await t.request({
        method: 'GET',
        url: `/api/v1/items/${hooked.itemId}/journal?limit=200`,
      });
      const received = journal.body.data.filter((e: { kind: string }) => e.kind === 'event_received');
      assert.ok(received.some((e: { data?: { data?: { order?: unknown } } }) => e.data?.data?.order));
    });

    test("one trigger's URL fires that trigger only, not the pipeline's other webhook triggers", async () => {
      const hooked = await hookedItem();
      // A second webhook trigger of the same pipeline, with no filter: any call would move the item.
      const other = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'any call', stageId: hooked.stageIds[1], eventType: 'webhook.received' },
      });
      assert.equal(other.status, 201);
      await call(hooked.path, { itemId: hooked.itemId, status: 'pending' });
      assert.equal(await stageOf(hooked.itemId), hooked.stageIds[0]);
    });

    test('a forged token is answered 404 without a token and stores nothing', async () => {
      const hooked = await hookedItem();
      const forged = await call(`/hooks/wh_${'A'.repeat(43)}`, { itemId: hooked.itemId, status: 'paid' });
      assert.equal(forged.status, 404);
      assert.equal(forged.body.code, 'hook_not_found');
      assert.equal(await stageOf(hooked.itemId), hooked.stageIds[0]);
    });

    test('a rotated-out token keeps working for the grace period, then stops; the new one works', async () => {
      const hooked = await hookedItem();
      const rotated = await rotate(hooked.triggerId, { gracePeriod: 'PT1H' });
      assert.equal(rotated.status, 201);
      assert.equal(
        rotated.body.previousExpiresAt,
        new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
      );
      const fresh = new URL(rotated.body.url).pathname;
      assert.notEqual(fresh, hooked.path);
      assert.equal((await call(hooked.path, { itemId: hooked.itemId, status: 'x' })).status, 202);
      await t.advance('PT61M');
      assert.equal((await call(hooked.path, { itemId: hooked.itemId, status: 'x' })).status, 404);
      assert.equal((await call(fresh, { itemId: hooked.itemId, status: 'paid' })).status, 202);
      assert.equal(await stageOf(hooked.itemId), hooked.stageIds[1]);
    });

    test('without a grace period the replaced token works for 24 hours', async () => {
      const hooked = await hookedItem();
      await rotate(hooked.triggerId);
      await t.advance('PT23H');
      assert.equal((await call(hooked.path, { itemId: hooked.itemId })).status, 202);
      await t.advance('PT2H');
      assert.equal((await call(hooked.path, { itemId: hooked.itemId })).status, 404);
    });

    test('the same Idempotency-Key twice is one event', async () => {
      const hooked = await hookedItem();
      const headers = { 'idempotency-key': 'order-17' };
      const first = await call(hooked.path, { itemId: hooked.itemId, status: 'pending' }, headers);
      const second = await call(hooked.path, { itemId: hooked.itemId, status: 'paid' }, headers);
      assert.equal(first.body.results[0].status, 'accepted');
      assert.equal(second.body.results[0].status, 'duplicate');
      assert.equal(await stageOf(hooked.itemId), hooked.stageIds[0]);
    });

    test("a contact's email names its items in the trigger's pipeline", async () => {
      const hooked = await hookedItem();
      const contact = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        body: { name: 'Shop client', emails: ['client@shop.example'] },
      });
      await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${hooked.itemId}`,
        body: { contactId: contact.body.id, version: 1 },
      });
      const paid = await call(hooked.path, { email: 'Client@Shop.example', status: 'paid' });
      assert.equal(paid.status, 202, JSON.stringify(paid.body));
      assert.equal(await stageOf(hooked.itemId), hooked.stageIds[1]);
    });

    test('a body naming no item, or an item of another pipeline, is refused naming the field', async () => {
      const hooked = await hookedItem();
      const other = await placeItem(t);
      const nothing = await call(hooked.path, { status: 'paid' });
      assert.equal(nothing.status, 400);
      assert.equal(nothing.body.errors[0].field, '/body/itemId');
      const elsewhere = await call(hooked.path, { itemId: other.itemId, status: 'paid' });
      assert.equal(elsewhere.status, 404);
      assert.equal(elsewhere.body.errors[0].field, '/body/itemId');
      assert.equal(await stageOf(other.itemId), other.stageIds[0]);
      const array = await call(hooked.path, [1, 2]);
      assert.equal(array.status, 400);
    });

    test('only an admin issues URLs, only for webhook.received triggers, with a valid grace period', async () => {
      const hooked = await hookedItem();
      assert.equal((await rotate(hooked.triggerId, {}, 'manager')).status, 403);
      assert.equal(
        (await rotate(hooked.triggerId, { gracePeriod: 'P31D' })).body.errors[0].field,
        '/body/gracePeriod',
      );
      const placed = await placeItem(t);
      const calls = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'calls', stageId: placed.stageIds[1], eventType: 'call.missed' },
      });
      assert.equal((await rotate(calls.body.id)).status, 409);
      assert.equal((await rotate('no-such-trigger')).status, 404);
    });
  });
}
