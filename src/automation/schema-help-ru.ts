import type { JsonSchema } from './catalogue.ts';

/** The key under which a schema node carries the Russian text of its `description`. */
export const RUSSIAN_DESCRIPTION = 'x-description-ru';

/**
 * A copy of a JSON Schema where every node with a `description` found in `russian` (keyed by the
 * English text) also has it as `x-description-ru`, for forms that show help in the user's
 * language. Nodes whose text is missing keep only the English one; the catalogue's test names them.
 */
/** Keywords whose values are data, not schemas: a `description` key inside them is not help text. */
const DATA_KEYWORDS: ReadonlySet<string> = new Set(['default', 'examples', 'const', 'enum']);

export function withRussianHelp(schema: JsonSchema, russian: Readonly<Record<string, string>>): JsonSchema {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node))
      copy[key] = DATA_KEYWORDS.has(key) ? value : visit(value);
    const description = copy['description'];
    if (typeof description === 'string' && Object.hasOwn(russian, description))
      copy[RUSSIAN_DESCRIPTION] = russian[description];
    return copy;
  };
  return visit(schema) as JsonSchema;
}
