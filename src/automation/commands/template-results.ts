import type { StoredEvent } from '../../domain/events/event.ts';
import type { Facts } from '../../domain/facts.ts';
import type { TemplateRenderer } from '../actions/define-action.ts';
import type { SampleEvent, TemplatePreviewResult } from './dry-run-types.ts';

/** Where a template message places its problem: " (line 2, column 7)", as template-errors.ts words it. */
const POSITION = /\(line (\d+), column (\d+)\)\s*$/;

/** A problem as a result the editor shows beside the template, with its position when known. */
export function templateProblem(message: string): TemplatePreviewResult {
  const match = POSITION.exec(message);
  if (match === null) return { error: { message } };
  return { error: { message, line: Number(match[1]), column: Number(match[2]) } };
}

/**
 * Renders one template over the facts as a run would (text, or HTML with every output escaped):
 * a template that cannot be parsed or fails while rendering is a result, not an error.
 */
export async function renderResult(
  templates: Required<TemplateRenderer>,
  source: string,
  facts: Facts,
  html: boolean,
): Promise<TemplatePreviewResult> {
  try {
    const text = html ? await templates.renderHtml(source, facts) : await templates.render(source, facts);
    return { text };
  } catch (error) {
    return templateProblem(error instanceof Error ? error.message : String(error));
  }
}

/** Where sample events come from in the journal and the event's `source` fact. */
export const DRY_RUN_SOURCE = 'dry-run';

/** A sample event about the item as the engine would have stored it, for the `event.*` facts. */
export function sampleEvent(sample: SampleEvent, id: string, itemId: string, now: Date): StoredEvent {
  const at = now.toISOString();
  return {
    id,
    type: sample.type,
    source: DRY_RUN_SOURCE,
    occurredAt: at,
    receivedAt: at,
    subject: { itemId },
    data: sample.data,
    status: 'pending',
    processedAt: null,
    itemIds: [],
    error: null,
    rootEventId: id,
    depth: 0,
    causeRunId: null,
    causeJournalId: null,
  };
}
