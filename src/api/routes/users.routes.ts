import { Type } from 'typebox';
import { invalid } from '../../domain/errors.ts';
import { validateCalendar } from '../../domain/timing/working-calendar.ts';
import { isTimeZone, type UserCalendar } from '../../domain/user.ts';
import type { Repositories } from '../../store/repositories/index.ts';
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
import { CreateUserSchema, UpdateUserSchema, UserListQuery, UserSchema } from '../schemas/users.ts';

const tags = ['users'];

async function checkUserReferences(
  repos: Repositories,
  input: {
    timeZone?: string | undefined;
    supervisorId?: string | null | undefined;
    calendar?: UserCalendar | undefined;
  },
  selfId?: string,
): Promise<void> {
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    throw invalid('/body/timeZone', `"${input.timeZone}" is not a known IANA time zone`);
  }
  // A calendar with no working time would fail every robot timed in working time, later.
  const calendarProblem = input.calendar === undefined ? undefined : validateCalendar(input.calendar);
  if (calendarProblem !== undefined) throw invalid('/body/calendar', calendarProblem);
  if (input.supervisorId != null) {
    if (input.supervisorId === selfId)
      throw invalid('/body/supervisorId', 'a user cannot supervise themselves');
    if ((await repos.users.find(input.supervisorId)) === undefined) {
      throw invalid('/body/supervisorId', `user ${input.supervisorId} does not exist`);
    }
    if (selfId !== undefined && (await repos.users.supervisorChain(input.supervisorId)).includes(selfId)) {
      throw invalid('/body/supervisorId', 'the supervisor chain would form a cycle');
    }
  }
}

export function registerUsersRoutes(app: App, { repos, clock }: AppContext): void {
  app.post(
    '/api/v1/users',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Create a user',
        body: CreateUserSchema,
        response: responses({ 201: UserSchema }),
      },
    },
    async (request, reply) => {
      await checkUserReferences(repos, request.body);
      const user = await repos.users.create(request.body, clock.now());
      return reply.status(201).header('etag', `"${user.version}"`).send(user);
    },
  );

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'List users',
        querystring: Type.Object(
          { ...UserListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(UserSchema, 'User') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return repos.users.list(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'Read a user', params: IdParams, response: responses({ 200: UserSchema }) } },
    async (request, reply) => {
      const user = await repos.users.getOrThrow(request.params.id);
      return reply.header('etag', `"${user.version}"`).send(user);
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Update a user',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateUserSchema,
        response: responses({ 200: UserSchema }),
      },
    },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const id = request.params.id;
      await repos.users.getOrThrow(id);
      await checkUserReferences(repos, changes, id);
      const expected = expectedVersion(version, request.headers['if-match']);
      const user = await repos.users.update(id, changes, expected, clock.now());
      return reply.header('etag', `"${user.version}"`).send(user);
    },
  );

  app.delete(
    '/api/v1/users/:id',
    {
      config: { role: 'admin' },
      schema: { tags, summary: 'Delete a user', params: IdParams, response: responses({ 204: NoContent }) },
    },
    async (request, reply) => {
      await repos.users.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
