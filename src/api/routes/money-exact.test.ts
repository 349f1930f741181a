import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { MAX_MONEY_TEXT } from '../../domain/money.ts';

for (const dialect of DIALECTS) {
  describe(`money is exact from the request to the template (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    let stageIds: string[];
    before(async () => {
      t = await createTestApp(dialect);
      ({ id: pipelineId, stageIds } = await createPipeline(t, ['New', 'Quoted']));
    });
    after(() => t.close());

    const createItem = (amount: unknown) =>
      t.request({ method: 'POST', url: '/api/v1/items', body: { pipelineId, title: 'Deal', amount } });
    const itemCount = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/items?limit=200' })).body.data.length as number;

    test(`the largest amount, ${MAX_MONEY_TEXT}, is stored and read back exactly, also as a payment`, async () => {
      const created = await createItem(MAX_MONEY_TEXT);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.amount, MAX_MONEY_TEXT);
      const paid = await t.request({
        method: 'POST',
        url: '/api/v1/payments',
        body: { itemId: created.body.id, amount: MAX_MONEY_TEXT },
      });
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      assert.equal(paid.body.amount, MAX_MONEY_TEXT);
      const read = await t.request({ method: 'GET', url: `/api/v1/items/${created.body.id}` });
      assert.deepEqual([read.body.amount, read.body.paidAmount], [MAX_MONEY_TEXT, MAX_MONEY_TEXT]);
      const negative = await createItem('-0.01');
      assert.equal(negative.status, 400, 'the schema takes it, the item refuses negatives');
    });

    test('an amount beyond the range is refused by the schema with the range, not "two decimals"', async () => {
      const before = await itemCount();
      for (const amount of ['99999999999999.99', '10000000000000']) {
        const response = await createItem(amount);
        assert.equal(response.status, 400, amount);
        assert.equal(response.body.errors[0].field, '/body/amount');
        assert.match(response.body.errors[0].message, new RegExp(`to ${MAX_MONEY_TEXT.replace('.', '\\.')}`));
      }
      assert.equal(await itemCount(), before);
    });

    test('a JSON number for money is refused everywhere with a 400 that says to send a string', async () => {
      const before = await itemCount();
      const item = (await createItem('10.00')).body;
      const calls = [
        { method: 'POST', url: '/api/v1/items', body: { pipelineId, title: 'Deal', amount: 0.1 } },
        { method: 'PATCH', url: `/api/v1/items/${item.id}`, body: { amount: 150000.5 } },
        {
          method: 'POST',
          url: '/api/v1/documents',
          body: { itemId: item.id, kind: 'quote', number: '1', amount: 1 },
        },
        { method: 'POST', url: '/api/v1/payments', body: { itemId: item.id, amount: 5 } },
      ] as const;
      for (const call of calls) {
        const response = await t.request(call);
        assert.equal(response.status, 400, `${call.method} ${call.url}`);
        assert.equal(response.body.errors[0].field, '/body/amount');
        assert.match(response.body.errors[0].message, /must be a decimal string .*not a JSON number/);
      }
      assert.equal(await itemCount(), before + 1);
      const unchanged = await t.request({ method: 'GET', url: `/api/v1/items/${item.id}` });
      assert.deepEqual([unchanged.body.amount, unchanged.body.paidAmount], ['10.00', '0.00']);
    });

    test('a JSON number is read exactly or refused: one the parser would round is a 400 naming it', async () => {
      const before = await itemCount();
      const send = (url: string, payload: string, type = 'application/json') =>
        t.app.inject({
          method: 'POST',
          url,
          headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': type },
          payload,
        });
      const item = await send(
        '/api/v1/items',
        `{"pipelineId":"${pipelineId}","title":"T","fields":{"ratio":0.10000000000000001}}`,
      );
      const itemBody = JSON.parse(item.body);
      assert.equal(item.statusCode, 400, item.body);
      assert.equal(itemBody.code, 'inexact_number');
      assert.equal(itemBody.errors[0].field, '/body/fields/ratio');
      assert.match(itemBody.errors[0].message, /0\.10000000000000001.*send it as a string/);
      const payment = `{"id":"pay-inexact","type":"payment.received","subject":{"itemId":"x"},"data":{"amount":12345678901234.567,"currency":"USD"}}`;
      const event = JSON.parse((await send('/api/v1/events', payment)).body);
      assert.deepEqual([event.code, event.errors[0].field], ['inexact_number', '/body/data/amount']);
      const cloud = `{"specversion":"1.0","id":"c1","source":"/t","type":"payment.received","subject":"item:x","data":{"amount":9007199254740993}}`;
      const structured = JSON.parse(
        (await send('/api/v1/events', cloud, 'application/cloudevents+json')).body,
      );
      assert.deepEqual(
        [structured.code, structured.errors[0].field],
        ['inexact_number', '/body/data/amount'],
      );
      const huge = await send(
        '/api/v1/items',
        `{"pipelineId":"${pipelineId}","title":"T","fields":{"n":1e400}}`,
      );
      assert.deepEqual(
        [JSON.parse(huge.body).code, JSON.parse(huge.body).errors[0].field],
        ['inexact_number', '/body/fields/n'],
      );
      assert.equal(await itemCount(), before);
      // The shortest form of a double is its exact reading: taken as written.
      const exact = await send(
        '/api/v1/items',
        `{"pipelineId":"${pipelineId}","title":"T","fields":{"ratio":0.30000000000000004}}`,
      );
      assert.equal(exact.statusCode, 201, exact.body);
      assert.equal(JSON.parse(exact.body).fields.ratio, 0.30000000000000004);
    });

    test('templates print amounts as their exact decimals and still compare them as numbers', async () => {
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Amount in the history',
          stageId: stageIds[1],
          action: {
            type: 'add_timeline_entry',
            params: {
              text:
                '{{ item.amount }}|{{ item.paidAmount }}|{{ item.amount | money: item.currency }}|' +
                '{% if item.amount > 100000 %}big{% endif %}|{% if item.amount > item.paidAmount %}open{% endif %}|' +
                '{% if item.amount == 150000.5 %}equal{% endif %}|{{ item.amount | times: 2 }}',
            },
          },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      const texts: string[] = [];
      for (const [amount, paid] of [
        ['150000.50', '20000.00'],
        [MAX_MONEY_TEXT, '9.90'],
      ] as const) {
        const item = (await createItem(amount)).body;
        await t.request({ method: 'POST', url: '/api/v1/payments', body: { itemId: item.id, amount: paid } });
        const moved = await t.request({
          method: 'POST',
          url: `/api/v1/items/${item.id}/move`,
          body: { stageId: stageIds[1] },
        });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
        const timeline = await t.request({
          method: 'GET',
          url: `/api/v1/items/${item.id}/timeline?limit=200`,
        });
        const entry = timeline.body.data.find((e: { text: string }) => e.text.startsWith(amount));
        assert.ok(entry, JSON.stringify(timeline.body.data.map((e: { text: string }) => e.text)));
        texts.push(entry.text);
      }
      assert.deepEqual(texts, [
        '150000.50|20000.00|150 000.50 USD|big|open|equal|300001',
        `${MAX_MONEY_TEXT}|9.90|9 999 999 999 999.99 USD|big|open||19999999999999.98`,
      ]);
    });
  });
}
