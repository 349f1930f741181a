import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noMetrics } from '../../automation/metrics.ts';
import type { HttpSender } from '../../automation/outside-ports.ts';
import {
  type AttemptRecord,
  type DueDelivery,
  type WebhookDeliveryStore,
  WebhookDispatcher,
} from './webhook-dispatcher.ts';

const NOW = new Date('2026-03-02T09:00:00Z');

/** A store that hands out `batches` batches of one due delivery each and records the attempts. */
function storeOf(batches: number, nextDue?: Date): WebhookDeliveryStore & { recorded: AttemptRecord[] } {
  let left = batches;
  const recorded: AttemptRecord[] = [];
  return {
    recorded,
    planDeliveries: async () => 0,
    async claimDue(): Promise<DueDelivery[]> {
      if (left === 0) return [];
      left -= 1;
      const id = `delivery-${batches - left}`;
      return [
        {
          id,
          subscriptionId: 's',
          webhookId: `msg_${id}`,
          payload: '{}',
          attempts: 1,
          url: 'x',
          secret: 'whsec_AA==',
        },
      ];
    },
    recordAttempt: async (_id, record) => {
      recorded.push(record);
    },
    disableSubscription: async () => {},
    nextDueAt: async () => nextDue,
  };
}

const answering = (onSend: () => void = () => {}): HttpSender => ({
  async send() {
    onSend();
    return { status: 200, headers: {}, body: '' };
  },
});

test('drain sends batches until nothing is due', async () => {
  const store = storeOf(3);
  const dispatcher = new WebhookDispatcher({ store, http: answering(), clock: { now: () => NOW } });
  assert.equal(await dispatcher.drain(), 3);
  assert.deepEqual(
    store.recorded.map((record) => record.status),
    ['succeeded', 'succeeded', 'succeeded'],
  );
});

test('a stop ends the drain after the batch under way, which is recorded', async () => {
  const store = storeOf(3);
  const stopping = new AbortController();
  const http = answering(() => stopping.abort());
  const dispatcher = new WebhookDispatcher({ store, http, clock: { now: () => NOW } });
  assert.equal(await dispatcher.drain(stopping.signal), 1);
  assert.equal(store.recorded.length, 1);
  assert.equal(await dispatcher.drain(stopping.signal), 0, 'stopped before it starts');
});

test('nextDueInMs answers how long until the next retry, 0 when overdue, undefined when none waits', async () => {
  const clock = { now: () => NOW };
  const inMs = (next: Date | undefined) =>
    new WebhookDispatcher({ store: storeOf(0, next), http: answering(), clock }).nextDueInMs();
  assert.equal(await inMs(new Date(NOW.getTime() + 1_500)), 1_500);
  assert.equal(await inMs(new Date(NOW.getTime() - 1_500)), 0);
  assert.equal(await inMs(undefined), undefined);
});

test('each recorded attempt counts in the metrics by outcome: delivered, to retry, given up', async () => {
  const counted: string[] = [];
  const metrics = { ...noMetrics, webhookDelivery: (outcome: string) => void counted.push(outcome) };
  const statuses = [200, 503, 410];
  const http: HttpSender = {
    async send() {
      return { status: statuses.shift() ?? 200, headers: {}, body: '' };
    },
  };
  const store = storeOf(3);
  const dispatcher = new WebhookDispatcher({ store, http, clock: { now: () => NOW }, metrics });
  await dispatcher.drain();
  assert.deepEqual(counted, ['succeeded', 'retrying', 'failed']);
  assert.deepEqual(
    store.recorded.map((record) => record.status),
    ['succeeded', 'pending', 'failed'],
  );
});
