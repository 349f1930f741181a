import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import {
  AssignBankPaymentSchema,
  AssignedBankPaymentSchema,
  BankPaymentListQuery,
  BankPaymentSchema,
  BankStatementSummarySchema,
  RawStatementSchema,
} from '../schemas/bank-payments.ts';
import { IdParams, PageQuery, pageOf, responses } from '../schemas/common.ts';
import { apiAuthor } from './items.routes.ts';

/** The largest statement file taken: a year of a busy account is a few MiB. */
export const MAX_STATEMENT_BYTES = 10 * 1024 * 1024;
const STATEMENT_TYPES = ['text/plain', 'application/octet-stream'];
const tags = ['bank statements'];

export function registerBankPaymentsRoutes(app: App, context: AppContext): void {
  const { repos, engine } = context;

  // Only this scope reads raw text bodies; the rest of the API stays JSON.
  app.register(async (raw) => {
    const scope = raw.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      STATEMENT_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_STATEMENT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/v1/bank-statements',
      {
        bodyLimit: MAX_STATEMENT_BYTES,
        schema: {
          tags,
          summary: 'Import a bank statement (1CClientBankExchange)',
          description:
            'The body is the file itself (text/plain or application/octet-stream, at most 10 MiB, Windows-1251 ' +
            'or UTF-8). Incoming payments that name an invoice, an item or a known payer INN are recorded for ' +
            'that item (source "bank-statement", once per payment); the rest wait to be assigned. A file that ' +
            'does not parse changes nothing: 400 bank_statement_invalid naming the line.',
          body: {
            content: Object.fromEntries(
              STATEMENT_TYPES.map((type) => [type, { schema: RawStatementSchema }]),
            ),
          },
          response: responses({ 200: BankStatementSummarySchema }),
        },
      },
      async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) {
          const detail = `The body must be the statement file itself: ${STATEMENT_TYPES.join(' or ')}`;
          throw new AppError('unsupported_media_type', 'invalid', detail);
        }
        return engine.importBankStatement(body, apiAuthor(request));
      },
    );
  });

  app.get(
    '/api/v1/bank-payments',
    {
      schema: {
        tags,
        summary: 'List incoming bank statement payments',
        description: 'status=unmatched lists the payments waiting for a person to assign them',
        querystring: Type.Object(
          { ...BankPaymentListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(BankPaymentSchema, 'BankPayment') }),
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      return repos.bankPayments.list({ status }, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/bank-payments/:id',
    {
      schema: {
        tags,
        summary: 'Read an incoming bank statement payment',
        params: IdParams,
        response: responses({ 200: BankPaymentSchema }),
      },
    },
    async (request) => repos.bankPayments.getOrThrow(request.params.id),
  );

  app.post(
    '/api/v1/bank-payments/:id/assign',
    {
      schema: {
        tags,
        summary: 'Assign a waiting bank payment to an item',
        description:
          'Records the payment for the item (payment.received follows); 409 when it is recorded already',
        params: IdParams,
        body: AssignBankPaymentSchema,
        response: responses({ 200: AssignedBankPaymentSchema }),
      },
    },
    async (request) => engine.assignBankPayment(request.params.id, request.body.itemId, apiAuthor(request)),
  );
}
