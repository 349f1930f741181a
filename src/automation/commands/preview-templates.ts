import type { Clock, IdGenerator } from '../../domain/clock.ts';
import { notFound } from '../../domain/errors.ts';
import type { TemplateValidator } from '../action-validation.ts';
import type { TemplateRenderer } from '../actions/define-action.ts';
import { buildFacts } from '../facts-builder.ts';
import { TEMPLATE_SCOPE } from '../rule-validation.ts';
import type { Sandbox } from '../sandbox.ts';
import type { SampleEvent, TemplatePreviewResult } from './dry-run-types.ts';
import { renderResult, sampleEvent, templateProblem } from './template-results.ts';

export interface TemplatePreviewRequest {
  readonly itemId: string;
  /** Name → Liquid source. */
  readonly templates: Readonly<Record<string, string>>;
  /** Names rendered as HTML, as send_email's `html` is. */
  readonly html?: readonly string[] | undefined;
  readonly event?: SampleEvent | undefined;
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
    const { facts } = await buildFacts(tx, item, event);
    const results: Record<string, TemplatePreviewResult> = {};
    for (const [name, source] of Object.entries(request.templates)) {
      const [problem] = deps.templates.validate(source, TEMPLATE_SCOPE, '');
      results[name] =
        problem === undefined
          ? await renderResult(deps.templates, source, facts, html.has(name))
          : templateProblem(problem.message);
    }
    return { results };
  });
}
