import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type EmailOutcome,
  NotificationMail,
  type NotificationMailQueue,
  type TakenNotificationEmail,
} from './notification-mail.ts';
import type { Mailer } from './outside-ports.ts';

const NOW = new Date('2026-03-02T10:00:00Z');

/** One immediate email waiting; records what the sender wrote about it. */
function queueOfOne(): NotificationMailQueue & { readonly outcomes: EmailOutcome[] } {
  const outcomes: EmailOutcome[] = [];
  const email: TakenNotificationEmail = {
    id: 'email-1',
    mode: 'immediately',
    attempts: 0,
    recipient: { email: 'anna@example.com', timeZone: 'UTC', language: 'en', active: true },
    notifications: [{ title: 'Call back', body: '', itemId: null, link: null, createdAt: NOW.toISOString() }],
  };
  return {
    outcomes,
    due: async () => (outcomes.length === 0 ? [email.id] : []),
    take: async () => (outcomes.length === 0 ? email : undefined),
    record: async (_id, outcome) => {
      outcomes.push(outcome);
    },
    nextDueAt: async () => undefined,
  };
}

test('a send that hangs is given up at its timeout and the email planned again, before the lease ends', async () => {
  const queue = queueOfOne();
  let aborted = false;
  // A mail server that accepts the connection and never answers.
  const mailer: Mailer = {
    send: (_email, signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          reject(signal.reason);
        });
      }),
  };
  const mail = new NotificationMail({
    queue,
    mailer,
    clock: { now: () => NOW },
    random: () => 0.5,
    publicUrl: 'http://crm.test',
    leaseMs: 60_000,
    sendTimeoutMs: 20,
  });
  assert.equal(await mail.drain(), 1);
  assert.ok(aborted, 'the send was aborted');
  const [outcome] = queue.outcomes;
  assert.equal(outcome?.status, 'pending');
  assert.equal(outcome?.attempts, 1);
});

test('a send timeout as long as the lease is refused', () => {
  assert.throws(
    () =>
      new NotificationMail({
        queue: queueOfOne(),
        mailer: undefined,
        clock: { now: () => NOW },
        random: () => 0.5,
        publicUrl: 'http://crm.test',
        leaseMs: 1000,
        sendTimeoutMs: 1000,
      }),
    /shorter than its lease/,
  );
});
