import type { FastifyRequest } from 'fastify';
import type { BackfillRuleKind } from '../../automation/commands/backfill.ts';
import type { BackfillConfirmer } from '../../automation/commands/backfill-shapes.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, responses } from '../schemas/common.ts';
import {
  BackfillPreviewSchema,
  BackfillRequestSchema,
  BackfillResultSchema,
} from '../schemas/rule-backfill.ts';

/** Who confirmed: the signed-in user, or the API token by its name. */
const confirmer = (request: FastifyRequest): BackfillConfirmer => ({
  userId: request.principal?.userId ?? null,
  name: request.principal?.userName ?? request.token?.name ?? 'an API client',
});

const RULES: readonly { kind: BackfillRuleKind; path: string; tag: string; what: string }[] = [
  {
    kind: 'robot',
    path: 'robots',
    tag: 'robots',
    what:
      "Every item now in the robot's stage (the first 500 by the time they entered it), each with whether it " +
      'would get a run (refused: already_planned, once_per_item, condition) and when it would be due: as planned ' +
      'from its entry into the stage, never before now',
  },
  {
    kind: 'trigger',
    path: 'triggers',
    tag: 'triggers',
    what:
      "The pipeline's items outside the trigger's stage (the first 500 by stage entry), each with whether the " +
      'trigger would move it now (refused: backward, final_stage, condition, guard). The filter reads the event ' +
      'and is not checked',
  },
];

/** Applying a saved robot or trigger to the items already there: a preview, then the confirmation. Admins only. */
export function registerRuleBackfillRoutes(app: App, { engine }: AppContext): void {
  for (const rule of RULES) {
    app.post(
      `/api/v1/${rule.path}/:id/backfill/preview`,
      {
        config: { role: 'admin' },
        schema: {
          tags: [rule.tag],
          summary: `Preview applying a ${rule.kind} to the items already there`,
          description: `${rule.what}. Changes nothing. A disabled ${rule.kind}: 409 rule_disabled.`,
          params: IdParams,
          response: responses({ 200: BackfillPreviewSchema }),
        },
      },
      async (request) => engine.backfill.preview(rule.kind, request.params.id),
    );

    app.post(
      `/api/v1/${rule.path}/:id/backfill`,
      {
        config: { role: 'admin' },
        schema: {
          tags: [rule.tag],
          summary: `Apply a ${rule.kind} to the items confirmed from its preview`,
          description:
            'Each item is judged again in the transaction that applies the rule to it; one no longer eligible is ' +
            'skipped with its reason, so confirming twice applies nothing twice. ' +
            (rule.kind === 'robot'
              ? 'Runs are planned as on entry (an afterPrevious robot waits for the run of the robot before it ' +
                'in this entry while that run has not finished) and journaled as planned by a backfill confirmed ' +
                'by the caller.'
              : 'Items move through the one move path, guards checked again; the match and the move are ' +
                'journaled as a backfill confirmed by the caller.'),
          params: IdParams,
          body: BackfillRequestSchema,
          response: responses({ 200: BackfillResultSchema }),
        },
      },
      async (request) =>
        engine.backfill.apply(rule.kind, request.params.id, request.body.itemIds, confirmer(request)),
    );
  }
}
