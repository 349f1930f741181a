import type { Clock, IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import type { RunWork } from '../../domain/run.ts';
import { workOfTimingInput, workRootOfTiming } from '../../domain/timing/timing.ts';
import type { TemplateValidator } from '../action-validation.ts';
import type { TemplateRenderer } from '../actions/define-action.ts';
import { buildFacts } from '../facts-builder.ts';
import { TEMPLATE_SCOPE } from '../rule-validation.ts';
import type { Sandbox } from '../sandbox.ts';
import { withWorkFacts } from '../work-facts.ts';
import type { SampleEvent, TemplatePreviewResult } from './dry-run-types.ts';
import { renderResult, sampleEvent, templateProblem } from './template-results.ts';

export interface TemplatePreviewRequest {
  readonly itemId: string;
  /** Name → Liquid source. */
  readonly templates: Readonly<Record<string, string>>;
  /** Names rendered as HTML, as send_email's `html` is. */
  readonly html?: readonly string[] | undefined;
  readonly event?: SampleEvent | undefined;
  /**
   * The robot's timing: one relative to the item's work lets the templates read the task or
   * meeting a run planned now would be timed against (`task.*`, `activity.*`).
   */
  readonly timing?: unknown;
}

export interface TemplatePreviewDeps {
  readonly sandbox: Sandbox;
  readonly templates: Required<TemplateRenderer> & TemplateValidator;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/**
 * Renders templates over the facts of a real item, as a run would (the same facts, the same
 * sandboxed renderer), for the editor's live preview. Each template answers its text or its
 * problem: one that saving the rule would refuse (a syntax error, an unknown fact) or one that
 * rendering meets. It reads only: the sandbox is rolled back all the same.
 */
export async function previewTemplates(
  deps: TemplatePreviewDeps,
  request: TemplatePreviewRequest,
): Promise<{ results: Record<string, TemplatePreviewResult> }> {
  const html = new Set(request.html ?? []);
  return deps.sandbox.run(async (tx) => {
    const item = await tx.items.find(request.itemId);
    if (item === undefined) throw notFound('item', request.itemId);
    const now = deps.clock.now();
    const event =
      request.event === undefined ? undefined : sampleEvent(request.event, deps.ids(), item.id, now);
    const work = workOfTimingInput(request.timing);
    const next =
      work === undefined
        ? undefined
        : await tx.facts.nextWorkDate({
            itemId: item.id,
            field: work.field,
            activityType: work.activityType,
            after: now,
          });
    const runWork: RunWork | null =
      work === undefined || next === undefined
        ? null
        : { kind: work.field === 'task.deadline' ? 'task' : 'activity', id: next.id };
    const { facts } = await withWorkFacts(tx, await buildFacts(tx, item, event), runWork, undefined);
    const scope = { ...TEMPLATE_SCOPE, work: workRootOfTiming(request.timing) };
    const results: Record<string, TemplatePreviewResult> = {};
    for (const [name, source] of Object.entries(request.templates)) {
      const [problem] = deps.templates.validate(source, scope, '');
      results[name] =
        problem === undefined
          ? await renderResult(deps.templates, source, facts, html.has(name))
          : templateProblem(problem.message);
    }
    return { results };
  });
}
