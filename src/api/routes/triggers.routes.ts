import { Type } from 'typebox';
import { validateTrigger } from '../../automation/rule-validation.ts';
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
import { ruleValidationDeps } from './rule-deps.ts';

const tags = ['triggers'];

/** Triggers: "when event E happens to an item of the pipeline, move it to stage S". Admins write them. */
export function registerTriggersRoutes(app: App, { repos, clock }: AppContext): void {
  const deps = ruleValidationDeps(repos);

  app.post(
    '/api/v1/triggers',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Create a trigger',
        description: 'Validated when saved: event type, filter, condition and target stage',
        body: CreateTriggerSchema,
        response: responses({ 201: TriggerSchema }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { pipelineId } = await validateTrigger(
        { ...body, filter: body.filter ?? null, condition: body.condition ?? null },
        deps,
      );
      const trigger = await repos.rules.createTrigger({ ...body, pipelineId }, clock.now());
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
      const current = await repos.rules.getTriggerOrThrow(request.params.id);
      const { pipelineId } = await validateTrigger(
        {
          stageId: changes.stageId ?? current.stageId,
          pipelineId: changes.pipelineId ?? current.pipelineId,
          eventType: changes.eventType ?? current.eventType,
          filter: changes.filter !== undefined ? changes.filter : current.filter,
          condition: changes.condition !== undefined ? changes.condition : current.condition,
        },
        deps,
      );
      const expected = expectedVersion(version, request.headers['if-match']);
      const trigger = await repos.rules.updateTrigger(
        current.id,
        { ...changes, pipelineId },
        expected,
        clock.now(),
      );
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
      await repos.rules.deleteTrigger(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
