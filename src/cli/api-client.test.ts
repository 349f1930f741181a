import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { App } from '../api/app.ts';
import { injectClient } from './api-client.ts';

/** An application that answers with the statuses given, in turn, and counts the requests. */
function answering(...statuses: number[]) {
  let calls = 0;
  const app = {
    inject: async () => {
      const status = statuses[Math.min(calls, statuses.length - 1)] ?? 500;
      calls += 1;
      const body = JSON.stringify({ status });
      return {
        statusCode: status,
        headers: status === 503 ? { 'retry-after': '0' } : {},
        body,
        rawPayload: Buffer.from(body),
      };
    },
  } as unknown as App;
  return { app, calls: () => calls };
}

test('a request the server refused for now is sent again after its Retry-After', async () => {
  const { app, calls } = answering(503, 503, 201);
  const response = await injectClient(app, 'token').send('POST', '/api/v1/items', { title: 'Deal' });
  assert.equal(response.status, 201);
  assert.equal(calls(), 3);
});

test('a server that stays busy: the 503 stands after a few attempts', async () => {
  const { app, calls } = answering(503);
  const response = await injectClient(app, 'token').send('GET', '/api/v1/pipelines');
  assert.equal(response.status, 503);
  assert.equal(calls(), 5);
});

test('other refusals are not sent again', async () => {
  const { app, calls } = answering(409, 201);
  const response = await injectClient(app, 'token').send('POST', '/api/v1/items', {});
  assert.equal(response.status, 409);
  assert.equal(calls(), 1);
});
