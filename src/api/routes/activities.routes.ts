import { Type } from 'typebox';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import {
  ActivityListQuery,
  ActivitySchema,
  CreateActivitySchema,
  UpdateActivitySchema,
} from '../schemas/activities.ts';
import {
  IdParams,
  IfMatchHeaders,
  NoContent,
  PageQuery,
  pageOf,
  recordChange,
  responses,
} from '../schemas/common.ts';
import { apiAuthor } from './items.routes.ts';
import { instantField } from './tasks.routes.ts';

const tags = ['activities'];

export function registerActivitiesRoutes(app: App, { repos, engine }: AppContext): void {
  app.post(
    '/api/v1/activities',
    {
      schema: {
        tags,
        summary: 'Plan an activity',
        description: "Without a stageId the activity belongs to the item's current stage",
        body: CreateActivitySchema,
        response: responses({ 201: ActivitySchema }),
      },
    },
    async (request, reply) => {
      const { dueAt, ...input } = request.body;
      const activity = await engine.createActivity(
        { ...input, dueAt: instantField('/body/dueAt', dueAt) },
        apiAuthor(request),
      );
      return reply.status(201).header('etag', `"${activity.version}"`).send(activity);
    },
  );

  app.get(
    '/api/v1/activities',
    {
      schema: {
        tags,
        summary: 'List activities',
        querystring: Type.Object(
          { ...ActivityListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(ActivitySchema, 'Activity') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return repos.activities.list(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/activities/:id',
    {
      schema: {
        tags,
        summary: 'Read an activity',
        params: IdParams,
        response: responses({ 200: ActivitySchema }),
      },
    },
    async (request, reply) => {
      const activity = await repos.activities.getOrThrow(request.params.id);
      return reply.header('etag', `"${activity.version}"`).send(activity);
    },
  );

  app.patch(
    '/api/v1/activities/:id',
    {
      schema: {
        tags,
        summary: 'Update an activity',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateActivitySchema,
        response: responses({ 200: ActivitySchema }),
      },
    },
    async (request, reply) => {
      const { version: _, dueAt, ...changes } = request.body;
      const activity = await engine.updateActivity(
        recordChange(request, { ...changes, dueAt: instantField('/body/dueAt', dueAt) }),
      );
      return reply.header('etag', `"${activity.version}"`).send(activity);
    },
  );

  app.delete(
    '/api/v1/activities/:id',
    {
      schema: {
        tags,
        summary: 'Delete an activity',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await engine.deleteActivity(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
