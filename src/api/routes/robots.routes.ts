import { Type } from 'typebox';
import { createRobot, deleteRobot, updateRobot } from '../../automation/commands/save-robot.ts';
import type { Robot } from '../../domain/rules.ts';
import { maskSecrets, SECRET_MASK } from '../../domain/secrets.ts';
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
import { documentRobotActions } from '../schemas/documented-unions.ts';
import { CreateRobotSchema, RobotListQuery, RobotSchema, UpdateRobotSchema } from '../schemas/robots.ts';

const tags = ['robots'];

/** A robot as every answer but its creation shows it: secrets in the action's params masked. */
export const masked = (robot: Robot): Robot => ({
  ...robot,
  action: { type: robot.action.type, params: maskSecrets(robot.action.params) },
});

/** Robots: "when an item enters stage S, run action A at time T". Admins write them. */
export function registerRobotsRoutes(app: App, context: AppContext): void {
  const { repos } = context;
  const rules = ruleContext(context);

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
      const robot = await createRobot(rules, actorOf(request), request.body);
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
      const { version, ...changes } = request.body;
      const expected = expectedVersion(version, request.headers['if-match']);
      // Params read from this API carry masks; sent back unchanged they keep the stored secrets.
      const robot = await updateRobot(rules, actorOf(request), request.params.id, changes, expected);
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
      await deleteRobot(rules, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
