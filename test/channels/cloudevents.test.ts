import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { CloudEvent, emitterFor, HTTP, httpTransport, type Message, Mode } from 'cloudevents';
import { type Placed, placeItem } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`CloudEvents on POST /api/v1/events (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    /** An item in the first stage, with a trigger on call.missed towards the second. */
    async function placeWithTrigger(): Promise<Placed> {
      const placed = await placeItem(t);
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'missed call', stageId: placed.stageIds[1], eventType: 'call.missed' },
      });
      assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
      return placed;
    }
    const stageOf = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}` })).body.stageId;
    const post = (message: Message, as: 'admin' | 'viewer' = 'admin') =>
      t.request({
        method: 'POST',
        url: '/api/v1/events',
        as,
        headers: message.headers as Record<string, string>,
        body: message.body,
      });
    const missedCall = (itemId: string, id: string, extra: Partial<Record<string, unknown>> = {}) =>
      new CloudEvent({
        id,
        source: '/telephony/pbx-1',
        type: 'call.missed',
        subject: `item:${itemId}`,
        data: { phone: '+15550100' },
        ...extra,
      });

    test('a structured-mode CloudEvent from the SDK fires the trigger; the same source and id again is a duplicate', async () => {
      const placed = await placeWithTrigger();
      const event = missedCall(placed.itemId, 'call-1');
      const first = await post(HTTP.structured(event));
      assert.equal(first.status, 202, JSON.stringify(first.body));
      assert.deepEqual(first.body, { id: 'ce:/telephony/pbx-1#call-1', status: 'accepted' });
      assert.equal(await stageOf(placed.itemId), placed.stageIds[1]);
      const again = await post(HTTP.structured(event));
      assert.deepEqual(again.body, { id: 'ce:/telephony/pbx-1#call-1', status: 'duplicate' });
      const other = await post(HTTP.structured(missedCall(placed.itemId, 'call-1', { source: '/pbx-2' })));
      assert.equal(other.body.status, 'accepted', 'the same id from another source is another event');
    });

    test('a binary-mode CloudEvent from the SDK (ce- headers, data as the body) fires the trigger', async () => {
      const placed = await placeWithTrigger();
      const message = HTTP.binary(missedCall(placed.itemId, 'call-2'));
      assert.equal(message.headers['ce-id'], 'call-2');
      const response = await post(message);
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.equal(response.body.id, 'ce:/telephony/pbx-1#call-2');
      assert.equal(await stageOf(placed.itemId), placed.stageIds[1]);
      const stored = await t.context.store.db
        .selectFrom('events')
        .select(['source', 'type'])
        .where('id', '=', 'ce:/telephony/pbx-1#call-2')
        .executeTakeFirstOrThrow();
      assert.deepEqual(stored, { source: 'cloudevents', type: 'call.missed' });
    });

    test('the SDK emitter in both modes reaches a listening server over HTTP', async () => {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/api/v1/events`;
      const headers = { authorization: `Bearer ${t.tokens.manager}` };
      for (const mode of [Mode.BINARY, Mode.STRUCTURED]) {
        const placed = await placeWithTrigger();
        const emit = emitterFor(httpTransport(url), { binding: HTTP, mode });
        const answer = (await emit(missedCall(placed.itemId, `wire-${mode}`), { headers })) as {
          body: string;
        };
        assert.deepEqual(JSON.parse(answer.body), {
          id: `ce:/telephony/pbx-1#wire-${mode}`,
          status: 'accepted',
        });
        await t.automation.runner.drain();
        assert.equal(await stageOf(placed.itemId), placed.stageIds[1], mode);
      }
    });

    test('a reverse-DNS type ending in .stageflow.<type> maps to the catalogue; subjects name contacts by email', async () => {
      const placed = await placeWithTrigger();
      const contact = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        body: { name: 'Ivan', emails: ['Ivan@Example.com'] },
      });
      assert.equal(contact.status, 201, JSON.stringify(contact.body));
      await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${placed.itemId}`,
        body: { contactId: contact.body.id, version: 1 },
      });
      const event = missedCall(placed.itemId, 'call-3', {
        type: 'com.example.stageflow.call.missed',
        subject: 'email:ivan@example.com',
      });
      const response = await post(HTTP.structured(event));
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.equal(await stageOf(placed.itemId), placed.stageIds[1]);
    });

    test('a structured batch answers each event', async () => {
      const placed = await placeWithTrigger();
      const events = [missedCall(placed.itemId, 'b-1'), missedCall(placed.itemId, 'b-2')];
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        headers: { 'content-type': 'application/cloudevents-batch+json' },
        body: JSON.stringify(events),
      });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.deepEqual(
        response.body.results.map((r: { status: string }) => r.status),
        ['accepted', 'accepted'],
      );
    });

    test('malformed CloudEvents are refused with 400 naming the attribute, and nothing is stored', async () => {
      const placed = await placeItem(t);
      const valid = {
        specversion: '1.0',
        id: 'bad-1',
        source: '/tests',
        type: 'call.missed',
        subject: `item:${placed.itemId}`,
        data: { phone: '+1555' },
      };
      const { id: _id, ...withoutId } = valid;
      const structured: [unknown, string][] = [
        [withoutId, '/body/id'],
        [{ ...valid, specversion: '0.3' }, '/body/specversion'],
        [{ ...valid, type: 'com.example.unknown' }, '/body/type'],
        [{ ...valid, type: 'item.stage_changed' }, '/body/type'],
        [{ ...valid, subject: 'invoice:7' }, '/body/subject'],
        [{ ...valid, data: { duration: 3 } }, '/body/data/phone'],
        [{ ...valid, data_base64: 'AAAA' }, '/body/data_base64'],
        [[valid, { ...valid, source: '' }], '/body/1/source'],
      ];
      for (const [body, field] of structured) {
        const batch = Array.isArray(body);
        const response = await t.request({
          method: 'POST',
          url: '/api/v1/events',
          headers: { 'content-type': `application/cloudevents${batch ? '-batch' : ''}+json` },
          body: JSON.stringify(body),
        });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(response.body));
      }
      const headers = {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': 'bad-2',
        'ce-source': '/tests',
        'ce-type': 'call.missed',
        'ce-subject': `item:${placed.itemId}`,
      };
      const { 'ce-id': _ceId, ...withoutCeId } = headers;
      const binary: [Record<string, string>, unknown, string][] = [
        [withoutCeId, { phone: '+1' }, '/headers/ce-id'],
        [{ ...headers, 'ce-type': 'nope' }, { phone: '+1' }, '/headers/ce-type'],
        [{ ...headers, 'ce-time': 'yesterday' }, { phone: '+1' }, '/headers/ce-time'],
        [headers, { durationSeconds: 1 }, '/body/phone'],
        [headers, [1, 2], '/body'],
      ];
      for (const [sent, body, field] of binary) {
        const response = await t.request({ method: 'POST', url: '/api/v1/events', headers: sent, body });
        assert.equal(response.status, 400, JSON.stringify(sent));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(response.body));
      }
      const stored = await t.context.store.db
        .selectFrom('events')
        .select('id')
        .where('id', 'like', 'ce:/tests#%')
        .execute();
      assert.deepEqual(stored, []);
    });

    test('an attribute name other than lower-case letters and digits, and ce-datacontenttype in binary mode, are refused', async () => {
      const placed = await placeWithTrigger();
      const valid = {
        specversion: '1.0',
        id: 'names-1',
        source: '/tests-names',
        type: 'call.missed',
        subject: `item:${placed.itemId}`,
        data: { phone: '+1555' },
      };
      for (const [name, field] of [
        ['Bad-Name', '/body/Bad-Name'],
        ['badName', '/body/badName'],
        ['bad_name', '/body/bad_name'],
      ]) {
        const response = await t.request({
          method: 'POST',
          url: '/api/v1/events',
          headers: { 'content-type': 'application/cloudevents+json' },
          body: JSON.stringify({ ...valid, [name as string]: 'x' }),
        });
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.equal(response.body.errors[0].field, field);
        assert.match(response.body.errors[0].message, /lower-case letters a-z and digits 0-9/);
      }
      // Over real HTTP, as a sender's client writes the header names.
      if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as AddressInfo;
      const send = (extra: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/api/v1/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${t.tokens.manager}`,
            'Content-Type': 'application/json',
            'ce-specversion': '1.0',
            'ce-id': 'names-2',
            'ce-source': '/tests-names',
            'ce-type': 'call.missed',
            'ce-subject': `item:${placed.itemId}`,
            ...extra,
          },
          body: JSON.stringify({ phone: '+1555' }),
        });
      const badName = await send({ 'ce-Bad-Name': 'x' });
      assert.equal(badName.status, 400);
      assert.equal(
        ((await badName.json()) as { errors: { field: string }[] }).errors[0]?.field,
        '/headers/ce-bad-name',
      );
      const contentType = await send({ 'ce-datacontenttype': 'application/json' });
      assert.equal(contentType.status, 400);
      assert.equal(
        ((await contentType.json()) as { errors: { field: string }[] }).errors[0]?.field,
        '/headers/ce-datacontenttype',
      );
      await t.automation.worker.drain();
      assert.equal(await stageOf(placed.itemId), placed.stageIds[0], 'nothing moved the item');
      // A lower-case extension is an attribute like any other: taken.
      const extension = await send({ 'ce-traceparent': '00-abc-01', 'ce-id': 'names-3' });
      assert.equal(extension.status, 202, await extension.text());
    });

    test('a viewer may not post CloudEvents', async () => {
      const placed = await placeItem(t);
      const response = await post(HTTP.structured(missedCall(placed.itemId, 'v-1')), 'viewer');
      assert.equal(response.status, 403);
    });
  });
}
