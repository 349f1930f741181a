import { findAction } from '../../automation/actions/registry.ts';
import { type DryRunRequest, dryRun } from '../../automation/commands/dry-run.ts';
import type { DryRunDeps } from '../../automation/commands/dry-run-session.ts';
import { previewTemplates } from '../../automation/commands/preview-templates.ts';
import { DEFAULT_CASCADE_LIMITS } from '../../automation/engine-context.ts';
import { createTemplateEngine } from '../../automation/templates/template-engine.ts';
import { invalid } from '../../domain/errors.ts';
import { createSandbox } from '../../store/sandbox-store.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { responses } from '../schemas/common.ts';
import {
  DryRunRequestSchema,
  DryRunResultSchema,
  TemplatePreviewRequestSchema,
  TemplatePreviewSchema,
} from '../schemas/dry-run.ts';
import { ruleValidationDeps } from './rule-deps.ts';

const RULE_KEYS = ['robot', 'robotId', 'trigger', 'triggerId'] as const;

/** Trying rules before saving them: template previews and dry runs. Admins configure rules. */
export function registerDryRunRoutes(app: App, context: AppContext): void {
  const deps = dryRunDeps(context);

  app.post(
    '/api/v1/templates/preview',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['templates'],
        summary: 'Render templates on an item',
        description:
          'Renders each Liquid template over the facts of the item, as a run would (the same facts and sandbox), ' +
          "with an optional sample event for event.* facts. Names in html render as send_email's html. A template " +
          'that cannot be used or fails to render answers its error (with line and column when known), not a 4xx.',
        body: TemplatePreviewRequestSchema,
        response: responses({ 200: TemplatePreviewSchema }),
      },
    },
    (request) => previewTemplates(deps, request.body),
  );

  app.post(
    '/api/v1/dry-run',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['dry-run'],
        summary: 'Try a robot or a trigger on an item, without any effect',
        description:
          'Evaluates a saved robot or trigger, or a draft (validated as saving it would be; problems are named under ' +
          '/body/robot or /body/trigger), on a real item and answers what would happen: the trigger verdict with ' +
          'every comparison, the move through the guards, the runs with due times, rendered templates and changes, ' +
          'and the outside calls (email, SMS, HTTP) that would be made. Nothing is written, sent or woken.',
        body: DryRunRequestSchema,
        response: responses({ 200: DryRunResultSchema }),
      },
    },
    (request) => {
      const given = RULE_KEYS.filter((key) => request.body[key] !== undefined);
      if (given.length !== 1) {
        throw invalid(
          '/body',
          'give exactly one of robot, robotId, trigger or triggerId',
          'dry_run_rule_missing',
        );
      }
      return dryRun(deps, request.body as DryRunRequest);
    },
  );
}

/** The engine's parts as a run uses them, over a sandbox that is always rolled back. */
export function dryRunDeps(context: AppContext): DryRunDeps {
  const { store, clock, ids, phones, defaultCurrency } = context;
  return {
    sandbox: createSandbox(store.db, ids, store.capabilities, phones),
    clock,
    ids,
    phones,
    defaultCurrency,
    limits: DEFAULT_CASCADE_LIMITS,
    // Built as the engine's is (automation.ts): the same sandbox, limits and clock for date filters.
    templates: createTemplateEngine({ clock }),
    findAction,
    random: Math.random,
    validation: ruleValidationDeps(context.repos),
  };
}
