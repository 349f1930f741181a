import { isIsoDate, isPlainObject } from './conditions/fact-values.ts';
import type { FactKind } from './facts.ts';

/**
 * The custom fields in use on some records (items' or contacts' `fields`), as a rule editor
 * offers them: each path a condition can name (`item.fields.address.city`; nested objects
 * flattened with dots), its kind as the values show it, and a few values seen.
 */
export interface CustomField {
  readonly path: string;
  readonly kind: FactKind;
  readonly examples: unknown[];
}

/** Limits, so a sample with odd data stays small. */
export const CUSTOM_FIELD_LIMITS = {
  /** Values shown per field. */
  examples: 5,
  /** Levels of nested objects followed. */
  depth: 4,
  /** Paths listed per prefix. */
  paths: 500,
  /** Characters of a text example (longer ones are cut with "…"). */
  exampleLength: 100,
} as const;

/** A name a condition path can hold (see facts.ts); other keys cannot be named and are left out. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Seen {
  readonly kinds: Set<FactKind>;
  readonly examples: Map<string, unknown>;
}

/** The fields of `records` under `prefix` (e.g. "item.fields."), sorted by path. */
export function describeCustomFields(prefix: string, records: readonly unknown[]): CustomField[] {
  const seen = new Map<string, Seen>();
  const visit = (value: Readonly<Record<string, unknown>>, path: string, depth: number): void => {
    for (const [key, inner] of Object.entries(value)) {
      if (!NAME.test(key)) continue;
      const at = `${path}${key}`;
      if (isPlainObject(inner) && Object.keys(inner).length > 0 && depth < CUSTOM_FIELD_LIMITS.depth) {
        visit(inner, `${at}.`, depth + 1);
        continue;
      }
      let entry = seen.get(at);
      if (entry === undefined) {
        if (seen.size >= CUSTOM_FIELD_LIMITS.paths) continue;
        entry = { kinds: new Set(), examples: new Map() };
        seen.set(at, entry);
      }
      note(entry, inner);
    }
  };
  for (const record of records) if (isPlainObject(record)) visit(record, prefix, 1);
  return [...seen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, entry]) => ({ path, kind: kindOf(entry.kinds), examples: [...entry.examples.values()] }));
}

function note(entry: Seen, value: unknown): void {
  // null and empty values say nothing about the kind.
  if (value === null || value === undefined || value === '') return;
  entry.kinds.add(valueKind(value));
  if (entry.examples.size >= CUSTOM_FIELD_LIMITS.examples) return;
  const example = shortened(value);
  const key = JSON.stringify(example);
  if (!entry.examples.has(key)) entry.examples.set(key, example);
}

/** ISO dates → date, numbers, booleans, arrays → list, anything else (text, objects) → string. */
export function valueKind(value: unknown): FactKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'list';
  if (isIsoDate(value)) return 'date';
  return typeof value === 'string' ? 'string' : 'any';
}

/** One kind when all values agree; `any` when they are mixed or none was seen. */
const kindOf = (kinds: ReadonlySet<FactKind>): FactKind =>
  kinds.size === 1 ? ([...kinds][0] ?? 'any') : 'any';

function shortened(value: unknown): unknown {
  const max = CUSTOM_FIELD_LIMITS.exampleLength;
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, max - 1)}…` : value;
  if (typeof value !== 'object' || value === null) return value;
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : value;
}
