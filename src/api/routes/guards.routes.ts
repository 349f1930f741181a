import { Type } from 'typebox';
import { createGuard, deleteGuard, updateGuard } from '../../automation/commands/save-guard.ts';
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
import { CreateGuardSchema, GuardListQuery, GuardSchema, UpdateGuardSchema } from '../schemas/guards.ts';

const tags = ['guards'];

/** Guards: "an item may enter stage S only if condition C holds, otherwise say M". Admins write them. */
export function registerGuardsRoutes(app: App, context: AppContext): void {
  const { repos } = context;
  const rules = ruleContext(context);

  app.post(
    '/api/v1/guards',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Create a guard',
        description: 'Validated when saved: condition and stage',
        body: CreateGuardSchema,
        response: responses({ 201: GuardSchema }),
      },
    },
    async (request, reply) => {
      const guard = await createGuard(rules, actorOf(request), request.body);
      return reply.status(201).header('etag', `"${guard.version}"`).send(guard);
    },
  );

  app.get(
    '/api/v1/guards',
    {
      schema: {
        tags,
        summary: 'List guards',
        querystring: Type.Object(
          { ...GuardListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(GuardSchema, 'Guard') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return repos.rules.listGuards(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/guards/:id',
    {
      schema: { tags, summary: 'Read a guard', params: IdParams, response: responses({ 200: GuardSchema }) },
    },
    async (request, reply) => {
      const guard = await repos.rules.getGuardOrThrow(request.params.id);
      return reply.header('etag', `"${guard.version}"`).send(guard);
    },
  );

  app.patch(
    '/api/v1/guards/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Update a guard',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateGuardSchema,
        response: responses({ 200: GuardSchema }),
      },
    },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const expected = expectedVersion(version, request.headers['if-match']);
      const guard = await updateGuard(rules, actorOf(request), request.params.id, changes, expected);
      return reply.header('etag', `"${guard.version}"`).send(guard);
    },
  );

  app.delete(
    '/api/v1/guards/:id',
    {
      config: { role: 'admin' },
      schema: { tags, summary: 'Delete a guard', params: IdParams, response: responses({ 204: NoContent }) },
    },
    async (request, reply) => {
      await deleteGuard(rules, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
