import { Type } from 'typebox';
import { invalid } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, NoContent, PageQuery, pageOf, responses } from '../schemas/common.ts';
import {
  CreateNotificationSchema,
  NotificationListQuery,
  NotificationSchema,
  ReadAllNotificationsSchema,
  ReadAllResultSchema,
  UpdateNotificationSchema,
} from '../schemas/notifications.ts';

const tags = ['notifications'];

export function registerNotificationsRoutes(app: App, { repos, clock, engine }: AppContext): void {
  app.post(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'Send an in-app notification to a user',
        body: CreateNotificationSchema,
        response: responses({ 201: NotificationSchema }),
      },
    },
    async (request, reply) => {
      const notification = await engine.notify({ kind: 'other', ...request.body });
      return reply.status(201).send(notification);
    },
  );

  app.post(
    '/api/v1/notifications/read-all',
    {
      schema: {
        tags,
        summary: "Mark all of a user's notifications as read",
        body: ReadAllNotificationsSchema,
        response: responses({ 200: ReadAllResultSchema }),
      },
    },
    async (request) => {
      const { userId } = request.body;
      if ((await repos.users.find(userId)) === undefined) {
        throw invalid('/body/userId', `user ${userId} does not exist`);
      }
      return { updated: await repos.notifications.markAllRead(userId, clock.now()) };
    },
  );

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'List notifications',
        querystring: Type.Object(
          { ...NotificationListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(NotificationSchema, 'Notification') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return repos.notifications.list(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/notifications/:id',
    {
      schema: {
        tags,
        summary: 'Read a notification',
        params: IdParams,
        response: responses({ 200: NotificationSchema }),
      },
    },
    async (request) => repos.notifications.getOrThrow(request.params.id),
  );

  app.patch(
    '/api/v1/notifications/:id',
    {
      schema: {
        tags,
        summary: 'Mark a notification as read or unread',
        params: IdParams,
        body: UpdateNotificationSchema,
        response: responses({ 200: NotificationSchema }),
      },
    },
    async (request) => repos.notifications.markRead(request.params.id, request.body.read, clock.now()),
  );

  app.delete(
    '/api/v1/notifications/:id',
    {
      schema: {
        tags,
        summary: 'Delete a notification',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await repos.notifications.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
