import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';
import { itemWithTrigger, stageOf } from './reach-support.ts';

for (const dialect of DIALECTS) {
  describe(`document share links (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    async function sharedDocument(number: string, body?: unknown) {
      const placed = await itemWithTrigger(t, 'document.viewed');
      const document = await t.request({
        method: 'POST',
        url: '/api/v1/documents',
        body: { itemId: placed.itemId, kind: 'invoice', number, amount: '1000.00', currency: 'USD' },
      });
      assert.equal(document.status, 201, JSON.stringify(document.body));
      const share = await t.request({
        method: 'POST',
        url: `/api/v1/documents/${document.body.id}/share`,
        as: 'manager',
        body,
      });
      return { placed, documentId: document.body.id as string, share };
    }
    const viewedEvents = () =>
      t.context.store.db
        .selectFrom('events')
        .select(['id', 'data'])
        .where('type', '=', 'document.viewed')
        .execute();

    test('viewing a share link shows the document escaped and fires a document.viewed trigger once per link', async () => {
      const { placed, documentId, share } = await sharedDocument('INV-<1>&"2"');
      assert.equal(share.status, 201, JSON.stringify(share.body));
      assert.match(share.body.url, /\/d\/sfd_/);
      const path = new URL(share.body.url).pathname;
      const page = await t.app.inject({ method: 'GET', url: path });
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /INV-&#60;1&#62;&#38;&#34;2&#34;/);
      assert.doesNotMatch(page.body, /INV-<1>/);
      // The page is the invoice's shipped template: money in groups of thousands.
      assert.match(page.body, /1 000\.00 USD/);
      await t.automation.runner.drain();
      assert.equal(await stageOf(t, placed.itemId), placed.stageIds[1]);
      await t.app.inject({ method: 'GET', url: path });
      const events = (await viewedEvents()).filter((e) => JSON.stringify(e.data).includes(documentId));
      assert.equal(events.length, 1, 'a second view is counted, not a new event');
    });

    test('a forged token and an expired link answer 404', async () => {
      const forged = await t.app.inject({ method: 'GET', url: '/d/sfd_forged-token' });
      assert.equal(forged.statusCode, 404);
      assert.match(forged.body, /share_link_unknown/);
      const { share } = await sharedDocument('INV-2', { expiresIn: 'PT1H' });
      assert.ok(share.body.expiresAt);
      await t.advance('PT2H');
      const expired = await t.app.inject({ method: 'GET', url: new URL(share.body.url).pathname });
      assert.equal(expired.statusCode, 404);
    });

    test('a bad expiry is a 400 naming the field; viewers may not share', async () => {
      const { documentId, share } = await sharedDocument('INV-3', { expiresIn: 'soon' });
      assert.equal(share.status, 400);
      assert.equal(share.body.errors[0].field, '/body/expiresIn');
      const viewer = await t.request({
        method: 'POST',
        url: `/api/v1/documents/${documentId}/share`,
        as: 'viewer',
      });
      assert.equal(viewer.status, 403);
      const missing = await t.request({ method: 'POST', url: '/api/v1/documents/nope/share' });
      assert.equal(missing.status, 404);
    });
  });
}
