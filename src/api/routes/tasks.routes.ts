import { Type } from 'typebox';
import { invalid } from '../../domain/errors.ts';
import { parseInstant, type TaskStatus } from '../../domain/work.ts';
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
import { CreateTaskSchema, TaskListQuery, TaskSchema, UpdateTaskSchema } from '../schemas/tasks.ts';
import { apiAuthor } from './items.routes.ts';

const tags = ['tasks'];

/** Reads an optional date-time field the schema let through; the calendar may still refuse it. */
export function instantField(field: string, value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = parseInstant(value);
  if (date === undefined) throw invalid(field, `"${value}" is not a valid date and time`);
  return date;
}

export function registerTasksRoutes(app: App, context: AppContext): void {
  const { repos, clock, engine } = context;
  app.post(
    '/api/v1/tasks',
    {
      schema: {
        tags,
        summary: 'Create a task',
        body: CreateTaskSchema,
        response: responses({ 201: TaskSchema }),
      },
    },
    async (request, reply) => {
      const { deadline, ...input } = request.body;
      const task = await engine.createTask(
        { ...input, deadline: instantField('/body/deadline', deadline) },
        apiAuthor(request),
      );
      return reply.status(201).header('etag', `"${task.version}"`).send(task);
    },
  );

  app.get(
    '/api/v1/tasks',
    {
      schema: {
        tags,
        summary: 'List tasks',
        querystring: Type.Object(
          { ...TaskListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(TaskSchema, 'Task') }),
      },
    },
    async (request) => {
      const { limit, cursor, status, ...filter } = request.query;
      const statuses = status?.split(',') as TaskStatus[] | undefined;
      return repos.tasks.list({ ...filter, statuses }, { limit, cursor }, clock.now());
    },
  );

  app.get(
    '/api/v1/tasks/:id',
    { schema: { tags, summary: 'Read a task', params: IdParams, response: responses({ 200: TaskSchema }) } },
    async (request, reply) => {
      const task = await repos.tasks.getOrThrow(request.params.id);
      return reply.header('etag', `"${task.version}"`).send(task);
    },
  );

  app.patch(
    '/api/v1/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Update a task',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateTaskSchema,
        response: responses({ 200: TaskSchema }),
      },
    },
    async (request, reply) => {
      const { version: _, deadline, ...changes } = request.body;
      const task = await engine.updateTask(
        recordChange(request, { ...changes, deadline: instantField('/body/deadline', deadline) }),
        apiAuthor(request),
      );
      return reply.header('etag', `"${task.version}"`).send(task);
    },
  );

  app.delete(
    '/api/v1/tasks/:id',
    { schema: { tags, summary: 'Delete a task', params: IdParams, response: responses({ 204: NoContent }) } },
    async (request, reply) => {
      await engine.deleteTask(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
