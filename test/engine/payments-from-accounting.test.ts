import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * What an accounting system (1C and the like) sends: payments as payment.received events with its
 * own payment id, the same one again on the next exchange, sometimes also through the payments API.
 * Each payment counts once in the item's paid sum, and what cannot be recorded is said, not dropped.
 */
for (const dialect of DIALECTS) {
  describe(`payments from accounting (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    let wonId: string;
    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: {
          name: 'Accounting',
          entityType: 'deal',
          stages: [{ name: 'Invoice' }, { name: 'Won', semantics: 'won' }],
        },
      });
      pipelineId = pipeline.body.id;
      wonId = pipeline.body.stages[1].id;
      // "Paid in full → Won": a trigger on every payment, held back by the guard until it is all there.
      await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'Paid', stageId: wonId, eventType: 'payment.received' },
      });
      await t.request({
        method: 'POST',
        url: '/api/v1/guards',
        body: {
          name: 'Fully paid',
          stageId: wonId,
          condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' },
          message: 'Payment is not 100 %',
        },
      });
    });
    after(() => t.close());

    const get = async (url: string) => (await t.request({ method: 'GET', url })).body;
    const newDeal = async (amount = '1000.00') =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId, title: 'Deal', amount, currency: 'RUB' },
        })
      ).body as { id: string };
    const postEvent = (body: Record<string, unknown>) =>
      t.request({ method: 'POST', url: '/api/v1/events', body: { type: 'payment.received', ...body } });
    const paid = async (itemId: string) => (await get(`/api/v1/items/${itemId}`)).paidAmount;
    const paymentsOf = async (itemId: string) => (await get(`/api/v1/payments?itemId=${itemId}`)).data;
    const journalOf = async (itemId: string) => (await get(`/api/v1/items/${itemId}/journal?limit=200`)).data;

    test("an event with the sender's paymentId records the payment: paid sum, payment, timeline", async () => {
      const deal = await newDeal();
      const answer = await postEvent({
        id: 'acc-1',
        subject: { itemId: deal.id },
        data: { amount: '400.00', currency: 'RUB', paymentId: '00-000041' },
      });
      assert.equal(answer.status, 202);
      assert.equal(await paid(deal.id), '400.00');
      const [payment] = await paymentsOf(deal.id);
      assert.equal(payment.amount, '400.00');
      assert.equal(payment.source, 'external');
      assert.equal(payment.externalId, '00-000041');
      const timeline = (await get(`/api/v1/items/${deal.id}/timeline`)).data;
      const entry = timeline.find((e: { kind: string }) => e.kind === 'payment_received');
      assert.equal(entry.data.paymentId, payment.id);
      assert.equal(entry.data.eventId, 'acc-1');
    });

    test('the same paymentId in two events (two exchanges) is one payment; the repeat is journaled', async () => {
      const deal = await newDeal();
      const send = (id: string) =>
        postEvent({
          id,
          subject: { itemId: deal.id },
          data: { amount: 1000, paymentId: 'PP-7', source: '1c' },
        });
      assert.equal((await send('exchange-1')).body.status, 'accepted');
      assert.equal((await send('exchange-2')).body.status, 'accepted');
      assert.equal(await paid(deal.id), '1000.00');
      assert.equal((await paymentsOf(deal.id)).length, 1);
      const journal = await journalOf(deal.id);
      const repeat = journal.find(
        (e: { kind: string; eventId: string }) => e.kind === 'event_duplicate' && e.eventId === 'exchange-2',
      );
      assert.match(repeat.message, /Payment PP-7 from 1c is recorded already/);
      // The first payment moved the deal; the repeat planned nothing and moved nothing.
      assert.equal((await get(`/api/v1/items/${deal.id}`)).stageId, wonId);
      const byRepeat = journal.filter((e: { eventId: string }) => e.eventId === 'exchange-2');
      assert.deepEqual(
        byRepeat.map((e: { kind: string }) => e.kind),
        ['event_received', 'event_duplicate'],
      );
    });

    test('two events of one payment processed at the same moment record it once', async () => {
      const deal = await newDeal();
      const answers = await Promise.all(
        ['race-1', 'race-2', 'race-3'].map((id) =>
          postEvent({ id, subject: { itemId: deal.id }, data: { amount: '300.00', paymentId: 'PP-9' } }),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        [202, 202, 202],
      );
      assert.equal(await paid(deal.id), '300.00');
      assert.equal((await paymentsOf(deal.id)).length, 1);
    });

    test('a payment posted through the API and then sent as an event is counted once', async () => {
      const deal = await newDeal();
      const posted = await t.request({
        method: 'POST',
        url: '/api/v1/payments',
        body: { itemId: deal.id, amount: '250.00', source: '1c', externalId: 'PP-11' },
      });
      assert.equal(posted.status, 201);
      assert.equal(posted.body.source, '1c');
      assert.equal(posted.body.externalId, 'PP-11');
      await postEvent({
        id: 'acc-pp-11',
        subject: { itemId: deal.id },
        data: { amount: '250.00', paymentId: 'PP-11', source: '1c' },
      });
      assert.equal(await paid(deal.id), '250.00');
      // And the API again: answered with the payment recorded first (200), nothing added.
      const again = await t.request({
        method: 'POST',
        url: '/api/v1/payments',
        body: { itemId: deal.id, amount: '250.00', source: '1c', externalId: 'PP-11' },
      });
      assert.equal(again.status, 200);
      assert.equal(again.body.id, posted.body.id);
      assert.equal(await paid(deal.id), '250.00');
      assert.equal((await paymentsOf(deal.id)).length, 1);
    });

    test('a payment sent as an event and then posted through the API is counted once', async () => {
      const deal = await newDeal();
      await postEvent({
        id: 'acc-pp-12',
        subject: { itemId: deal.id },
        data: { amount: '70', paymentId: 'PP-12' },
      });
      const posted = await t.request({
        method: 'POST',
        url: '/api/v1/payments',
        body: { itemId: deal.id, amount: '70.00', externalId: 'PP-12' },
      });
      assert.equal(posted.status, 200);
      assert.equal(await paid(deal.id), '70.00');
    });

    test('an event naming the id Stageflow gave a payment posted through the API is that payment', async () => {
      const deal = await newDeal();
      const posted = await t.request({
        method: 'POST',
        url: '/api/v1/payments',
        body: { itemId: deal.id, amount: '120.00' },
      });
      assert.equal(posted.status, 201);
      await postEvent({
        id: 'acc-own-id',
        subject: { itemId: deal.id },
        data: { amount: '120.00', paymentId: posted.body.id },
      });
      assert.equal(await paid(deal.id), '120.00');
      assert.equal((await paymentsOf(deal.id)).length, 1);
    });

    test('the same external id with another amount or item is refused (409) and not counted', async () => {
      const deal = await newDeal();
      const other = await newDeal();
      await t.request({
        method: 'POST',
        url: '/api/v1/payments',
        body: { itemId: deal.id, amount: '10.00', source: 'bank', externalId: 'B-1' },
      });
      for (const body of [
        { itemId: deal.id, amount: '11.00', source: 'bank', externalId: 'B-1' },
        { itemId: other.id, amount: '10.00', source: 'bank', externalId: 'B-1' },
      ]) {
        const answer = await t.request({ method: 'POST', url: '/api/v1/payments', body });
        assert.equal(answer.status, 409);
        assert.equal(answer.body.code, 'payment_conflict');
      }
      assert.equal(await paid(deal.id), '10.00');
      assert.equal(await paid(other.id), '0.00');
    });

    test('a payment in another currency fails the event, journaled on the item; nothing is counted', async () => {
      const deal = await newDeal();
      const answer = await postEvent({
        id: 'acc-usd',
        subject: { itemId: deal.id },
        data: { amount: '1000.00', currency: 'USD', paymentId: 'PP-USD' },
      });
      assert.equal(answer.status, 202);
      assert.equal(await paid(deal.id), '0.00');
      assert.deepEqual(await paymentsOf(deal.id), []);
      const failure = (await journalOf(deal.id)).find(
        (e: { kind: string; eventId: string }) => e.kind === 'event_failed' && e.eventId === 'acc-usd',
      );
      assert.ok(failure, 'the failure is in the item journal');
      assert.match(
        failure.message,
        /Payment not recorded: \/data\/currency: must be the item's currency, RUB/,
      );
    });

    test('a payment of zero fails the event, journaled; one naming its document reaches the item', async () => {
      const deal = await newDeal();
      await postEvent({ id: 'acc-zero', subject: { itemId: deal.id }, data: { amount: '0.00' } });
      const failure = (await journalOf(deal.id)).find((e: { kind: string }) => e.kind === 'event_failed');
      assert.match(failure.message, /\/data\/amount: must be greater than zero/);

      const invoice = await t.request({
        method: 'POST',
        url: '/api/v1/documents',
        body: { itemId: deal.id, kind: 'invoice', number: 'I-1', amount: '1000.00' },
      });
      await postEvent({ id: 'acc-doc', subject: { documentId: invoice.body.id }, data: { amount: '99.99' } });
      const [payment] = await paymentsOf(deal.id);
      assert.equal(payment.documentId, invoice.body.id);
      assert.equal(await paid(deal.id), '99.99');
    });

    test('a payment event taken in without an amount (past the API checks) fails, journaled on the item', async () => {
      const deal = await newDeal();
      await t.context.engine.accept([
        {
          id: 'acc-no-amount',
          type: 'payment.received',
          source: 'accounting',
          occurredAt: t.clock.now(),
          subject: { itemId: deal.id },
          data: { paymentId: 'PP-none' },
        },
      ]);
      await t.automation.runner.drain();
      const failure = (await journalOf(deal.id)).find(
        (e: { kind: string; eventId: string }) => e.kind === 'event_failed' && e.eventId === 'acc-no-amount',
      );
      assert.match(failure.message, /Payment not recorded: \/data\/amount: is required/);
      assert.equal(await paid(deal.id), '0.00');
    });

    test('a payment event must name its item or document and carry an amount (400 naming the field)', async () => {
      const deal = await newDeal();
      const cases: [Record<string, unknown>, string][] = [
        [{ subject: { email: 'client@example.com' }, data: { amount: '1.00' } }, '/body/subject'],
        [{ subject: { itemId: deal.id }, data: { paymentId: 'PP-0' } }, '/body/data/amount'],
      ];
      for (const [body, field] of cases) {
        const answer = await postEvent(body);
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.equal(answer.body.errors[0].field, field);
      }
      const source = await t.request({
        method: 'POST',
        url: '/api/v1/payments',
        body: { itemId: deal.id, amount: '1.00', source: '1c' },
      });
      assert.equal(source.status, 400);
      assert.equal(source.body.errors[0].field, '/body/externalId');
      assert.equal(await paid(deal.id), '0.00');
    });
  });
}
