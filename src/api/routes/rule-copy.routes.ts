import { copyGuard, copyRobot, copyTrigger } from '../../automation/commands/copy-rule.ts';
import { SECRET_MASK } from '../../domain/secrets.ts';
import { actorOf, ruleContext } from '../actor.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, responses } from '../schemas/common.ts';
import { documentRobotActions } from '../schemas/documented-unions.ts';
import { GuardSchema } from '../schemas/guards.ts';
import { RobotSchema } from '../schemas/robots.ts';
import { CopyRuleSchema } from '../schemas/rule-copy.ts';
import { TriggerSchema } from '../schemas/triggers.ts';
import { masked } from './robots.routes.ts';

const placement =
  "The copy goes to the named stage, which must be in the rule's pipeline (else 400 naming /body/stageId, and " +
  'nothing is written); it keeps everything else of the stored rule, is validated like a new one and recorded ' +
  'in the history as created (GET /revisions).';

/**
 * Copying a rule to another stage, server-side: a client reads robots with their secrets masked, so a
 * copy it posted itself would carry the mask instead of the secret. Admins only.
 */
export function registerRuleCopyRoutes(app: App, context: AppContext): void {
  const rules = ruleContext(context);

  app.post(
    '/api/v1/robots/:id/copy',
    {
      config: { role: 'admin', swaggerTransform: documentRobotActions },
      schema: {
        tags: ['robots'],
        summary: 'Copy a robot to a stage',
        description:
          `${placement} The copy runs after the robots already in that stage and keeps the stored secrets ` +
          `(send_webhook's signing secret, credential headers), shown as ${JSON.stringify(SECRET_MASK)} here.`,
        params: IdParams,
        body: CopyRuleSchema,
        response: responses({ 201: RobotSchema }),
      },
    },
    async (request, reply) => {
      const robot = await copyRobot(rules, actorOf(request), request.params.id, request.body);
      return reply.status(201).header('etag', `"${robot.version}"`).send(masked(robot));
    },
  );

  app.post(
    '/api/v1/triggers/:id/copy',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['triggers'],
        summary: 'Copy a trigger to a stage',
        description: `${placement} A webhook token is not copied: issue the copy its own.`,
        params: IdParams,
        body: CopyRuleSchema,
        response: responses({ 201: TriggerSchema }),
      },
    },
    async (request, reply) => {
      const trigger = await copyTrigger(rules, actorOf(request), request.params.id, request.body);
      return reply.status(201).header('etag', `"${trigger.version}"`).send(trigger);
    },
  );

  app.post(
    '/api/v1/guards/:id/copy',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['guards'],
        summary: 'Copy a guard to a stage',
        description: placement,
        params: IdParams,
        body: CopyRuleSchema,
        response: responses({ 201: GuardSchema }),
      },
    },
    async (request, reply) => {
      const guard = await copyGuard(rules, actorOf(request), request.params.id, request.body);
      return reply.status(201).header('etag', `"${guard.version}"`).send(guard);
    },
  );
}
