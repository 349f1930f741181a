import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { type Placed, placeItem } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/** A real MIME message, composed by nodemailer (multipart with attachments when given). */
async function compose(options: {
  from: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; content: string }[];
}): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({ to: 'sales@stageflow.test', ...options });
  return info.message as Buffer;
}

for (const dialect of DIALECTS) {
  describe(`inbound email (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const send = (raw: Buffer | string, as: 'manager' | 'viewer' = 'manager') =>
      t.request({
        method: 'POST',
        url: '/api/v1/inbound/email',
        as,
        headers: { 'content-type': 'message/rfc822' },
        body: raw,
      });
    /** An item with a trigger on email.received towards its second stage. */
    async function placeWithTrigger(): Promise<Placed> {
      const placed = await placeItem(t);
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'answered', stageId: placed.stageIds[1], eventType: 'email.received' },
      });
      assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
      return placed;
    }
    const stageOf = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}` })).body.stageId;
    const countOf = async (table: 'contacts' | 'items' | 'events') =>
      Number(
        (
          await t.context.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test("a reply (In-Reply-To) goes to the item of the sent mail's email.sent event, whoever sends it", async () => {
      const placed = await placeWithTrigger();
      await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          id: 'sent-1',
          type: 'email.sent',
          subject: { itemId: placed.itemId },
          data: { subject: 'Our proposal', messageId: '<proposal-1@stageflow.test>' },
        },
      });
      const raw = await compose({
        from: 'Colleague <someone.else@client.example>',
        subject: 'Re: Our proposal',
        text: 'Looks good.',
        messageId: '<reply-1@client.example>',
        inReplyTo: '<proposal-1@stageflow.test>',
      });
      const response = await send(raw);
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.equal(response.body.matchedBy, 'thread');
      assert.equal(response.body.itemId, placed.itemId);
      assert.equal(response.body.id, 'email:reply-1@client.example');
      assert.equal(await stageOf(placed.itemId), placed.stageIds[1]);
    });

    test('References thread through the Message-ID links of mail sent by robots', async () => {
      const placed = await placeWithTrigger();
      await t.context.store.db
        .insertInto('emailMessages')
        .values({
          messageId: '<robot-7@stageflow.test>',
          itemId: placed.itemId,
          runId: null,
          createdAt: new Date().toISOString(),
        })
        .execute();
      const raw = await compose({
        from: 'client@client.example',
        subject: 'Re: Re: invoice',
        text: 'Paid.',
        messageId: '<reply-2@client.example>',
        references: ['<robot-7@stageflow.test>', '<unknown@elsewhere.example>'],
      });
      const response = await send(raw);
      assert.equal(response.body.matchedBy, 'thread');
      assert.equal(response.body.itemId, placed.itemId);
    });

    test("a known sender's mail reaches the contact's items, with subject, text and attachment names", async () => {
      const placed = await placeWithTrigger();
      const contact = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        body: { name: 'Peter', emails: ['peter@nordlicht.example'] },
      });
      await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${placed.itemId}`,
        body: { contactId: contact.body.id, version: 1 },
      });
      const raw = await compose({
        from: 'Peter <Peter@Nordlicht.Example>',
        subject: 'Specs',
        text: 'Please see the attached specs.',
        messageId: '<specs@nordlicht.example>',
        attachments: [
          { filename: 'specs.pdf', content: 'pdf' },
          { filename: 'Preisliste ü.xlsx', content: 'xlsx' },
        ],
      });
      const response = await send(raw);
      assert.equal(response.body.matchedBy, 'sender');
      assert.equal(response.body.contactId, contact.body.id);
      assert.equal(await stageOf(placed.itemId), placed.stageIds[1]);
      const event = await t.context.store.db
        .selectFrom('events')
        .select('data')
        .where('id', '=', 'email:specs@nordlicht.example')
        .executeTakeFirstOrThrow();
      const data = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
      assert.equal(data.from, 'peter@nordlicht.example');
      assert.equal(data.subject, 'Specs');
      assert.match(data.text, /attached specs/);
      assert.deepEqual(data.attachments, ['specs.pdf', 'Preisliste ü.xlsx']);
    });

    test('an unknown sender creates nothing while no pipeline takes leads from email', async () => {
      const contacts = await countOf('contacts');
      const raw = await compose({
        from: 'x@nowhere.example',
        subject: 'Hi',
        text: '.',
        messageId: '<x1@nowhere.example>',
      });
      const response = await send(raw);
      assert.equal(response.status, 202);
      assert.equal(response.body.matchedBy, 'none');
      assert.equal(await countOf('contacts'), contacts);
    });

    test('an unknown sender becomes a contact and a lead titled with the subject; the same mail again creates nothing', async () => {
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
      const raw = await compose({
        from: 'Maria Ivanova <maria@romashka.example>',
        subject: 'Quote for 120 office chairs',
        text: 'Hello, please send a quote.',
        messageId: '<first@romashka.example>',
      });
      const response = await send(raw);
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.equal(response.body.matchedBy, 'new_lead');
      const item = await t.request({ method: 'GET', url: `/api/v1/items/${response.body.itemId}` });
      assert.equal(item.body.title, 'Quote for 120 office chairs');
      assert.equal(item.body.pipelineId, pipeline.body.id);
      const contact = await t.request({ method: 'GET', url: `/api/v1/contacts/${item.body.contactId}` });
      assert.equal(contact.body.name, 'Maria Ivanova');
      assert.deepEqual(contact.body.emails, ['maria@romashka.example']);
      const journal = await t.request({
        method: 'GET',
        url: `/api/v1/items/${item.body.id}/journal?limit=200`,
      });
      assert.ok(
        journal.body.data.some(
          (e: { kind: string; eventId?: string }) => e.eventId === 'email:first@romashka.example',
        ),
      );

      const [contacts, items] = [await countOf('contacts'), await countOf('items')];
      const again = await send(raw);
      assert.equal(again.body.status, 'duplicate');
      assert.deepEqual([await countOf('contacts'), await countOf('items')], [contacts, items]);
    });

    test('a message over 10 MiB is refused with 413 and nothing is stored', async () => {
      const events = await countOf('events');
      const head = 'From: big@example.com\r\nSubject: big\r\nMessage-ID: <big@example.com>\r\n\r\n';
      const response = await send(Buffer.concat([Buffer.from(head), Buffer.alloc(10 * 1024 * 1024, 'a')]));
      assert.equal(response.status, 413);
      assert.equal(response.body.code, 'body_too_large');
      assert.equal(await countOf('events'), events);
    });

    test('a message without a From address is refused with 400; a viewer may not post mail', async () => {
      const response = await send('Subject: anonymous\r\n\r\nbody');
      assert.equal(response.status, 400);
      assert.equal(response.body.errors[0].field, '/body');
      const raw = await compose({
        from: 'v@example.com',
        subject: 's',
        text: 't',
        messageId: '<v@example.com>',
      });
      assert.equal((await send(raw, 'viewer')).status, 403);
    });

    test('the message may come as JSON {"raw": ...}', async () => {
      const raw = await compose({
        from: 'j@example.com',
        subject: 'json',
        text: 't',
        messageId: '<j@example.com>',
      });
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/inbound/email',
        as: 'manager',
        body: { raw: raw.toString('utf8') },
      });
      assert.equal(response.status, 202, JSON.stringify(response.body));
      assert.equal(response.body.id, 'email:j@example.com');
    });
  });
}
