import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placeItem } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`template preview API (${dialect})`, () => {
    let t: TestApp;
    let itemId: string;
    const preview = (body: Record<string, unknown>, as: 'admin' | 'manager' | 'viewer' = 'admin') =>
      t.request({ method: 'POST', url: '/api/v1/templates/preview', body: { itemId, ...body }, as });

    before(async () => {
      t = await createTestApp(dialect);
      itemId = (await placeItem(t)).itemId;
      await t.request({ method: 'PATCH', url: `/api/v1/items/${itemId}`, body: { title: 'Tom & <Jerry>' } });
    });
    after(() => t.close());

    test("renders each template over the item's facts", async () => {
      const response = await preview({
        templates: {
          subject: 'About {{ item.title }}',
          amount: '{{ item.amount | money }} {{ stage.name }}',
        },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body.results.subject, { text: 'About Tom & <Jerry>' });
      assert.match(response.body.results.amount.text, /1[\s,.]?000.*Stage 0$/);
    });

    test('names in html render as HTML, every output escaped', async () => {
      const response = await preview({
        templates: { html: '<p>{{ item.title }}</p>', text: '<p>{{ item.title }}</p>' },
        html: ['html'],
      });
      assert.deepEqual(response.body.results.html, { text: '<p>Tom &amp; &lt;Jerry&gt;</p>' });
      assert.deepEqual(response.body.results.text, { text: '<p>Tom & <Jerry></p>' });
    });

    test('a template that cannot be used answers its error with its line, the others their text', async () => {
      const response = await preview({
        templates: { broken: 'Hello\n{{ item.title ', unknown: '{{ item.titel }}', fine: 'ok' },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const { broken, unknown, fine } = response.body.results;
      assert.ok(broken.error, JSON.stringify(broken));
      assert.equal(broken.error.line, 2, broken.error.message);
      assert.match(unknown.error.message, /item\.titel/);
      assert.equal(unknown.error.line, 1);
      assert.deepEqual(fine, { text: 'ok' });
    });

    test("with a robot's timing before a meeting, the templates read the item's next meeting", async () => {
      const dueAt = new Date(t.clock.now().getTime() + 2 * 3_600_000).toISOString();
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/activities',
        body: { itemId, type: 'meeting', subject: 'Showroom visit', dueAt },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const templates = { title: 'Reminder: {{ activity.subject }} ({{ activity.type }})' };
      const timed = await preview({
        templates,
        timing: { kind: 'at', field: 'activity.start', activityType: 'meeting', offset: '-PT1H' },
      });
      assert.deepEqual(timed.body.results.title, { text: 'Reminder: Showroom visit (meeting)' });
      const untimed = await preview({ templates });
      assert.match(untimed.body.results.title.error.message, /only a robot timed against an activity/);
    });

    test('a sample event gives the event facts', async () => {
      const response = await preview({
        templates: { reply: 'Re: {{ event.data.subject }} ({{ event.type }})' },
        event: { type: 'email.received', data: { subject: 'Prices' } },
      });
      assert.deepEqual(response.body.results.reply, { text: 'Re: Prices (email.received)' });
    });

    test('an unknown item is 404, a body past the limits 400, and only admins may preview', async () => {
      const unknown = await t.request({
        method: 'POST',
        url: '/api/v1/templates/preview',
        body: { itemId: 'nope', templates: { a: 'x' } },
      });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'item_not_found');
      const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`t${i}`, 'x']));
      const tooMany = await preview({ templates: many });
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.errors[0].field, '/body/templates');
      const tooLong = await preview({ templates: { a: 'x'.repeat(20_001) } });
      assert.equal(tooLong.status, 400);
      assert.match(tooLong.body.errors[0].field, /^\/body\/templates/);
      assert.equal((await preview({ templates: { a: 'x' } }, 'manager')).status, 403);
    });
  });
}
