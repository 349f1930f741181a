import { Type } from 'typebox';
import { invalid } from '../../domain/errors.ts';
import { DEFAULT_CURRENCY, type Item } from '../../domain/item.ts';
import { inTransaction } from '../../store/repositories/index.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { InternalEvents } from '../internal-events.ts';
import {
  expectedVersion,
  IdParams,
  IfMatchHeaders,
  NoContent,
  PageQuery,
  pageOf,
  responses,
} from '../schemas/common.ts';
import {
  CreateDocumentSchema,
  DocumentListQuery,
  DocumentSchema,
  UpdateDocumentSchema,
} from '../schemas/documents.ts';
import { amountOf } from '../schemas/items.ts';
import { apiAuthor } from './items.routes.ts';

const tags = ['documents'];

export function registerDocumentsRoutes(app: App, context: AppContext): void {
  const { repos, clock, store, ids } = context;
  const events = new InternalEvents(context.engine, context.ids, context.clock);
  app.post(
    '/api/v1/documents',
    {
      schema: {
        tags,
        summary: 'Create a document',
        description: 'A document of an item is written to the item timeline',
        body: CreateDocumentSchema,
        response: responses({ 201: DocumentSchema }),
      },
    },
    async (request, reply) => {
      const { itemId = null, amount, currency, status = 'draft', kind, number } = request.body;
      let item: Item | undefined;
      if (itemId !== null) {
        item = await repos.items.find(itemId);
        if (item === undefined) throw invalid('/body/itemId', `item ${itemId} does not exist`);
      }
      const amountMinor = amountOf(amount ?? item?.amount ?? '0', '/body/amount', 'zero');
      const input = {
        itemId,
        kind,
        number,
        amountMinor,
        currency: currency ?? item?.currency ?? DEFAULT_CURRENCY,
        status,
      };
      const now = clock.now();
      const document = await inTransaction(store.db, ids, context.phones, async (tx) => {
        const created = await tx.documents.create(input, now);
        if (created.itemId !== null) {
          await tx.timeline.add(
            {
              itemId: created.itemId,
              kind: 'document_created',
              text: `Document ${created.kind} ${created.number} created for ${created.amount} ${created.currency}`,
              data: {
                documentId: created.id,
                kind: created.kind,
                number: created.number,
                amount: created.amount,
                currency: created.currency,
              },
              author: apiAuthor(request),
            },
            now,
          );
        }
        await events.document(tx.events, undefined, created);
        return created;
      });
      await events.settle();
      return reply.status(201).header('etag', `"${document.version}"`).send(document);
    },
  );

  app.get(
    '/api/v1/documents',
    {
      schema: {
        tags,
        summary: 'List documents',
        querystring: Type.Object(
          { ...DocumentListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(DocumentSchema, 'Document') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return repos.documents.list(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/documents/:id',
    {
      schema: {
        tags,
        summary: 'Read a document',
        params: IdParams,
        response: responses({ 200: DocumentSchema }),
      },
    },
    async (request, reply) => {
      const document = await repos.documents.getOrThrow(request.params.id);
      return reply.header('etag', `"${document.version}"`).send(document);
    },
  );

  app.patch(
    '/api/v1/documents/:id',
    {
      schema: {
        tags,
        summary: 'Update a document',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateDocumentSchema,
        response: responses({ 200: DocumentSchema }),
      },
    },
    async (request, reply) => {
      const { version, amount, ...changes } = request.body;
      const id = request.params.id;
      const before = await repos.documents.getOrThrow(id);
      const amountMinor = amount === undefined ? undefined : amountOf(amount, '/body/amount', 'zero');
      const expected = expectedVersion(version, request.headers['if-match']);
      const document = await inTransaction(store.db, ids, context.phones, async (tx) => {
        const updated = await tx.documents.update(id, { ...changes, amountMinor }, expected, clock.now());
        await events.document(tx.events, before, updated);
        return updated;
      });
      await events.settle();
      return reply.header('etag', `"${document.version}"`).send(document);
    },
  );

  app.delete(
    '/api/v1/documents/:id',
    {
      schema: {
        tags,
        summary: 'Delete a document',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await repos.documents.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
