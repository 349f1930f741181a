import assert from 'node:assert/strict';
import { placeItem } from '../support/fixtures.ts';
import type { TestApp } from '../support/harness.ts';

/** An item in the first of two stages, its contact (with a phone), and a trigger to the second stage on `eventType`. */
export async function itemWithTrigger(t: TestApp, eventType: string | undefined) {
  const placed = await placeItem(t);
  const contact = await t.request({
    method: 'POST',
    url: '/api/v1/contacts',
    body: { name: 'Maria Ivanova', emails: ['maria@romashka.example'], phones: ['+7 (495) 123-45-67'] },
  });
  assert.equal(contact.status, 201, JSON.stringify(contact.body));
  const item = await t.request({ method: 'GET', url: `/api/v1/items/${placed.itemId}` });
  const linked = await t.request({
    method: 'PATCH',
    url: `/api/v1/items/${placed.itemId}`,
    body: { contactId: contact.body.id, version: item.body.version },
  });
  assert.equal(linked.status, 200, JSON.stringify(linked.body));
  if (eventType !== undefined) {
    const trigger = await t.request({
      method: 'POST',
      url: '/api/v1/triggers',
      body: { name: `on ${eventType}`, stageId: placed.stageIds[1], eventType },
    });
    assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
  }
  return { ...placed, contactId: contact.body.id as string };
}

export async function stageOf(t: TestApp, itemId: string): Promise<string> {
  return (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}` })).body.stageId;
}
