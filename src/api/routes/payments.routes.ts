import { Type } from 'typebox';
import { invalid } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
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

export function registerPaymentsRoutes(app: App, context: AppContext): void {
  const { repos, engine } = context;
  app.post(
    '/api/v1/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment for an item',
        description: "Adds the amount to the item's paid sum and writes it to the item timeline",
        body: CreatePaymentSchema,
        response: responses({ 200: PaymentSchema, 201: PaymentSchema }),
      },
    },
    async (request, reply) => {
      const { itemId, documentId, reference, source, externalId } = request.body;
      if (source !== undefined && externalId === undefined) {
        throw invalid('/body/externalId', 'is required with a source: the id of the payment in that system');
      }
      const { payment, created } = await engine.recordPayment(
        {
          itemId,
          amountMinor: amountOf(request.body.amount, '/body/amount', 'positive'),
          currency: request.body.currency,
          documentId,
          paidAt: request.body.paidAt === undefined ? undefined : new Date(request.body.paidAt),
          reference,
          source,
          externalId,
        },
        apiAuthor(request),
      );
      // The same external payment again is answered with the one recorded first.
      return reply.status(created ? 201 : 200).send(payment);
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
      const { amount, paidAt, reference } = request.body;
      return engine.correctPayment(
        request.params.id,
        {
          amountMinor: amount === undefined ? undefined : amountOf(amount, '/body/amount', 'positive'),
          paidAt: paidAt === undefined ? undefined : new Date(paidAt),
          reference,
        },
        apiAuthor(request),
      );
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
      await engine.deletePayment(request.params.id, apiAuthor(request));
      return reply.status(204).send(null);
    },
  );
}
