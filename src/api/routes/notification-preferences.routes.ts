import type { FastifyRequest } from 'fastify';
import { readNotificationPreferences } from '../../automation/commands/notification-preferences.ts';
import { conflict } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, responses } from '../schemas/common.ts';
import {
  NotificationPreferencesSchema,
  NotificationPreferencesUpdateSchema,
} from '../schemas/notifications.ts';

const tags = ['notifications'];

/** The signed-in user's id; an API token speaks for no user. */
function signedInUser(request: FastifyRequest): string {
  const userId = request.principal?.userId;
  if (userId === undefined) {
    throw conflict(
      'not_signed_in',
      'This request uses an API token, not a session: use /api/v1/users/{id}/notification-preferences',
    );
  }
  return userId;
}

/**
 * Notification preferences: the language of the emails and, per kind, whether an email goes at
 * once, in the hourly digest or not at all. Every user reads and sets their own; admins anyone's.
 */
export function registerNotificationPreferencesRoutes(app: App, { repos, engine }: AppContext): void {
  const ports = { users: repos.users, notifications: repos.notifications };
  const read = { tags, response: responses({ 200: NotificationPreferencesSchema }) };
  const write = { ...read, body: NotificationPreferencesUpdateSchema };

  app.get(
    '/api/v1/me/notification-preferences',
    {
      config: { role: 'viewer' },
      schema: { ...read, summary: "Read the signed-in user's notification preferences" },
    },
    async (request) => readNotificationPreferences(ports, signedInUser(request)),
  );

  app.put(
    '/api/v1/me/notification-preferences',
    {
      config: { role: 'viewer' },
      schema: {
        ...write,
        summary: "Change the signed-in user's notification preferences",
        description: 'Only what the body names changes. With an API token: 409 not_signed_in.',
      },
    },
    async (request) => engine.updateNotificationPreferences(signedInUser(request), request.body),
  );

  app.get(
    '/api/v1/users/:id/notification-preferences',
    {
      config: { role: 'admin' },
      schema: { ...read, params: IdParams, summary: "Read a user's notification preferences" },
    },
    async (request) => readNotificationPreferences(ports, request.params.id),
  );

  app.put(
    '/api/v1/users/:id/notification-preferences',
    {
      config: { role: 'admin' },
      schema: {
        ...write,
        params: IdParams,
        summary: "Change a user's notification preferences",
        description: 'Only what the body names changes.',
      },
    },
    async (request) => engine.updateNotificationPreferences(request.params.id, request.body),
  );
}
