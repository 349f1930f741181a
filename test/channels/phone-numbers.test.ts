import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.ts';
import { createPipeline } from '../support/fixtures.ts';
import { buildTestApp, createTestApp, createTestStore, DIALECTS, type TestApp } from '../support/harness.ts';

/** A pipeline where a missed call moves the contact's items to "Call back". */
async function callPipeline(t: TestApp): Promise<{ pipelineId: string; callBackId: string }> {
  const pipeline = await createPipeline(t, ['New', 'Call back']);
  const callBackId = pipeline.stageIds[1] as string;
  const trigger = await t.request({
    method: 'POST',
    url: '/api/v1/triggers',
    body: { name: 'Missed call', stageId: callBackId, eventType: 'call.missed' },
  });
  assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
  return { pipelineId: pipeline.id, callBackId };
}

async function contactWithItem(t: TestApp, pipelineId: string, phone: string) {
  const contact = await t.request({
    method: 'POST',
    url: '/api/v1/contacts',
    body: { name: 'Ivan Petrov', phones: [phone] },
  });
  assert.equal(contact.status, 201, JSON.stringify(contact.body));
  const item = await t.request({
    method: 'POST',
    url: '/api/v1/items',
    body: { pipelineId, title: 'Call me', contactId: contact.body.id },
  });
  return { contactId: contact.body.id as string, itemId: item.body.id as string };
}

const missedCall = (t: TestApp, id: string, phone: string) =>
  t.request({
    method: 'POST',
    url: '/api/v1/events',
    body: { id, type: 'call.missed', subject: { phone }, data: { phone } },
  });

const stageOf = async (t: TestApp, itemId: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}` })).body.stageId;

const contactsByPhone = async (t: TestApp, phone: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/contacts?phone=${encodeURIComponent(phone)}` })).body.data;

for (const dialect of DIALECTS) {
  describe(`phone numbers in national format, STAGEFLOW_DEFAULT_REGION=RU (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    let callBackId: string;
    before(async () => {
      t = await createTestApp(dialect, { phoneRegion: 'RU' });
      ({ pipelineId, callBackId } = await callPipeline(t));
    });
    after(() => t.close());

    test('a call from 89123456789 finds the contact stored as +7 912 345-67-89', async () => {
      const { contactId, itemId } = await contactWithItem(t, pipelineId, '+7 912 345-67-89');
      assert.equal((await missedCall(t, 'pbx-1', '89123456789')).status, 202);
      assert.equal(await stageOf(t, itemId), callBackId);
      const found = await contactsByPhone(t, '89123456789');
      assert.deepEqual(
        found.map((c: { id: string }) => c.id),
        [contactId],
      );
      assert.deepEqual(found[0].phones, ['+7 912 345-67-89'], 'the number stays as it was written');
    });

    test('a call from +7 913 000-11-22 finds the contact stored as 8 (913) 000-11-22', async () => {
      const { itemId } = await contactWithItem(t, pipelineId, '8 (913) 000-11-22');
      await missedCall(t, 'pbx-2', '+79130001122');
      assert.equal(await stageOf(t, itemId), callBackId);
    });

    test('a web form with 89141112233 finds the contact stored as +7 914 111-22-33 instead of adding one', async () => {
      const { contactId } = await contactWithItem(t, pipelineId, '+7 914 111-22-33');
      const form = await t.request({
        method: 'POST',
        url: '/api/v1/forms',
        body: {
          pipelineId,
          name: 'Call me back',
          title: 'Call me back',
          fields: [
            { name: 'name', label: 'Name', kind: 'text', required: true, maps: 'contact.name' },
            { name: 'phone', label: 'Phone', kind: 'phone', required: true, maps: 'contact.phone' },
          ],
        },
      });
      assert.equal(form.status, 201, JSON.stringify(form.body));
      const page = await t.app.inject({ method: 'GET', url: `/f/${form.body.id}` });
      const token = /name="_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const posted = await t.app.inject({
        method: 'POST',
        url: `/f/${form.body.id}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _token: token, name: 'Ivan', phone: '89141112233' }).toString(),
      });
      assert.equal(posted.statusCode, 200, posted.body);
      const found = await contactsByPhone(t, '+79141112233');
      assert.deepEqual(
        found.map((c: { id: string }) => c.id),
        [contactId],
      );
      assert.deepEqual(found[0].phones, ['+7 914 111-22-33'], 'the same number is not added again');
      const asTyped = await contactsByPhone(t, '89141112233');
      assert.deepEqual(
        asTyped.map((c: { id: string }) => c.id),
        [contactId],
        'no second contact for the number as typed',
      );
    });
  });

  describe(`stored phone numbers are keyed again in the region (${dialect})`, () => {
    test('the migration keys numbers stored before it in E.164; unreadable ones stay findable', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      try {
        await migrateTo(store, '0007-visits-sms-documents');
        // As the version before E.164 stored them: the numbers as written, keyed by their digits.
        const at = '2026-03-01T09:00:00.000Z';
        await store.db
          .insertInto('contacts')
          .values({
            id: 'contact-old',
            name: 'Stored earlier',
            company: null,
            emails: '[]',
            phones: JSON.stringify(['8 912 555-44-33', 'ext 12-34-5']),
            responsibleId: null,
            fields: '{}',
            createdAt: at,
            updatedAt: at,
            version: 1,
          })
          .execute();
        await store.db
          .insertInto('contactChannels')
          .values([
            { contactId: 'contact-old', kind: 'phone', value: '89125554433' },
            { contactId: 'contact-old', kind: 'phone', value: '12345' },
          ])
          .execute();

        await migrateToLatest(store, { phones: new PhoneNumbers('RU') });
        const keys = await store.db
          .selectFrom('contactChannels')
          .select('value')
          .where('contactId', '=', 'contact-old')
          .orderBy('value')
          .execute();
        assert.deepEqual(
          keys.map((row) => row.value),
          ['+79125554433', '12345'],
        );
        const t = await buildTestApp(store, async () => {}, { phoneRegion: 'RU' });
        try {
          for (const phone of ['+7 912 555-44-33', '89125554433', '12-34-5']) {
            const found = await contactsByPhone(t, phone);
            assert.deepEqual(
              found.map((c: { id: string }) => c.id),
              ['contact-old'],
              phone,
            );
            assert.deepEqual(found[0].phones, ['8 912 555-44-33', 'ext 12-34-5']);
          }
        } finally {
          await t.close();
        }
      } finally {
        await cleanup();
      }
    });

    test('setting STAGEFLOW_DEFAULT_REGION later keys the numbers stored without it again at start', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      try {
        await migrateToLatest(store);
        const before = await buildTestApp(store, async () => {});
        const { pipelineId, callBackId } = await callPipeline(before);
        const { itemId } = await contactWithItem(before, pipelineId, '8 915 222-33-44');
        await missedCall(before, 'pbx-before', '+7 915 222-33-44');
        assert.notEqual(await stageOf(before, itemId), callBackId, 'without a region 8 915 ... is not read');
        await before.close();

        // The next start with the region set, as `serve` does: migrate, then serve.
        await migrateToLatest(store, { phones: new PhoneNumbers('RU') });
        const afterwards = await buildTestApp(store, async () => {}, { phoneRegion: 'RU' });
        try {
          await missedCall(afterwards, 'pbx-after', '+7 915 222-33-44');
          assert.equal(await stageOf(afterwards, itemId), callBackId);
        } finally {
          await afterwards.close();
        }
      } finally {
        await cleanup();
      }
    });
  });
}
