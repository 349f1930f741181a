import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Author } from '../../domain/item.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import {
  expectedVersion,
  IdParams,
  IfMatchHeaders,
  NoContent,
  PageQuery,
  pageOf,
  recordChange,
  responses,
} from '../schemas/common.ts';
import {
  amountOf,
  CreateItemSchema,
  CreateNoteSchema,
  changedAmountOf,
  ItemListQuery,
  ItemSchema,
  MoveItemSchema,
  TimelineEntrySchema,
  UpdateItemSchema,
} from '../schemas/items.ts';

const tags = ['items'];

/** Changes made through the API are written to the timeline as the signed-in user's or the token's. */
export const apiAuthor = (request: FastifyRequest): Author =>
  request.principal?.userId === undefined
    ? { type: 'api', id: request.token?.id ?? null }
    : { type: 'user', id: request.principal.userId };

export function registerItemsRoutes(app: App, context: AppContext): void {
  const { repos, engine } = context;
  app.post(
    '/api/v1/items',
    {
      schema: {
        tags,
        summary: 'Create an item',
        body: CreateItemSchema,
        response: responses({ 201: ItemSchema }),
      },
    },
    async (request, reply) => {
      const { amount, ...input } = request.body;
      const amountMinor = amount === undefined ? 0 : amountOf(amount, '/body/amount', 'zero');
      // Through the engine, which also checks the people, the pipeline and the start stage:
      // creation counts as entering the stage, so its robots are planned.
      const item = await engine.createItem({ ...input, amountMinor }, apiAuthor(request));
      return reply.status(201).header('etag', `"${item.version}"`).send(item);
    },
  );

  app.get(
    '/api/v1/items',
    {
      schema: {
        tags,
        summary: 'List items',
        querystring: Type.Object(
          { ...ItemListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(ItemSchema, 'Item') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return repos.items.list(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/items/:id',
    { schema: { tags, summary: 'Read an item', params: IdParams, response: responses({ 200: ItemSchema }) } },
    async (request, reply) => {
      const item = await repos.items.getOrThrow(request.params.id);
      return reply.header('etag', `"${item.version}"`).send(item);
    },
  );

  app.patch(
    '/api/v1/items/:id',
    {
      schema: {
        tags,
        summary: 'Update an item',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateItemSchema,
        response: responses({ 200: ItemSchema }),
      },
    },
    async (request, reply) => {
      const { version: _, amount, ...changes } = request.body;
      const item = await engine.updateItem(
        recordChange(request, { ...changes, amountMinor: changedAmountOf(amount) }),
      );
      return reply.header('etag', `"${item.version}"`).send(item);
    },
  );

  app.delete(
    '/api/v1/items/:id',
    {
      schema: { tags, summary: 'Delete an item', params: IdParams, response: responses({ 204: NoContent }) },
    },
    async (request, reply) => {
      await repos.items.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/items/:id/move',
    {
      schema: {
        tags,
        summary: 'Move an item to another stage of its pipeline',
        description: 'Moving to the current stage changes nothing. The move is written to the timeline.',
        params: IdParams,
        headers: IfMatchHeaders,
        body: MoveItemSchema,
        response: responses({ 200: ItemSchema }),
      },
    },
    async (request, reply) => {
      const { item } = await engine.moveItem({
        itemId: request.params.id,
        toStageId: request.body.stageId,
        expectedVersion: expectedVersion(request.body.version, request.headers['if-match']),
        author: apiAuthor(request),
      });
      return reply.header('etag', `"${item.version}"`).send(item);
    },
  );

  app.get(
    '/api/v1/items/:id/timeline',
    {
      schema: {
        tags,
        summary: "Read an item's timeline, oldest first",
        params: IdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: responses({ 200: pageOf(TimelineEntrySchema, 'TimelineEntry') }),
      },
    },
    async (request) => {
      await repos.items.getOrThrow(request.params.id);
      return repos.timeline.listForItem(request.params.id, request.query);
    },
  );

  app.post(
    '/api/v1/items/:id/timeline',
    {
      schema: {
        tags,
        summary: "Add a note to an item's timeline",
        params: IdParams,
        body: CreateNoteSchema,
        response: responses({ 201: TimelineEntrySchema }),
      },
    },
    async (request, reply) => {
      const note = { itemId: request.params.id, text: request.body.text };
      const entry = await engine.addNote(note, apiAuthor(request));
      return reply.status(201).send(entry);
    },
  );
}
