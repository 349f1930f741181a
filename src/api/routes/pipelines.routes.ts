import { Type } from 'typebox';
import {
  addStage,
  createPipeline,
  deletePipeline,
  deleteStage,
  reorderStages,
  updateStage,
} from '../../automation/commands/save-stage.ts';
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
  CreatePipelineSchema,
  CreateStageSchema,
  PipelineListQuery,
  PipelineSchema,
  StageOrderSchema,
  StageParams,
  StageSchema,
  UpdatePipelineSchema,
  UpdateStageSchema,
} from '../schemas/pipelines.ts';

const tags = ['pipelines'];
const admin = { role: 'admin' } as const;
const STAGE_CHANGE =
  'Bumps the pipeline version; If-Match, when sent, must carry the current pipeline version.';

export function registerPipelinesRoutes(app: App, context: AppContext): void {
  const { repos, clock } = context;
  const rules = ruleContext(context);
  app.post(
    '/api/v1/pipelines',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create a pipeline with its stages',
        body: CreatePipelineSchema,
        response: responses({ 201: PipelineSchema }),
      },
    },
    async (request, reply) => {
      const pipeline = await createPipeline(rules, actorOf(request), request.body);
      return reply.status(201).header('etag', `"${pipeline.version}"`).send(pipeline);
    },
  );

  app.get(
    '/api/v1/pipelines',
    {
      schema: {
        tags,
        summary: 'List pipelines with their stages',
        querystring: Type.Object(
          { ...PipelineListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(PipelineSchema, 'Pipeline') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return repos.pipelines.list(filter, { limit, cursor });
    },
  );

  app.get(
    '/api/v1/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Read a pipeline with its stages',
        params: IdParams,
        response: responses({ 200: PipelineSchema }),
      },
    },
    async (request, reply) => {
      const pipeline = await repos.pipelines.getOrThrow(request.params.id);
      return reply.header('etag', `"${pipeline.version}"`).send(pipeline);
    },
  );

  app.patch(
    '/api/v1/pipelines/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Rename a pipeline or change its settings',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdatePipelineSchema,
        response: responses({ 200: PipelineSchema }),
      },
    },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const expected = expectedVersion(version, request.headers['if-match']);
      const pipeline = await repos.pipelines.update(request.params.id, changes, expected, clock.now());
      return reply.header('etag', `"${pipeline.version}"`).send(pipeline);
    },
  );

  app.delete(
    '/api/v1/pipelines/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a pipeline and its stages',
        description: 'Refused with 409 pipeline_in_use while items are in it.',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await deletePipeline(rules, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/pipelines/:id/stages',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Add a stage',
        description: `Inserted after afterStageId, or at the end. ${STAGE_CHANGE}`,
        params: IdParams,
        headers: IfMatchHeaders,
        body: CreateStageSchema,
        response: responses({ 201: StageSchema }),
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(undefined, request.headers['if-match']);
      const stage = await addStage(rules, actorOf(request), request.params.id, request.body, expected);
      return reply.status(201).send(stage);
    },
  );

  app.patch(
    '/api/v1/pipelines/:id/stages/:stageId',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Rename a stage, or change its semantics or colour',
        description: `The last open stage cannot become final (409). ${STAGE_CHANGE}`,
        params: StageParams,
        headers: IfMatchHeaders,
        body: UpdateStageSchema,
        response: responses({ 200: StageSchema }),
      },
    },
    async (request) => {
      const { id, stageId } = request.params;
      const expected = expectedVersion(undefined, request.headers['if-match']);
      return updateStage(rules, actorOf(request), id, stageId, request.body, expected);
    },
  );

  app.delete(
    '/api/v1/pipelines/:id/stages/:stageId',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a stage',
        description: `Refused with 409 while items are in it (stage_in_use) or when it is the last open stage. ${STAGE_CHANGE}`,
        params: StageParams,
        headers: IfMatchHeaders,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const { id, stageId } = request.params;
      const expected = expectedVersion(undefined, request.headers['if-match']);
      await deleteStage(rules, actorOf(request), id, stageId, expected);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/pipelines/:id/stages/order',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Reorder the stages',
        description: `stageIds lists every stage of the pipeline once, in the new order. ${STAGE_CHANGE}`,
        params: IdParams,
        headers: IfMatchHeaders,
        body: StageOrderSchema,
        response: responses({ 200: PipelineSchema }),
      },
    },
    async (request, reply) => {
      const expected = expectedVersion(undefined, request.headers['if-match']);
      const pipeline = await reorderStages(
        rules,
        actorOf(request),
        request.params.id,
        request.body.stageIds,
        expected,
      );
      return reply.header('etag', `"${pipeline.version}"`).send(pipeline);
    },
  );
}
