import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * A call or a chat message from someone no contact has becomes a contact and a lead in the
 * pipeline whose settings take that channel's unknown senders, and the event goes on for the lead.
 */
interface LeadsPipeline {
  readonly id: string;
  readonly newId: string;
  readonly callBackId: string;
}

async function leadsPipeline(t: TestApp, inbound: Record<string, boolean>): Promise<LeadsPipeline> {
  const pipeline = await t.request({
    method: 'POST',
    url: '/api/v1/pipelines',
    body: {
      name: 'Leads',
      entityType: 'lead',
      stages: [{ name: 'New' }, { name: 'Call back' }],
      settings: { inbound },
    },
  });
  assert.equal(pipeline.status, 201, JSON.stringify(pipeline.body));
  const [first, callBack] = pipeline.body.stages;
  const trigger = await t.request({
    method: 'POST',
    url: '/api/v1/triggers',
    body: { name: 'Missed call', stageId: callBack.id, eventType: 'call.missed' },
  });
  assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
  const robot = await t.request({
    method: 'POST',
    url: '/api/v1/robots',
    body: {
      name: 'Call back',
      stageId: callBack.id,
      action: { type: 'create_task', params: { title: 'Call back' } },
    },
  });
  assert.equal(robot.status, 201, JSON.stringify(robot.body));
  return { id: pipeline.body.id, newId: first.id, callBackId: callBack.id };
}

const post = (t: TestApp, body: Record<string, unknown>) =>
  t.request({ method: 'POST', url: '/api/v1/events', headers: { prefer: 'wait=10' }, body });

const contactsByPhone = async (t: TestApp, phone: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/contacts?phone=${encodeURIComponent(phone)}` })).body.data;

async function itemsOf(t: TestApp, pipelineId: string) {
  const page = await t.request({ method: 'GET', url: `/api/v1/items?pipelineId=${pipelineId}&limit=100` });
  assert.equal(page.status, 200, JSON.stringify(page.body));
  return page.body.data as { id: string; title: string; contactId: string; stageId: string }[];
}

const journalOf = async (t: TestApp, itemId: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}/journal?limit=100` })).body.data as {
    kind: string;
    eventId: string | null;
    message: string;
    stageId: string | null;
    data: Record<string, unknown>;
  }[];

