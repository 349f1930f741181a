import { Type } from 'typebox';
import { invalid } from '../../domain/errors.ts';
import { parseInstant, type TaskStatus } from '../../domain/work.ts';
import { inTransaction, type Repositories } from '../../store/repositories/index.ts';
import type { ItemPlacement } from '../../store/repositories/tasks-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { InternalEvents } from '../internal-events.ts';
import {
  expectedVersion,
  IdParams,
  IfMatchHeaders,
  NoContent,
  PageQuery,
  pageOf,
  responses,
} from '../schemas/common.ts';
import { CreateTaskSchema, TaskListQuery, TaskSchema, UpdateTaskSchema } from '../schemas/tasks.ts';

const tags = ['tasks'];

/** Reads an optional date-time field the schema let through; the calendar may still refuse it. */
export function instantField(field: string, value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = parseInstant(value);
  if (date === undefined) throw invalid(field, `"${value}" is not a valid date and time`);
  return date;
}

export interface WorkReferences {
  /** The item after the write (null: none). */
  readonly itemId: string | null;
  readonly responsibleId?: string | null | undefined;
  readonly observerIds?: readonly string[] | undefined;
  /** The stage being written; undefined when the write leaves it alone. */
  readonly stageId?: string | null | undefined;
}

interface PlacementLookups {
  findItemPlacement(itemId: string): Promise<ItemPlacement | undefined>;
  findStagePipelineId(stageId: string): Promise<string | undefined>;
}

/**
 * Checks every id a task or activity names before anything is written, each failure naming its
 * field. Returns where the item is, so the caller can default the stage from it.
 */
export async function checkWorkReferences(
  repos: Repositories,
  lookups: PlacementLookups,
  refs: WorkReferences,
): Promise<ItemPlacement | undefined> {
  const placement = refs.itemId === null ? undefined : await lookups.findItemPlacement(refs.itemId);
  if (refs.itemId !== null && placement === undefined) {
    throw invalid('/body/itemId', `item ${refs.itemId} does not exist`);
  }
  if (refs.responsibleId != null && (await repos.users.find(refs.responsibleId)) === undefined) {
    throw invalid('/body/responsibleId', `user ${refs.responsibleId} does not exist`);
  }
  for (const [index, userId] of (refs.observerIds ?? []).entries()) {
    if ((await repos.users.find(userId)) === undefined) {
      throw invalid(`/body/observerIds/${index}`, `user ${userId} does not exist`);
    }
  }
  if (refs.stageId != null) {
    const pipelineId = await lookups.findStagePipelineId(refs.stageId);
    if (pipelineId === undefined) throw invalid('/body/stageId', `stage ${refs.stageId} does not exist`);
    if (placement !== undefined && placement.pipelineId !== pipelineId) {
      throw invalid('/body/stageId', `stage ${refs.stageId} is not in the pipeline of item ${refs.itemId}`);
    }
  }
  return placement;
}

export function registerTasksRoutes(app: App, context: AppContext): void {
  const { repos, clock } = context;
  const events = new InternalEvents(context.engine, context.ids, context.clock);
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
      const due = instantField('/body/deadline', deadline);
      await checkWorkReferences(repos, repos.tasks, { ...input, itemId: input.itemId ?? null });
      const task = await repos.tasks.create({ ...input, deadline: due }, clock.now());
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
      const { version, deadline, ...changes } = request.body;
      const current = await repos.tasks.getOrThrow(request.params.id);
      const due = instantField('/body/deadline', deadline);
      const itemId = changes.itemId === undefined ? current.itemId : changes.itemId;
      // A stage belongs to an item's pipeline: a task moved to another item leaves its old stage.
      const stageId =
        changes.stageId !== undefined ? changes.stageId : itemId === current.itemId ? undefined : null;
      await checkWorkReferences(repos, repos.tasks, { ...changes, itemId, stageId });
      const expected = expectedVersion(version, request.headers['if-match']);
      const task = await inTransaction(context.store.db, context.ids, context.phones, async (tx) => {
        const updated = await tx.tasks.update(
          current.id,
          {
            ...changes,
            ...(stageId !== undefined && { stageId }),
            ...(due !== undefined && { deadline: due }),
          },
          expected,
          clock.now(),
        );
        await events.taskStatus(tx.events, current, updated);
        return updated;
      });
      await events.settle();
      return reply.header('etag', `"${task.version}"`).send(task);
    },
  );

  app.delete(
    '/api/v1/tasks/:id',
    { schema: { tags, summary: 'Delete a task', params: IdParams, response: responses({ 204: NoContent }) } },
    async (request, reply) => {
      await repos.tasks.delete(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
