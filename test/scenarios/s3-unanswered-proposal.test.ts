import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';
import { type LoadedScenario, loadScenario } from '../support/scenario.ts';

/**
 * SCENARIOS.md S3 through the public API and the manual clock. The proposal email is posted as an
 * `email.sent` event; the mail channel that will send it for real plugs into the same event.
 */
for (const dialect of DIALECTS) {
  describe(`S3 a proposal nobody answers (${dialect})`, () => {
    let t: TestApp;
    let s3: LoadedScenario;
    before(async () => {
      t = await createTestApp(dialect);
      s3 = await loadScenario(t, 's3');
    });
    after(() => t.close());

    const newDeal = async (title: string, amount = '12000.00') =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: {
            pipelineId: s3.pipelineId,
            title,
            amount,
            currency: 'EUR',
            contactId: s3.contact('peter'),
            responsibleId: s3.user('anna'),
          },
        })
      ).body;
    const stageOf = async (id: string) =>
      s3.stageName((await t.request({ method: 'GET', url: `/api/v1/items/${id}` })).body.stageId);
    const sendProposal = (itemId: string, id: string) =>
      t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          id,
          type: 'email.sent',
          subject: { itemId },
          data: { to: ['peter.novak@nordlicht.example'], subject: 'Our proposal for the licence' },
        },
      });

    test('an outgoing proposal moves the deal to "Proposal sent"; an email about something else does not', async () => {
      const deal = await newDeal('Licence A');
      const other = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: { type: 'email.sent', subject: { itemId: deal.id }, data: { subject: 'Happy new year' } },
      });
      assert.equal(other.status, 202);
      assert.equal(await stageOf(deal.id), 'New');
      const sent = await sendProposal(deal.id, 'mail-a-1');
      assert.deepEqual(sent.body, { id: 'mail-a-1', status: 'accepted' });
      assert.equal(await stageOf(deal.id), 'Proposal sent');
    });

    test('three days without an answer: moved to "Needs follow-up" and the manager is notified once', async () => {
      const deal = await newDeal('Licence B');
      await sendProposal(deal.id, 'mail-b-1');
      await t.advance('PT71H');
      assert.equal(await stageOf(deal.id), 'Proposal sent');
      await t.advance('PT1H');
      assert.equal(await stageOf(deal.id), 'Needs follow-up');
      const notes = await t.request({
        method: 'GET',
        url: `/api/v1/notifications?userId=${s3.user('anna')}&itemId=${deal.id}`,
      });
      assert.equal(notes.body.data.length, 1);
      assert.match(notes.body.data[0].title, /No answer: Licence B/);
    });

    test('the client answers first: the deal goes to "Negotiation" and the 3-day run is cancelled, never fires', async () => {
      const deal = await newDeal('Licence C');
      await sendProposal(deal.id, 'mail-c-1');
      await t.advance('PT24H');
      const reply = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          id: 'reply-c-1',
          type: 'email.received',
          subject: { email: 'Peter.Novak@nordlicht.example' },
          data: { from: 'peter.novak@nordlicht.example', subject: 'Re: Our proposal' },
        },
      });
      assert.equal(reply.status, 202);
      assert.equal(await stageOf(deal.id), 'Negotiation');
      await t.advance('PT72H');
      assert.equal(await stageOf(deal.id), 'Negotiation');
      const runs = await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${deal.id}` });
      const cancelled = runs.body.data.filter((run: { status: string }) => run.status === 'cancelled');
      assert.equal(cancelled.length, 1);
      assert.equal(cancelled[0].reason, 'left stage');
      assert.equal(runs.body.data.filter((run: { status: string }) => run.status === 'succeeded').length, 0);
      const journal = await t.request({ method: 'GET', url: `/api/v1/items/${deal.id}/journal?limit=200` });
      const entry = journal.body.data.find((e: { kind: string }) => e.kind === 'run_cancelled');
      assert.ok(entry, 'the journal shows the cancelled run');
      assert.equal(entry.data.reason, 'left stage');
      assert.ok(
        entry.eventId === 'reply-c-1' || entry.rootEventId === 'reply-c-1',
        'the cancellation points to the reply',
      );
    });

    test('a payment for the full amount moves the deal to "Won"; a partial one does not', async () => {
      const deal = await newDeal('Licence D', '1000.00');
      await sendProposal(deal.id, 'mail-d-1');
      const pay = (id: string, amount: string) =>
        t.request({
          method: 'POST',
          url: '/api/v1/events',
          body: {
            id,
            type: 'payment.received',
            subject: { itemId: deal.id },
            data: { amount, currency: 'EUR' },
          },
        });
      await pay('pay-d-1', '400.00');
      assert.equal(await stageOf(deal.id), 'Proposal sent');
      await pay('pay-d-2', '600.00');
      assert.equal(await stageOf(deal.id), 'Won');
      const item = await t.request({ method: 'GET', url: `/api/v1/items/${deal.id}` });
      assert.equal(item.body.paidAmount, '1000.00');
    });

    test('the same event twice changes nothing the second time', async () => {
      const deal = await newDeal('Licence E', '500.00');
      const pay = () =>
        t.request({
          method: 'POST',
          url: '/api/v1/events',
          body: {
            id: 'pay-e-1',
            type: 'payment.received',
            subject: { itemId: deal.id },
            data: { amount: '100.00' },
          },
        });
      assert.equal((await pay()).body.status, 'accepted');
      const again = await pay();
      assert.equal(again.status, 202);
      assert.equal(again.body.status, 'duplicate');
      const item = await t.request({ method: 'GET', url: `/api/v1/items/${deal.id}` });
      assert.equal(item.body.paidAmount, '100.00');
    });

    test('the same event posted twice at the same moment is processed once', async () => {
      const deal = await newDeal('Licence F', '500.00');
      const body = {
        id: 'pay-f-1',
        type: 'payment.received',
        subject: { itemId: deal.id },
        data: { amount: '50.00' },
      };
      const answers = await Promise.all(
        [1, 2, 3].map(() => t.request({ method: 'POST', url: '/api/v1/events', body })),
      );
      assert.deepEqual(answers.map((a) => a.body.status).sort(), ['accepted', 'duplicate', 'duplicate']);
      const item = await t.request({ method: 'GET', url: `/api/v1/items/${deal.id}` });
      assert.equal(item.body.paidAmount, '50.00');
    });
  });
}
