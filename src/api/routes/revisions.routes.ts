import { Type } from 'typebox';
import { restoreRevision } from '../../automation/commands/restore-revision.ts';
import type { Revision } from '../../domain/revisions.ts';
import type { Robot } from '../../domain/rules.ts';
import { actorOf, ruleContext } from '../actor.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, PageQuery, pageOf, responses } from '../schemas/common.ts';
import { RestoredRuleSchema, RevisionListQuery, RevisionSchema } from '../schemas/revisions.ts';
import { masked } from './robots.routes.ts';

const tags = ['revisions'];

type State = Readonly<Record<string, unknown>> | null;

/** A robot's state with its secrets masked, as every robot answer shows it. */
const maskState = (state: State): State => (state === null ? null : { ...masked(state as unknown as Robot) });

const shown = (revision: Revision): Revision =>
  revision.ruleKind === 'robot'
    ? { ...revision, before: maskState(revision.before), after: maskState(revision.after) }
    : revision;

/** The history of rule changes: read by anyone who may read the rules, restored by admins. */
export function registerRevisionsRoutes(app: App, context: AppContext): void {
  const { repos } = context;
  const rules = ruleContext(context);

  app.get(
    '/api/v1/revisions',
    {
      schema: {
        tags,
        summary: 'List rule revisions, newest first',
        description:
          'Every create, update, delete, restore and import of a trigger, robot, guard or stage, ' +
          'with the rule before and after and who made the change. Filter by rule or pipeline.',
        querystring: Type.Object(
          { ...RevisionListQuery.properties, ...PageQuery },
          { additionalProperties: false },
        ),
        response: responses({ 200: pageOf(RevisionSchema, 'Revision') }),
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await repos.revisions.list(filter, { limit, cursor });
      return { ...page, data: page.data.map(shown) };
    },
  );

  app.post(
    '/api/v1/revisions/:id/restore',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Restore a rule to a revision',
        description:
          "The rule becomes the revision's state (for a deletion: the rule it removed, with its id), " +
          'through the same validation as an update; a restore that is no longer valid (its stage ' +
          'deleted, a user it names gone) answers 400 or 409 naming the problem and changes nothing. ' +
          'The restore is recorded as a `restored` revision. Answers the rule.',
        params: IdParams,
        response: responses({ 200: RestoredRuleSchema }),
      },
    },
    async (request) => {
      const restored = await restoreRevision(rules, actorOf(request), request.params.id);
      return restored.kind === 'robot' ? masked(restored.rule) : restored.rule;
    },
  );
}