const runsOf = async (t: TestApp, itemId: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}` })).body.data as {
    status: string;
  }[];

/** The items an event was processed for, as stored. */
async function eventOf(t: TestApp, id: string): Promise<{ itemIds: string[] }> {
  const row = await t.context.store.db
    .selectFrom('events')
    .select('itemIds')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { itemIds: typeof row.itemIds === 'string' ? JSON.parse(row.itemIds) : (row.itemIds as string[]) };
}

for (const dialect of DIALECTS) {
  describe(`leads from unknown callers and chats (${dialect})`, () => {
    let t: TestApp;
    let leads: LeadsPipeline;
    before(async () => {
      t = await createTestApp(dialect, { phoneRegion: 'RU' });
      // Running, as a server's runner is: `Prefer: wait` answers once the event is processed.
      await t.automation.start({ retention: false });
      leads = await leadsPipeline(t, { createLeadsFromCalls: true, createLeadsFromChats: true });
    });
    after(() => t.close());

    test('a missed call from an unknown national number makes a contact in E.164 and a lead the call moves', async () => {
      const phone = '8 (912) 555-01-01';
      const answer = await post(t, {
        id: 'pbx-lead-1',
        type: 'call.missed',
        subject: { phone },
        data: { phone },
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const [contact, ...others] = await contactsByPhone(t, '+79125550101');
      assert.equal(others.length, 0);
      assert.deepEqual(contact.phones, ['+79125550101']);
      const lead = (await itemsOf(t, leads.id)).find((item) => item.contactId === contact.id);
      assert.ok(lead, 'a lead of the new contact');
      assert.equal(lead.title, 'Missed call from +79125550101');
      // The event went on for the lead: the call.missed trigger moved it on, and that stage's robot ran.
      assert.equal(lead.stageId, leads.callBackId);
      assert.deepEqual(
        (await runsOf(t, lead.id)).map((run) => run.status),
        ['succeeded'],
      );
      const journal = await journalOf(t, lead.id);
      const received = journal.find((entry) => entry.kind === 'event_received');
      assert.ok(received);
      assert.equal(received.eventId, 'pbx-lead-1');
      assert.match(received.message, /unknown sender: a new contact and a new lead/);
      assert.deepEqual(received.data['lead'], {
        contactId: contact.id,
        contactCreated: true,
        pipelineId: leads.id,
      });
      const created = journal.find((entry) => entry.kind === 'moved' && entry.data['created'] === true);
      assert.equal(created?.eventId, 'pbx-lead-1', 'created in the first stage by the call');
      assert.equal(created?.stageId, leads.newId);
      assert.deepEqual((await eventOf(t, 'pbx-lead-1')).itemIds, [lead.id]);
    });

    test('a second call from the same number, written another way, finds that contact and lead', async () => {
      const before = await itemsOf(t, leads.id);
      const again = await post(t, {
        id: 'pbx-lead-2',
        type: 'call.incoming',
        subject: { phone: '+7 912 555 0101' },
        data: { phone: '+7 912 555 0101' },
      });
      assert.equal(again.status, 200);
      assert.equal((await contactsByPhone(t, '89125550101')).length, 1);
      assert.equal((await itemsOf(t, leads.id)).length, before.length);
      const lead = before.find((item) => item.title === 'Missed call from +79125550101');
      assert.deepEqual((await eventOf(t, 'pbx-lead-2')).itemIds, [lead?.id]);
      // The same event sent again is a duplicate: nothing new.
      const repeated = await post(t, {
        id: 'pbx-lead-1',
        type: 'call.missed',
        subject: { phone: '89125550101' },
        data: { phone: '89125550101' },
      });
      assert.equal(repeated.body.status, 'duplicate');
      assert.equal((await itemsOf(t, leads.id)).length, before.length);
    });

    test('a chat message from an unknown handle makes a contact named by its author and a lead', async () => {
      const message = (id: string, chat: string) =>
        post(t, {
          id,
          type: 'chat.first_message',
          subject: { chat },
          data: { channel: 'telegram', author: 'Olga Smirnova', text: 'Do you deliver to Kazan?' },
        });
      assert.equal((await message('tg-lead-1', 'telegram:@olga_s')).status, 200);
      const made = (await itemsOf(t, leads.id)).filter((item) => item.title === 'Chat from Olga Smirnova');
      assert.equal(made.length, 1);
      const contact = (await t.request({ method: 'GET', url: `/api/v1/contacts/${made[0]?.contactId}` }))
        .body;
      assert.equal(contact.name, 'Olga Smirnova');
      assert.deepEqual([contact.emails, contact.phones], [[], []]);
      // Her next message, the handle in another case, goes to the same lead.
      assert.equal((await message('tg-lead-2', 'Telegram:@Olga_S')).status, 200);
      assert.equal((await itemsOf(t, leads.id)).filter((item) => item.contactId === contact.id).length, 1);
      assert.deepEqual((await eventOf(t, 'tg-lead-2')).itemIds, [made[0]?.id]);
    });

    test('outgoing calls and caller ids that are no number make no lead', async () => {
      const before = (await itemsOf(t, leads.id)).length;
      await post(t, {
        id: 'pbx-out-1',
        type: 'call.completed',
        subject: { phone: '+79125550199' },
        data: { phone: '+79125550199', direction: 'out' },
      });
      await post(t, {
        id: 'pbx-anon',
        type: 'call.missed',
        subject: { email: 'pbx@example.com' },
        data: { phone: 'anonymous' },
      });
      assert.equal((await itemsOf(t, leads.id)).length, before);
      assert.equal((await contactsByPhone(t, '+79125550199')).length, 0);
    });
  });

  describe(`unknown callers without the setting (${dialect})`, () => {
    let t: TestApp;
    let leads: LeadsPipeline;
    before(async () => {
      t = await createTestApp(dialect, { phoneRegion: 'RU' });
      // Running, as a server's runner is: `Prefer: wait` answers once the event is processed.
      await t.automation.start({ retention: false });
      // Email leads only: calls and chats stay unresolved, as before.
      leads = await leadsPipeline(t, { createLeads: true });
    });
    after(() => t.close());

    test('a call and a chat from strangers create nothing and are journaled as unresolved', async () => {
      await post(t, {
        id: 'pbx-no-1',
        type: 'call.missed',
        subject: { phone: '89125550102' },
        data: { phone: '89125550102' },
      });
      await post(t, {
        id: 'tg-no-1',
        type: 'chat.message',
        subject: { chat: 'telegram:@nobody' },
        data: { author: 'Nobody' },
      });
      assert.deepEqual(await itemsOf(t, leads.id), []);
      assert.equal((await contactsByPhone(t, '89125550102')).length, 0);
      const contacts = (await t.request({ method: 'GET', url: '/api/v1/contacts' })).body.data;
      assert.deepEqual(contacts, []);
      const unresolved = await t.context.store.db
        .selectFrom('journalEntries')
        .select('eventId')
        .where('kind', '=', 'event_unresolved')
        .orderBy('eventId')
        .execute();
      assert.deepEqual(
        unresolved.map((row) => row.eventId),
        ['pbx-no-1', 'tg-no-1'],
      );
    });

    test('the switches are booleans and named ones only: anything else answers 400 naming the field', async () => {
      const cases = [
        [{ inbound: { createLeadsFromCalls: 'yes' } }, '/body/settings/inbound/createLeadsFromCalls'],
        [{ inbound: { createLeadsFromChats: 1 } }, '/body/settings/inbound/createLeadsFromChats'],
        [{ inbound: { createLeadsFromCall: true } }, '/body/settings/inbound/createLeadsFromCall'],
        [{ inbound: true }, '/body/settings/inbound'],
      ] as const;
      for (const [settings, field] of cases) {
        const response = await t.request({
          method: 'PATCH',
          url: `/api/v1/pipelines/${leads.id}`,
          body: { settings },
        });
        assert.equal(response.status, 400, JSON.stringify(settings));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(response.body));
      }
      const bad = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: { type: 'chat.message', subject: { chat: 'olga' } },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, '/body/subject/chat');
      // Switched on through the API, the next stranger's call becomes a lead.
      const on = await t.request({
        method: 'PATCH',
        url: `/api/v1/pipelines/${leads.id}`,
        body: { settings: { currency: 'RUB', inbound: { createLeads: true, createLeadsFromCalls: true } } },
      });
      assert.equal(on.status, 200, JSON.stringify(on.body));
      assert.deepEqual(on.body.settings, {
        currency: 'RUB',
        inbound: { createLeads: true, createLeadsFromCalls: true },
      });
      await post(t, {
        id: 'pbx-no-2',
        type: 'call.missed',
        subject: { phone: '89125550103' },
        data: { phone: '89125550103' },
      });
      assert.equal((await itemsOf(t, leads.id)).length, 1);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`a lead from a call that cannot be made (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { phoneRegion: 'RU' });
    });
    after(() => t.close());

    test('the event fails and takes its contact with it: creation is part of the processing', async () => {
      const leads = await leadsPipeline(t, { createLeadsFromCalls: true });
      const guard = await t.request({
        method: 'POST',
        url: '/api/v1/guards',
        body: {
          name: 'Priced',
          stageId: leads.newId,
          condition: { field: 'item.amount', op: 'gte', value: 1 },
          message: 'A lead needs an amount',
        },
      });
      assert.equal(guard.status, 201, JSON.stringify(guard.body));
      const phone = '+79125550104';
      await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: { id: 'pbx-guarded', type: 'call.missed', subject: { phone }, data: { phone } },
      });
      const event = await t.context.store.db
        .selectFrom('events')
        .select(['status', 'error'])
        .where('id', '=', 'pbx-guarded')
        .executeTakeFirstOrThrow();
      assert.equal(event.status, 'failed');
      assert.match(String(event.error), /A lead needs an amount/);
      assert.deepEqual(await contactsByPhone(t, phone), []);
      assert.deepEqual(await itemsOf(t, leads.id), []);
    });
  });
}
