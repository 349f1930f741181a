import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';
import { type LoadedScenario, loadScenario } from '../support/scenario.ts';

/**
 * SCENARIOS.md S2 through the real channels: the unknown person's email arrives as raw MIME and
 * becomes a contact and a lead; the call comes in as a telephony event matched by phone number;
 * the quote request is posted to the public web form with its anti-forgery token.
 */
for (const dialect of DIALECTS) {
  describe(`S2 through mail and telephony (${dialect})`, () => {
    let t: TestApp;
    let s2: LoadedScenario;
    before(async () => {
      t = await createTestApp(dialect);
      s2 = await loadScenario(t, 's2');
    });
    after(() => t.close());

    const get = async (url: string) => (await t.request({ method: 'GET', url })).body;

    test('an email from an unknown person creates a contact and a lead with a planned call; their call moves it on', async () => {
      const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
      const mail = await transport.sendMail({
        from: 'Kirill Orlov <k.orlov@orbita.example>',
        to: 'sales@romashka.example',
        subject: 'Office chairs for 40 people',
        text: 'Hello, we need 40 office chairs. Kirill, +7 (921) 555-01-02',
        messageId: '<first-contact@orbita.example>',
      });
      const inbound = await t.request({
        method: 'POST',
        url: '/api/v1/inbound/email',
        headers: { 'content-type': 'message/rfc822' },
        body: mail.message as Buffer,
      });
      assert.equal(inbound.status, 202, JSON.stringify(inbound.body));
      const contacts = (await get('/api/v1/contacts?email=k.orlov%40orbita.example')).data;
      assert.equal(contacts.length, 1);
      assert.equal(contacts[0].name, 'Kirill Orlov');
      const leads = (await get(`/api/v1/items?pipelineId=${s2.pipelineId}&contactId=${contacts[0].id}`)).data;
      assert.equal(leads.length, 1);
      assert.equal(leads[0].title, 'Office chairs for 40 people');
      assert.equal(s2.stageName(leads[0].stageId), 'Not processed');
      const activities = (await get(`/api/v1/activities?itemId=${leads[0].id}`)).data;
      assert.equal(activities.length, 1, 'the robot planned a call');
      assert.equal(activities[0].type, 'call');

      // The manager copies the phone number from the signature; the client calls first.
      await t.request({
        method: 'PATCH',
        url: `/api/v1/contacts/${contacts[0].id}`,
        body: { phones: ['+7 921 555-01-02'] },
      });
      const call = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          type: 'call.incoming',
          subject: { phone: '+7 (921) 555 01 02' },
          data: { phone: '+79215550102' },
        },
      });
      assert.equal(call.status, 202);
      const lead = await get(`/api/v1/items/${leads[0].id}`);
      assert.equal(s2.stageName(lead.stageId), 'Call');
      assert.equal(lead.responsibleId, s2.user('dmitry'));
      const activity = await get(`/api/v1/activities/${activities[0].id}`);
      assert.equal(activity.status, 'completed', 'the planned call completed when the lead left its stage');

      // Step 3: the client fills in the public "Request a quote" form, as a browser posts it.
      const form = await t.request({
        method: 'POST',
        url: '/api/v1/forms',
        body: {
          pipelineId: s2.pipelineId,
          name: 'Request a quote',
          title: 'Request a quote',
          fields: [
            { name: 'name', label: 'Your name', kind: 'text', required: true, maps: 'contact.name' },
            { name: 'email', label: 'Email', kind: 'email', required: true, maps: 'contact.email' },
            { name: 'details', label: 'What do you need?', kind: 'textarea', maps: null },
          ],
        },
      });
      assert.equal(form.status, 201, JSON.stringify(form.body));
      const page = await t.app.inject({ method: 'GET', url: `/f/${form.body.id}` });
      const token = /name="_token" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(token, 'the page carries its anti-forgery token');
      const posted = await t.app.inject({
        method: 'POST',
        url: `/f/${form.body.id}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _token: token,
          name: 'Kirill Orlov',
          email: 'K.Orlov@orbita.example',
          details: '40 chairs',
        }).toString(),
      });
      assert.equal(posted.statusCode, 200, posted.body);
      await t.automation.runner.drain();
      const qualified = await get(`/api/v1/items/${leads[0].id}`);
      assert.equal(s2.stageName(qualified.stageId), 'Qualified', 'the form moved the same lead');
    });
  });
}
