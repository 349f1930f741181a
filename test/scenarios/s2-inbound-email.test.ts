import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';
import { type LoadedScenario, loadScenario } from '../support/scenario.ts';

/**
 * SCENARIOS.md S2 through the public API. Creating the contact and the lead from an unknown
 * sender's email is the inbound mail channel's job; here the lead is created through the API as
 * that channel will, and the call and the form arrive as events.
 */
for (const dialect of DIALECTS) {
  describe(`S2 incoming email from an unknown person (${dialect})`, () => {
    let t: TestApp;
    let s2: LoadedScenario;
    before(async () => {
      t = await createTestApp(dialect);
      s2 = await loadScenario(t, 's2');
    });
    after(() => t.close());

    const get = async (url: string) => (await t.request({ method: 'GET', url })).body;

    test('the client calls first, then fills in the form: Call, senior manager, Qualified, call activity completed', async () => {
      const lead = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: {
            pipelineId: s2.pipelineId,
            title: 'Request from Elena Sokolova',
            contactId: s2.contact('elena'),
            responsibleId: s2.user('anna'),
          },
        })
      ).body;
      assert.equal(s2.stageName(lead.stageId), 'Not processed');
      const planned = (await get(`/api/v1/activities?itemId=${lead.id}`)).data;
      assert.equal(planned.length, 1);
      assert.equal(planned[0].type, 'call');
      assert.equal(planned[0].status, 'planned');
      assert.equal(planned[0].responsibleId, s2.user('anna'));

      // The phone is written differently from the contact card: matched in normalised form.
      const call = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          type: 'call.incoming',
          subject: { phone: '+7 (916) 000 11 22' },
          data: { phone: '+7 (916) 000 11 22', direction: 'in' },
        },
      });
      assert.equal(call.status, 202);
      const called = await get(`/api/v1/items/${lead.id}`);
      assert.equal(s2.stageName(called.stageId), 'Call');
      assert.equal(called.responsibleId, s2.user('dmitry'), 'handed to the senior manager');
      const timeline = (await get(`/api/v1/items/${lead.id}/timeline?limit=100`)).data;
      const note = timeline.find(
        (entry: { kind: string; text: string }) =>
          entry.kind === 'robot_entry' && /called before we did/.test(entry.text),
      );
      assert.ok(note, 'the robot wrote its timeline entry');
      assert.match(note.text, /^Elena Sokolova called before we did/);
      assert.equal(note.authorType, 'robot');

      const form = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          type: 'form.submitted',
          subject: { email: 'elena.sokolova@mail.example' },
          data: { formName: 'Request a quote', fields: { product: 'Chairs' } },
        },
      });
      assert.equal(form.status, 202);
      assert.equal(s2.stageName((await get(`/api/v1/items/${lead.id}`)).stageId), 'Qualified');
      const activity = await get(`/api/v1/activities/${planned[0].id}`);
      assert.equal(activity.status, 'completed', 'the call activity completed when the lead left its stage');
    });

    test('an event naming nobody known changes nothing and is journaled as unresolved', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          id: 'call-unknown-1',
          type: 'call.missed',
          subject: { phone: '+1 555 0100' },
          data: { phone: '+1 555 0100' },
        },
      });
      assert.equal(response.status, 202);
      const entries = await t.context.store.db
        .selectFrom('journalEntries')
        .select(['kind'])
        .where('eventId', '=', 'call-unknown-1')
        .execute();
      assert.deepEqual(
        entries.map((entry) => entry.kind),
        ['event_unresolved'],
      );
    });
  });
}
