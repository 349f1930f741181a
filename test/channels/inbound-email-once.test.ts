import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * A mail server may deliver one message twice, and at the same moment (two MX relays, a retry
 * after a timeout while the first attempt still runs). However the deliveries overlap, one message
 * makes one contact, one lead and one email.received event.
 */
const message = (options: { from: string; messageId?: string; relay: string; body: string }): string =>
  [
    // Relays add their own Received header: the bytes of two deliveries differ.
    `Received: from ${options.relay} by mx.stageflow.test; Mon, 2 Mar 2026 09:00:00 +0000`,
    `From: Maria Ivanova <${options.from}>`,
    'To: sales@stageflow.test',
    'Subject: Quote for 120 office chairs',
    'Date: Mon, 2 Mar 2026 08:59:00 +0000',
    ...(options.messageId === undefined ? [] : [`Message-ID: ${options.messageId}`]),
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.body,
    '',
  ].join('\r\n');

for (const dialect of DIALECTS) {
  describe(`one inbound message, delivered twice at once (${dialect})`, () => {
    let t: TestApp;
    let leadsPipelineId: string;
    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: {
          name: 'Leads',
          entityType: 'lead',
          stages: [{ name: 'Not processed' }, { name: 'Call' }],
          settings: { inbound: { createLeads: true } },
        },
      });
      assert.equal(pipeline.status, 201, JSON.stringify(pipeline.body));
      leadsPipelineId = pipeline.body.id;
    });
    after(() => t.close());

    /** Posts the raw message to the intake route, as a mail server's pipe does. */
    const deliver = (raw: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/inbound/email',
        headers: { authorization: `Bearer ${t.tokens.manager}`, 'content-type': 'message/rfc822' },
        payload: raw,
      });
    const contactsOf = async (email: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/contacts?email=${encodeURIComponent(email)}` })).body
        .data;
    const leadsOf = async (contactId: string) =>
      (
        await t.context.store.db
          .selectFrom('items')
          .select('id')
          .where('contactId', '=', contactId)
          .where('pipelineId', '=', leadsPipelineId)
          .execute()
      ).map((row) => row.id);
    const emailEvents = async (email: string) =>
      (
        await t.context.store.db
          .selectFrom('events')
          .select(['id', 'data'])
          .where('type', '=', 'email.received')
          .execute()
      ).filter((row) => JSON.stringify(row.data).includes(email));

    async function deliverTwiceAtOnce(from: string, messageId?: string) {
      const first = message({
        from,
        relay: 'mx1.client.example',
        body: 'Please send a quote.',
        ...(messageId && { messageId }),
      });
      const second = message({
        from,
        relay: 'mx2.client.example',
        body: 'Please send a quote.',
        ...(messageId && { messageId }),
      });
      const answers = await Promise.all([deliver(first), deliver(second)]);
      await t.automation.worker.drain();
      for (const answer of answers) assert.equal(answer.statusCode, 202, answer.body);
      return answers.map((answer) => JSON.parse(answer.body));
    }

    test('with a Message-ID: one contact, one lead, one event; the second answer says duplicate', async () => {
      const from = 'maria@romashka.example';
      const answers = await deliverTwiceAtOnce(from, '<quote-1@romashka.example>');
      assert.deepEqual(answers.map((a) => a.status).sort(), ['accepted', 'duplicate']);
      assert.deepEqual(
        answers.map((a) => a.id),
        ['email:quote-1@romashka.example', 'email:quote-1@romashka.example'],
      );
      const contacts = await contactsOf(from);
      assert.equal(contacts.length, 1);
      const leads = await leadsOf(contacts[0].id);
      assert.equal(leads.length, 1);
      const accepted = answers.find((a) => a.status === 'accepted');
      assert.equal(accepted.matchedBy, 'new_lead');
      assert.equal(accepted.itemId, leads[0]);
      assert.equal((await emailEvents(from)).length, 1);
    });

    test('without a Message-ID: the content identifies the message, whatever the relays added', async () => {
      const from = 'pavel@kvant.example';
      const answers = await deliverTwiceAtOnce(from);
      assert.deepEqual(answers.map((a) => a.status).sort(), ['accepted', 'duplicate']);
      assert.match(answers[0].id, /^email:sha256:[0-9a-f]{64}$/);
      assert.equal(answers[0].id, answers[1].id);
      const contacts = await contactsOf(from);
      assert.equal(contacts.length, 1);
      assert.equal((await leadsOf(contacts[0].id)).length, 1);
      assert.equal((await emailEvents(from)).length, 1);

      // Another message from him (another body) is another event, for the lead he has now.
      const next = await deliver(message({ from, relay: 'mx1.client.example', body: 'And 10 tables.' }));
      const answer = JSON.parse(next.body);
      assert.equal(answer.status, 'accepted');
      assert.notEqual(answer.id, answers[0].id);
      assert.equal(answer.matchedBy, 'sender');
      assert.equal((await leadsOf(contacts[0].id)).length, 1);
    });

    test('the intake command alone, twice at once, also makes one contact and one lead', async () => {
      const from = 'olga@orbita.example';
      const mail = {
        from,
        fromName: 'Olga',
        to: ['sales@stageflow.test'],
        subject: 'Chairs',
        text: 'Hello',
        messageId: undefined,
        inReplyTo: undefined,
        threadIds: [],
        attachments: [],
        contentHash: 'c'.repeat(64),
      };
      const results = await Promise.all([
        t.context.engine.ingestEmail(mail),
        t.context.engine.ingestEmail(mail),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['accepted', 'duplicate']);
      const contacts = await contactsOf(from);
      assert.equal(contacts.length, 1);
      assert.equal((await leadsOf(contacts[0].id)).length, 1);
    });
  });
}
