import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';
import { type LoadedScenario, loadScenario } from '../support/scenario.ts';

/** SCENARIOS.md S1 through the public API; mail goes to the outbox (no SMTP_URL). */
for (const dialect of DIALECTS) {
  describe(`S1 Romashka: cold call to shipment (${dialect})`, () => {
    let t: TestApp;
    let s1: LoadedScenario;
    before(async () => {
      t = await createTestApp(dialect);
      s1 = await loadScenario(t, 's1');
    });
    after(() => t.close());

    const get = async (url: string) => (await t.request({ method: 'GET', url })).body;
    const stageOf = async (id: string) => s1.stageName((await get(`/api/v1/items/${id}`)).stageId);
    const newDeal = async (title: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: {
            pipelineId: s1.pipelineId,
            title,
            amount: '150000.00',
            currency: 'RUB',
            contactId: s1.contact('pavel'),
            responsibleId: s1.user('anna'),
          },
        })
      ).body;
    const postDocument = (itemId: string, kind: string, status: string, number: string) =>
      t.request({
        method: 'POST',
        url: '/api/v1/documents',
        body: { itemId, kind, number, amount: '150000.00', status },
      });

    test('the whole path: task, quote, supervisor, invoice, refused early close, payment, won', async () => {
      const deal = await newDeal('Kvant: 40 lockers');
      assert.equal(await stageOf(deal.id), 'Info letter');

      // Step 1: the information letter goes to the contact (the outbox: no SMTP server here).
      const outbox = (await get(`/api/v1/outbox?itemId=${deal.id}`)).data;
      assert.equal(outbox.length, 1);
      assert.deepEqual(outbox[0].to, ['"Pavel Sergeev" <p.sergeev@kvant.example>']);
      assert.match(
        outbox[0].text,
        /Romashka Ltd can offer Kvant Engineering for "Kvant: 40 lockers" \(150 000\.00 RUB\)/,
      );

      // "Call the client back", due the next working day at 10:00 in Anna's time zone
      // (Monday 14:00 in Yekaterinburg → Tuesday 10:00 = 05:00 UTC).
      const tasks = (await get(`/api/v1/tasks?itemId=${deal.id}`)).data;
      assert.equal(tasks.length, 1);
      assert.equal(tasks[0].title, 'Call the client back: Kvant: 40 lockers');
      assert.equal(tasks[0].responsibleId, s1.user('anna'));
      assert.equal(tasks[0].deadline, '2026-03-03T05:00:00.000Z');
      assert.ok(tasks[0].createdByRobotId);

      // Step 2: a posted quote moves the deal to Proposal.
      assert.equal((await postDocument(deal.id, 'quote', 'posted', 'Q-17')).status, 201);
      assert.equal(await stageOf(deal.id), 'Proposal');
      const afterQuote = await get(`/api/v1/items/${deal.id}`);
      assert.equal(afterQuote.fields.potentialRevenue, '150000.00');
      const olga = (await get(`/api/v1/notifications?userId=${s1.user('olga')}`)).data;
      assert.equal(olga.length, 1, 'the supervisor gets exactly one notification');
      assert.match(olga[0].title, /Kvant: 40 lockers/);
      assert.match(olga[0].body, /Kvant Engineering \(Pavel Sergeev\), 150 000\.00 RUB/);
      const activities = (await get(`/api/v1/activities?itemId=${deal.id}`)).data;
      assert.equal(activities.length, 1);
      assert.equal(activities[0].type, 'call');
      assert.equal(activities[0].status, 'planned');

      // Step 3: an invoice moves it to Invoice, where a robot asks to check the payment.
      await postDocument(deal.id, 'invoice', 'draft', 'I-17');
      assert.equal(await stageOf(deal.id), 'Invoice');
      const titles = (await get(`/api/v1/tasks?itemId=${deal.id}`)).data.map(
        (task: { title: string }) => task.title,
      );
      assert.ok(titles.includes('Check the payment: Kvant: 40 lockers'));

      // Step 4: the shipment is posted before the money comes: the guard refuses the move to Won.
      await postDocument(deal.id, 'shipment', 'posted', 'S-17');
      assert.equal(await stageOf(deal.id), 'Invoice');
      const journal = (await get(`/api/v1/items/${deal.id}/journal?limit=200`)).data;
      const refusal = journal.find((entry: { kind: string }) => entry.kind === 'move_refused');
      assert.ok(refusal, 'the refused move is journaled');
      assert.match(refusal.message, /Payment is not 100 %/);
      const anna = (await get(`/api/v1/notifications?userId=${s1.user('anna')}&itemId=${deal.id}`)).data;
      assert.ok(anna.some((n: { body: string }) => /Payment is not 100 %/.test(n.body)));

      // The payment from accounting covers the amount: the deal is won, robot tasks completed.
      const paid = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          id: 'acc-pay-17',
          type: 'payment.received',
          subject: { itemId: deal.id },
          data: { amount: '150000.00', currency: 'RUB' },
        },
      });
      assert.equal(paid.status, 202);
      assert.equal(await stageOf(deal.id), 'Won');
      const open = (await get(`/api/v1/tasks?itemId=${deal.id}`)).data.filter(
        (task: { status: string }) => task.status !== 'completed',
      );
      assert.deepEqual(open, []);
      assert.equal((await get(`/api/v1/notifications?userId=${s1.user('olga')}`)).data.length, 1);

      const timeline = (await get(`/api/v1/items/${deal.id}/timeline?limit=200`)).data.map(
        (e: { kind: string }) => e.kind,
      );
      // Info letter → Proposal → Invoice → Won, each visible in the timeline.
      assert.equal(timeline.filter((kind: string) => kind === 'stage_changed').length, 3);
      assert.ok(timeline.includes('robot_entry') === false);
      assert.ok(timeline.includes('document_created'));
    });

    test('1C payments carrying their own paymentId count once each and open the "fully paid" guard', async () => {
      const deal = await newDeal('Kvant: 12 shelves');
      await postDocument(deal.id, 'invoice', 'draft', 'I-18');
      await postDocument(deal.id, 'shipment', 'posted', 'S-18');
      assert.equal(await stageOf(deal.id), 'Invoice');
      // As 1C sends a bank statement line: its own document id, every exchange a new event id.
      const from1c = (eventId: string, paymentId: string, amount: string) =>
        t.request({
          method: 'POST',
          url: '/api/v1/events',
          body: {
            id: eventId,
            type: 'payment.received',
            subject: { itemId: deal.id },
            data: { amount, currency: 'RUB', paymentId, source: '1c' },
          },
        });
      assert.equal((await from1c('1c-exchange-1', 'ПП-000118', '100000.00')).status, 202);
      assert.equal((await get(`/api/v1/items/${deal.id}`)).paidAmount, '100000.00');
      assert.equal(await stageOf(deal.id), 'Invoice', 'two thirds paid: the guard still refuses');
      let journal = (await get(`/api/v1/items/${deal.id}/journal?limit=200`)).data;
      const refusals = journal.filter(
        (entry: { kind: string; eventId: string }) =>
          entry.kind === 'move_refused' && entry.eventId === '1c-exchange-1',
      );
      assert.equal(refusals.length, 1);
      assert.match(refusals[0].message, /Payment is not 100 %/);

      // The next exchange sends the same payment again: it is not counted twice.
      assert.equal((await from1c('1c-exchange-2', 'ПП-000118', '100000.00')).body.status, 'accepted');
      assert.equal((await get(`/api/v1/items/${deal.id}`)).paidAmount, '100000.00');
      assert.equal(await stageOf(deal.id), 'Invoice');

      await from1c('1c-exchange-3', 'ПП-000131', '50000.00');
      assert.equal((await get(`/api/v1/items/${deal.id}`)).paidAmount, '150000.00');
      assert.equal(await stageOf(deal.id), 'Won');
      const payments = (await get(`/api/v1/payments?itemId=${deal.id}`)).data;
      assert.deepEqual(
        payments.map((p: { externalId: string; source: string; amount: string }) => [
          p.source,
          p.externalId,
          p.amount,
        ]),
        [
          ['1c', 'ПП-000118', '100000.00'],
          ['1c', 'ПП-000131', '50000.00'],
        ],
      );
      journal = (await get(`/api/v1/items/${deal.id}/journal?limit=200`)).data;
      const repeat = journal.find(
        (entry: { kind: string; eventId: string }) =>
          entry.kind === 'event_duplicate' && entry.eventId === '1c-exchange-2',
      );
      assert.match(repeat.message, /Payment ПП-000118 from 1c is recorded already/);
    });

    test('a manual move to Won before payment answers 409 with the guard message and changes nothing', async () => {
      const deal = await newDeal('Kvant: 2 cabinets');
      const response = await t.request({
        method: 'POST',
        url: `/api/v1/items/${deal.id}/move`,
        body: { stageId: s1.stage('Won') },
      });
      assert.equal(response.status, 409);
      assert.equal(response.body.code, 'guard_refused');
      assert.equal(response.body.detail, 'Payment is not 100 %');
      assert.equal(await stageOf(deal.id), 'Info letter');
      const journal = (await get(`/api/v1/items/${deal.id}/journal?limit=200`)).data;
      assert.ok(journal.some((entry: { kind: string }) => entry.kind === 'move_refused'));
    });
  });
}
