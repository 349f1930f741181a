import type { CatalogueFact, Localized, PipelineField, WorkScope } from '../automation-types.ts';

/**
 * The pure parts of template fields: inserting a placeholder where the cursor is, and the
 * searchable list of facts a template can name.
 */
export function insertPlaceholder(
  text: string,
  start: number,
  end: number,
  path: string,
): { readonly text: string; readonly cursor: number } {
  const placeholder = `{{ ${path} }}`;
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + placeholder + text.slice(to), cursor: from + placeholder.length };
}

export interface PlaceholderOption {
  readonly path: string;
  readonly description?: Localized;
  readonly example?: unknown;
}

/**
 * The facts a template can read, each once: the catalogue's item facts, the pipeline's custom
 * fields, the event's facts when the rule has an event, and the task's or meeting's facts when
 * the robot is timed against one (`work`); filtered by a search in the path or the description
 * (in either language), case-insensitively.
 */
export function placeholderOptions(
  facts: readonly CatalogueFact[],
  pipelineFields: readonly PipelineField[],
  withEvent: boolean,
  search: string,
  work?: WorkScope,
): PlaceholderOption[] {
  const readable = (fact: CatalogueFact) =>
    fact.scope === 'item' || (fact.scope === 'event' && withEvent) || fact.scope === work;
  const options: PlaceholderOption[] = [
    ...facts.filter(readable).map((fact) => ({ path: fact.path, description: fact.description })),
    ...pipelineFields.map((field) => ({
      path: field.path,
      ...(field.examples.length > 0 && { example: field.examples[0] }),
    })),
  ];
  const seen = new Set<string>();
  const needle = search.trim().toLowerCase();
  return options.filter((option) => {
    if (seen.has(option.path)) return false;
    seen.add(option.path);
    if (needle === '') return true;
    const haystack = [option.path, option.description?.en ?? '', option.description?.ru ?? '']
      .join(' ')
      .toLowerCase();
    return haystack.includes(needle);
  });
}

/** A render error as the user reads it: "Line 2, column 5: unexpected token". */
export function errorPosition(error: { readonly line?: number; readonly column?: number }): {
  line?: number;
  column?: number;
} {
  return {
    ...(typeof error.line === 'number' && { line: error.line }),
    ...(typeof error.column === 'number' && { column: error.column }),
  };
}
