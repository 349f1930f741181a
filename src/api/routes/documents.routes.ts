import { Type } from 'typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import {
  IdParams,
  IfMatchHeaders,
  NoContent,
  PageQuery,
  pageOf,
  recordChange,
  responses,
} from '../schemas/common.ts';
import {
  CreateDocumentSchema,
  DocumentListQuery,
  DocumentSchema,
  documentLinesOf,
  UpdateDocumentSchema,
} from '../schemas/documents.ts';
import { changedAmountOf } from '../schemas/items.ts';
import { apiAuthor } from './items.routes.ts';

const tags = ['documents'];

export function registerDocumentsRoutes(app: App, context: AppContext): void {
  const { repos, engine } = context;
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
      const { amount, lines, ...input } = request.body;
      const document = await engine.createDocument(
        { ...input, lines: documentLinesOf(lines), amountMinor: changedAmountOf(amount) },
        apiAuthor(request),
      );
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
      const { version: _, amount, ...changes } = request.body;
      const document = await engine.updateDocument(
        recordChange(request, { ...changes, amountMinor: changedAmountOf(amount) }),
      );
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
