import { ApiError } from '../../api/client.ts';

/** A stored template, as GET /document-templates answers it. */
export interface DocumentTemplate {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly language: string;
  readonly body: string;
  readonly isDefault: boolean;
  readonly version: number;
}

export interface DocumentSequence {
  readonly kind: string;
  readonly prefix: string;
}

export const TEMPLATES_KEY = ['document-templates'] as const;
export const SEQUENCES_KEY = ['document-sequences'] as const;

/** The kinds Stageflow ships a template for; any other kind may have templates too. */
export const SHIPPED_KINDS = ['quote', 'invoice', 'contract', 'act'] as const;
export const TEMPLATE_LANGUAGES = ['en', 'ru'] as const;

/** Templates by kind (shipped kinds first, in their order), then language, default first, then name. */
export function sortTemplates(templates: readonly DocumentTemplate[]): DocumentTemplate[] {
  const kindRank = (kind: string): number => {
    const index = (SHIPPED_KINDS as readonly string[]).indexOf(kind);
    return index === -1 ? SHIPPED_KINDS.length : index;
  };
  return [...templates].sort(
    (a, b) =>
      kindRank(a.kind) - kindRank(b.kind) ||
      a.kind.localeCompare(b.kind) ||
      a.language.localeCompare(b.language) ||
      Number(b.isDefault) - Number(a.isDefault) ||
      a.name.localeCompare(b.name),
  );
}

/**
 * The prefix a kind's numbers take when none is set, as the API documents it for
 * GET /document-sequences: INV, QUO, CON, ACT, else the first three letters of the kind.
 */
export function defaultPrefix(kind: string): string {
  const known: Record<string, string> = { quote: 'QUO', invoice: 'INV', contract: 'CON', act: 'ACT' };
  const letters = kind
    .replace(/[^\p{L}\p{N}]/gu, '')
    .slice(0, 3)
    .toUpperCase();
  return known[kind] ?? (letters === '' ? 'DOC' : letters);
}

export interface NumberingRow {
  readonly kind: string;
  /** The prefix set for the kind, or undefined while it uses its default. */
  readonly prefix: string | undefined;
  readonly defaultPrefix: string;
}

/** One row per kind that has numbers to show: the shipped kinds, kinds with templates, kinds with a prefix. */
export function numberingRows(
  sequences: readonly DocumentSequence[],
  templates: readonly DocumentTemplate[],
): NumberingRow[] {
  const extra = [...sequences.map((s) => s.kind), ...templates.map((t) => t.kind)]
    .filter((kind) => !(SHIPPED_KINDS as readonly string[]).includes(kind))
    .sort();
  const kinds = [...new Set([...SHIPPED_KINDS, ...extra])];
  return kinds.map((kind) => ({
    kind,
    prefix: sequences.find((s) => s.kind === kind)?.prefix,
    defaultPrefix: defaultPrefix(kind),
  }));
}

/** The robots a refused deletion names (409 document_template_in_use), or undefined for another error. */
export function robotsInTheWay(error: unknown): string[] | undefined {
  if (!(error instanceof ApiError) || error.problem.code !== 'document_template_in_use') return undefined;
  const robots = error.problem['robots'];
  if (!Array.isArray(robots)) return undefined;
  return robots.flatMap((robot: unknown) =>
    typeof robot === 'object' && robot !== null && typeof (robot as { name?: unknown }).name === 'string'
      ? [(robot as { name: string }).name]
      : [],
  );
}
