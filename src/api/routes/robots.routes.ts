import { Type } from 'typebox';
import { validateRobot } from '../../automation/rule-validation.ts';
import { DEFAULT_RETRY, type Robot } from '../../domain/rules.ts';
import { keepMaskedSecrets, maskSecrets, SECRET_MASK } from '../../domain/secrets.ts';
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
import { documentRobotActions } from '../schemas/documented-unions.ts';
import { CreateRobotSchema, RobotListQuery, RobotSchema, UpdateRobotSchema } from '../schemas/robots.ts';
import { ruleValidationDeps } from './rule-deps.ts';

const tags = ['robots'];

const IMMEDIATELY = { kind: 'immediately' };

/** A robot as every answer but its creation shows it: secrets in the action's params masked. */
const masked = (robot: Robot): Robot => ({
  ...robot,
  action: { type: robot.action.type, params: maskSecrets(robot.action.params) },
});

/** Robots: "when an item enters stage S, run action A at time T". Admins write them. */
export function registerRobotsRoutes(app: App, { repos, clock }: AppContext): void {
  const deps = ruleValidationDeps(repos);

  app.post(
    '/api/v1/robots',
    {
      config: { role: 'admin', swaggerTransform: documentRobotActions },
      schema: {
        tags,
        summary: 'Create a robot',
        description:
          'Validated when saved: stage, action type and params (templates included), timing, condition, retry. ' +
          "Secrets in the params (send_webhook's secret, credential headers such as Authorization) are " +
          `write-only: shown in this answer only, as ${JSON.stringify(SECRET_MASK)} in every later one; an update ` +
          'that sends the mask back keeps the stored secret.',
        body: CreateRobotSchema,
        response: responses({ 201: RobotSchema }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const action = { type: body.action.type, params: body.action.params ?? {} };
      const timing = body.timing ?? IMMEDIATELY;
      const retry = { ...DEFAULT_RETRY, ...body.retry };
      const { pipelineId } = await validateRobot(
        {
          stageId: body.stageId,
          pipelineId: body.pipelineId,
          action,
          timing,
          condition: body.condition ?? null,
          retry,
        },
        deps,
      );
      const robot = await repos.rules.createRobot(
        { ...body, pipelineId, action, timing, retry },
        clock.now(),
      );
      return reply.status(201).header('etag', `"${robot.version}"`).send(robot);
    },
  );

  app.get(
    '/api/v1/robots',
    {
      config: { swaggerTransform: documentRobotActions },
      schema: {
        tags,
        summary: 'List robots',
        querystring: Type.Object(
          { ...RobotListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(RobotSchema, 'Robot') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await repos.rules.listRobots(filter, { limit, cursor });
      return { ...page, data: page.data.map(masked) };
    },
  );

  app.get(
    '/api/v1/robots/:id',
    {
      config: { swaggerTransform: documentRobotActions },
      schema: { tags, summary: 'Read a robot', params: IdParams, response: responses({ 200: RobotSchema }) },
    },
    async (request, reply) => {
      const robot = await repos.rules.getRobotOrThrow(request.params.id);
      return reply.header('etag', `"${robot.version}"`).send(masked(robot));
    },
  );

  app.patch(
    '/api/v1/robots/:id',
    {
      config: { role: 'admin', swaggerTransform: documentRobotActions },
      schema: {
        tags,
        summary: 'Update a robot',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateRobotSchema,
        response: responses({ 200: RobotSchema }),
      },
    },
    async (request, reply) => {
      const { version, action: newAction, retry: newRetry, ...changes } = request.body;
      const current = await repos.rules.getRobotOrThrow(request.params.id);
      // Params read from this API carry masks; sent back unchanged they keep the stored secrets.
      const action =
        newAction === undefined
          ? current.action
          : {
              type: newAction.type,
              params:
                newAction.type === current.action.type
                  ? keepMaskedSecrets(newAction.params ?? {}, current.action.params)
                  : (newAction.params ?? {}),
            };
      const timing = changes.timing ?? current.timing;
      const retry = { ...current.retry, ...newRetry };
      const { pipelineId } = await validateRobot(
        {
          stageId: changes.stageId ?? current.stageId,
          pipelineId: changes.pipelineId ?? current.pipelineId,
          action,
          timing,
          condition: changes.condition !== undefined ? changes.condition : current.condition,
          retry,
        },
        deps,
      );
      const expected = expectedVersion(version, request.headers['if-match']);
      const robot = await repos.rules.updateRobot(
        current.id,
        {
          ...changes,
          pipelineId,
          ...(newAction !== undefined && { action }),
          ...(newRetry !== undefined && { retry }),
        },
        expected,
        clock.now(),
      );
      return reply.header('etag', `"${robot.version}"`).send(masked(robot));
    },
  );

  app.delete(
    '/api/v1/robots/:id',
    {
      config: { role: 'admin' },
      schema: { tags, summary: 'Delete a robot', params: IdParams, response: responses({ 204: NoContent }) },
    },
    async (request, reply) => {
      await repos.rules.deleteRobot(request.params.id);
      return reply.status(204).send(null);
    },
  );
}
