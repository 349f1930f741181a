import { Type } from 'typebox';
import { conflict, invalid } from '../../domain/errors.ts';
import type { Author, Payment } from '../../domain/item.ts';
import { formatMoney } from '../../domain/money.ts';
import { inTransaction, type Repositories } from '../../store/repositories/index.ts';
import type { PaymentChange } from '../../store/repositories/payments-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { InternalEvents } from '../internal-events.ts';
import { IdParams, NoContent, PageQuery, pageOf, responses } from '../schemas/common.ts';
import { amountOf } from '../schemas/items.ts';
import {
  CreatePaymentSchema,
  PaymentListQuery,
  PaymentSchema,
  UpdatePaymentSchema,
} from '../schemas/payments.ts';
import { apiAuthor } from './items.routes.ts';

const tags = ['payments'];

type PaymentKind = 'payment_received' | 'payment_changed' | 'payment_deleted';

const describe = (kind: PaymentKind, payment: Payment, deltaMinor: number): string => {
  const money = `${payment.amount} ${payment.currency}`;
  if (kind === 'payment_received') return `Payment of ${money} received`;
  if (kind === 'payment_deleted') return `Payment of ${money} deleted`;
  return `Payment changed by ${formatMoney(deltaMinor)} to ${money}`;
};

/**
 * Every payment write moves the item's paid sum by the payment's change, and says so in the
 * timeline, in the caller's transaction: the paid sum always equals the sum of the payments.
 */
async function applyToItem(
  tx: Repositories,
  kind: PaymentKind,
  change: PaymentChange,
  author: Author,
  now: Date,
): Promise<void> {
  const { payment, deltaMinor } = change;
  if (deltaMinor === 0) return;
  if (!(await tx.items.addPaid(payment.itemId, deltaMinor, payment.currency, now))) {
    throw conflict('currency_mismatch', `Item ${payment.itemId} is no longer in ${payment.currency}`);
  }
  await tx.timeline.add(
    {
      itemId: payment.itemId,
      kind,
      text: describe(kind, payment, deltaMinor),
      data: {
        paymentId: payment.id,
        documentId: payment.documentId,
        amount: payment.amount,
        change: formatMoney(deltaMinor),
        currency: payment.currency,
      },
      author,
    },
    now,
  );
}

export function registerPaymentsRoutes(app: App, context: AppContext): void {
  const { repos, clock, store, ids } = context;
  const events = new InternalEvents(context.engine, context.ids, context.clock);
  app.post(
    '/api/v1/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment for an item',
        description: "Adds the amount to the item's paid sum and writes it to the item timeline",
        body: CreatePaymentSchema,
        response: responses({ 201: PaymentSchema }),
      },
    },
    async (request, reply) => {
      const { itemId, documentId = null, reference = null } = request.body;
      const item = await repos.items.find(itemId);
      if (item === undefined) throw invalid('/body/itemId', `item ${itemId} does not exist`);
      const amountMinor = amountOf(request.body.amount, '/body/amount', 'positive');
      const currency = request.body.currency ?? item.currency;
      if (currency !== item.currency) {
        throw invalid('/body/currency', `must be the item's currency, ${item.currency}`);
      }
      if (documentId !== null) {
        const document = await repos.documents.find(documentId);
        if (document?.itemId !== itemId) {
          throw invalid('/body/documentId', `document ${documentId} is not a document of item ${itemId}`);
        }
      }
      const now = clock.now();
      const paidAt = request.body.paidAt === undefined ? now : new Date(request.body.paidAt);
      const payment = await inTransaction(store.db, ids, async (tx) => {
        const change = await tx.payments.create(
          { itemId, documentId, amountMinor, currency, paidAt, reference },
          now,
        );
        await applyToItem(tx, 'payment_received', change, apiAuthor(request), now);
        await events.payment(tx.events, change.payment);
        return change.payment;
      });
      await events.settle();
      return reply.status(201).send(payment);
    },
  );

  app.get(
    '/api/v1/payments',
    {
      schema: {
        tags,
        summary: 'List payments',
        querystring: Type.Object(
          { ...PaymentListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(PaymentSchema, 'Payment') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return repos.payments.list(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/payments/:id',
    {
      schema: {
        tags,
        summary: 'Read a payment',
        params: IdParams,
        response: responses({ 200: PaymentSchema }),
      },
    },
    async (request) => repos.payments.getOrThrow(request.params.id),
  );

  app.patch(
    '/api/v1/payments/:id',
    {
      schema: {
        tags,
        summary: 'Correct a payment',
        description: "A new amount moves the item's paid sum by the difference",
        params: IdParams,
        body: UpdatePaymentSchema,
        response: responses({ 200: PaymentSchema }),
      },
    },
    async (request) => {
      const id = request.params.id;
      await repos.payments.getOrThrow(id);
      const { amount, paidAt, reference } = request.body;
      const amountMinor = amount === undefined ? undefined : amountOf(amount, '/body/amount', 'positive');
      const now = clock.now();
      return inTransaction(store.db, ids, async (tx) => {
        const change = await tx.payments.update(id, {
          amountMinor,
          paidAt: paidAt === undefined ? undefined : new Date(paidAt),
          reference,
        });
        await applyToItem(tx, 'payment_changed', change, apiAuthor(request), now);
        return change.payment;
      });
    },
  );

  app.delete(
    '/api/v1/payments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a payment',
        description: "Subtracts the amount from the item's paid sum",
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await inTransaction(store.db, ids, async (tx) => {
        const change = await tx.payments.delete(request.params.id);
        await applyToItem(tx, 'payment_deleted', change, apiAuthor(request), clock.now());
      });
      return reply.status(204).send(null);
    },
  );
}
