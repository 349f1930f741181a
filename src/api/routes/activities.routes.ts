import { Type } from 'typebox';
import { checkWorkReferences } from '../../automation/commands/work-references.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import {
  ActivityListQuery,
  ActivitySchema,
  CreateActivitySchema,
  UpdateActivitySchema,
} from '../schemas/activities.ts';
import {
  expectedVersion,
  IdParams,
  IfMatchHeaders,
  NoContent,
  PageQuery,
  pageOf,
  responses,
} from '../schemas/common.ts';
import { instantField } from './tasks.routes.ts';

const tags = ['activities'];

export function registerActivitiesRoutes(app: App, { repos, clock }: AppContext): void {
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
      const due = instantField('/body/dueAt', dueAt);
      const itemId = input.itemId ?? null;
      const placement = await checkWorkReferences(repos.users, repos.activities, { ...input, itemId });
      const stageId = input.stageId !== undefined ? input.stageId : (placement?.stageId ?? null);
      const activity = await repos.activities.create({ ...input, dueAt: due, stageId }, clock.now());
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
      const { version, dueAt, ...changes } = request.body;
      const current = await repos.activities.getOrThrow(request.params.id);
      const due = instantField('/body/dueAt', dueAt);
      const itemId = changes.itemId === undefined ? current.itemId : changes.itemId;
      const placement = await checkWorkReferences(repos.users, repos.activities, { ...changes, itemId });
      // Moved to another item without a stage named, it is planned in that item's current stage.
      const stageId =
        changes.stageId !== undefined || itemId === current.itemId
          ? changes.stageId
          : (placement?.stageId ?? null);
      const expected = expectedVersion(version, request.headers['if-match']);
      const activity = await repos.activities.update(
        current.id,
        { ...changes, ...(stageId !== undefined && { stageId }), ...(due !== undefined && { dueAt: due }) },
        expected,
        clock.now(),
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
      await repos.activities.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
