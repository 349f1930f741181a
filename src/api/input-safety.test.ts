import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Placed, placeItem } from '../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../test/support/harness.ts';
import { MAX_JSON_DEPTH } from '../domain/storable-input.ts';

interface Raw {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: string;
  /** Sent as it is: JSON text keeps its \u escapes, which a JS string would already have decoded. */
  readonly payload?: string;
  readonly headers?: Record<string, string>;
  readonly token?: boolean;
}

const nested = (levels: number): string => `${'['.repeat(levels - 1)}"deep"${']'.repeat(levels - 1)}`;

for (const dialect of DIALECTS) {
  describe(`input the databases cannot store is refused at the edge (${dialect})`, () => {
    let t: TestApp;
    let placed: Placed;
    before(async () => {
      t = await createTestApp(dialect);
      placed = await placeItem(t);
    });
    after(() => t.close());

    const send = async ({ method, url, payload, headers = {}, token = true }: Raw) => {
      const response = await t.app.inject({
        method,
        url,
        headers: {
          ...(token && { authorization: `Bearer ${t.tokens.admin}` }),
          ...(payload !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(payload !== undefined && { payload }),
      });
      await t.automation.worker.drain();
      return { status: response.statusCode, body: JSON.parse(response.body || 'null') };
    };
    const counts = async () => {
      const items = await t.request({ method: 'GET', url: '/api/v1/items?limit=200' });
      const journal = await t.request({
        method: 'GET',
        url: `/api/v1/items/${placed.itemId}/journal?limit=200`,
      });
      return [items.body.data.length, journal.body.data.length];
    };
    const refused = async (request: Raw, field: string, code = 'unstorable_text') => {
      const response = await send(request);
      const label = `${request.method} ${request.url} ${request.payload?.slice(0, 80) ?? ''}`;
      assert.equal(response.status, 400, `${label}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.code, code, label);
      assert.equal(response.body.errors[0].field, field, label);
    };

    test('public endpoints without a token: NUL in the path, the query and the body', async () => {
      const before = await counts();
      await refused({ method: 'GET', url: '/t/c/ab%00c', token: false }, '/params/token');
      await refused({ method: 'GET', url: '/t/o/ab%00c', token: false }, '/params/token');
      await refused({ method: 'GET', url: '/d/ab%00c', token: false }, '/params/token');
      await refused({ method: 'GET', url: '/f/ab%00c', token: false }, '/params/formId');
      await refused(
        { method: 'POST', url: '/hooks/ab%00c', payload: '{"itemId":"x"}', token: false },
        '/params/token',
      );
      await refused(
        {
          method: 'POST',
          url: `/f/${placed.pipelineId}`,
          payload: 'name=Maria%00&_token=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          token: false,
        },
        '/body/name',
      );
      await refused(
        {
          method: 'POST',
          url: '/t/v',
          payload: '{"visitor":"sfv_x","url":"https://shop.example/\\u0000"}',
          headers: { 'content-type': 'text/plain' },
          token: false,
        },
        '/body/url',
      );
      assert.deepEqual(await counts(), before);
    });

    test('API input: item fields and names, event ids and data, headers, query and path', async () => {
      const before = await counts();
      const item = (rest: string) => `{"pipelineId":"${placed.pipelineId}",${rest}}`;
      await refused({ method: 'GET', url: '/api/v1/contacts?email=%00' }, '/querystring/email');
      await refused({ method: 'GET', url: '/api/v1/items/a%00b' }, '/params/id');
      await refused(
        { method: 'POST', url: '/api/v1/items', payload: item('"title":"a\\u0000b"') },
        '/body/title',
      );
      await refused(
        { method: 'POST', url: '/api/v1/items', payload: item('"title":"a\\ud800b"') },
        '/body/title',
      );
      await refused(
        { method: 'POST', url: '/api/v1/items', payload: item('"title":"\\udc00"') },
        '/body/title',
      );
      await refused(
        {
          method: 'POST',
          url: '/api/v1/items',
          payload: item('"title":"t","fields":{"note":["ok","\\u0000"]}'),
        },
        '/body/fields/note/1',
      );
      await refused(
        { method: 'POST', url: '/api/v1/items', payload: item('"title":"t","fields":{"a\\u0000":1}') },
        '/body/fields/a\u0000',
      );
      await refused(
        { method: 'PATCH', url: `/api/v1/items/${placed.itemId}`, payload: '{"title":"\\u0000"}' },
        '/body/title',
      );
      const event = (id: string, data: string) =>
        `{"id":"${id}","type":"email.received","subject":{"itemId":"${placed.itemId}"},"data":${data}}`;
      await refused(
        { method: 'POST', url: '/api/v1/events', payload: event('e\\u0000', '{"from":"a@b.example"}') },
        '/body/id',
      );
      await refused(
        {
          method: 'POST',
          url: '/api/v1/events',
          payload: event('e1', '{"from":"a@b.example","subject":"\\ud83d"}'),
        },
        '/body/data/subject',
      );
      await refused(
        {
          method: 'POST',
          url: '/api/v1/events',
          payload: '{"from":"a@b.example"}',
          headers: {
            'ce-specversion': '1.0',
            'ce-id': 'call%00',
            'ce-source': '/pbx',
            'ce-type': 'email.received',
            'ce-subject': `item:${placed.itemId}`,
          },
        },
        '/headers/ce-id',
        'invalid_cloudevent',
      );
      // Raw mail: a NUL byte as sent, or one that only its transfer encoding (=00) produces.
      const mail = (body: string) =>
        [
          'From: Maria <maria@romashka.example>',
          'To: sales@example.com',
          'Subject: Quote',
          `Message-ID: <nul-${body.length}@romashka.example>`,
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          body,
          '',
        ].join('\r\n');
      const rfc822 = { 'content-type': 'message/rfc822' };
      await refused(
        { method: 'POST', url: '/api/v1/inbound/email', payload: mail('a\u0000b'), headers: rfc822 },
        '/body',
      );
      await refused(
        { method: 'POST', url: '/api/v1/inbound/email', payload: mail('Hello=00'), headers: rfc822 },
        '/body/text',
      );
      const stored = await t.context.store.db
        .selectFrom('events')
        .select('id')
        .where('type', '=', 'email.received')
        .execute();
      assert.deepEqual(stored, []);
      assert.deepEqual(await counts(), before);
      // A well-formed pair is taken: only lone halves are refused.
      const emoji = await send({
        method: 'POST',
        url: '/api/v1/items',
        payload: item('"title":"\\ud83d\\ude00"'),
      });
      assert.equal(emoji.status, 201, JSON.stringify(emoji.body));
      assert.equal(emoji.body.title, '😀');
    });

    test(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is refused with a 400 that names the limit`, async () => {
      const before = await counts();
      // A title like "e100" looks like a long exponent, which makes the body be read a second
      // time for exact numbers; the depth limit must hold on that path too.
      const cases = [MAX_JSON_DEPTH, 1_000, 10_000, 200_000].flatMap((levels) => [
        { levels, title: 't' },
        { levels, title: 'e100' },
      ]);
      for (const { levels, title } of cases) {
        const response = await send({
          method: 'POST',
          url: '/api/v1/items',
          // The body object and `fields` are two levels already.
          payload: `{"pipelineId":"${placed.pipelineId}","title":"${title}","fields":{"a":${nested(levels)}}}`,
        });
        assert.equal(response.status, 400, `${levels} levels: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.code, 'json_too_deep');
        assert.equal(response.body.maxDepth, MAX_JSON_DEPTH);
        assert.match(response.body.errors[0].field, /^\/body\/fields\/a(\/0)+$/);
        assert.match(response.body.errors[0].message, new RegExp(`at most ${MAX_JSON_DEPTH} levels`));
      }
      const events = await send({
        method: 'POST',
        url: '/api/v1/events',
        payload: `{"id":"deep","type":"email.received","subject":{"itemId":"${placed.itemId}"},"data":{"from":"a@b.example","x":${nested(1000)}}}`,
      });
      assert.equal(events.body.code, 'json_too_deep');
      assert.deepEqual(await counts(), before);
      const deepest = await send({
        method: 'POST',
        url: '/api/v1/items',
        payload: `{"pipelineId":"${placed.pipelineId}","title":"t","fields":{"a":${nested(MAX_JSON_DEPTH - 1)}}}`,
      });
      assert.equal(deepest.status, 201, JSON.stringify(deepest.body).slice(0, 300));
    });
  });
}
