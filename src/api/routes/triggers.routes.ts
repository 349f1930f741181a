import { Type } from 'typebox';
import { createTrigger, deleteTrigger, updateTrigger } from '../../automation/commands/save-trigger.ts';
import { actorOf, ruleContext } from '../actor.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
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
  CreateTriggerSchema,
  TriggerListQuery,
  TriggerSchema,
  UpdateTriggerSchema,
} from '../schemas/triggers.ts';

const tags = ['triggers'];

/** Triggers: "when event E happens to an item of the pipeline, move it to stage S". Admins write them. */
export function registerTriggersRoutes(app: App, context: AppContext): void {
  const { repos } = context;
  const rules = ruleContext(context);

  app.post(
    '/api/v1/triggers',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Create a trigger',
        description:
          'Validated when saved: event type, filter, condition and target stage. Recorded in the history (GET /revisions).',
        body: CreateTriggerSchema,
        response: responses({ 201: TriggerSchema }),
      },
    },
    async (request, reply) => {
      const trigger = await createTrigger(rules, actorOf(request), request.body);
      return reply.status(201).header('etag', `"${trigger.version}"`).send(trigger);
    },
  );

  app.get(
    '/api/v1/triggers',
    {
      schema: {
        tags,
        summary: 'List triggers',
        querystring: Type.Object(
          { ...TriggerListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(TriggerSchema, 'Trigger') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return repos.rules.listTriggers(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/triggers/:id',
    {
      schema: {
        tags,
        summary: 'Read a trigger',
        params: IdParams,
        response: responses({ 200: TriggerSchema }),
      },
    },
    async (request, reply) => {
      const trigger = await repos.rules.getTriggerOrThrow(request.params.id);
      return reply.header('etag', `"${trigger.version}"`).send(trigger);
    },
  );

  app.patch(
    '/api/v1/triggers/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Update a trigger',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateTriggerSchema,
        response: responses({ 200: TriggerSchema }),
      },
    },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const expected = expectedVersion(version, request.headers['if-match']);
      const trigger = await updateTrigger(rules, actorOf(request), request.params.id, changes, expected);
      return reply.header('etag', `"${trigger.version}"`).send(trigger);
    },
  );

  app.delete(
    '/api/v1/triggers/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Delete a trigger',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await deleteTrigger(rules, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
