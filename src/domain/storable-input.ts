import type { FieldProblem } from './errors.ts';
import { InexactNumber } from './exact-number.ts';

/**
 * What the databases can store, checked once where input arrives so that SQLite and PostgreSQL
 * answer the same: PostgreSQL's text and jsonb refuse U+0000, and a lone UTF-16 surrogate has no
 * UTF-8 form (the driver would silently turn it into U+FFFD). JSON nested deeper than a limit is
 * refused too: SQLite's JSON functions stop at 1,000 levels and recursive serialisers overflow the
 * stack long before a 1 MiB body runs out of brackets. A JSON number the parser could not hold
 * exactly (see exact-number.ts) is refused here as well, where its place in the body is known.
 */

/** Deepest nesting of JSON objects and arrays taken in, the outermost counting as 1. */
export const MAX_JSON_DEPTH = 64;

/** Why `text` cannot be stored, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains the character U+0000 (NUL), which cannot be stored';
  if (!text.isWellFormed()) {
    const at = [...text].find((char) => {
      const code = char.charCodeAt(0);
      return char.length === 1 && code >= 0xd800 && code <= 0xdfff;
    });
    const code = (at ?? '\ud800').charCodeAt(0).toString(16).toUpperCase();
    return `contains a lone surrogate (U+${code}), which is not valid Unicode`;
  }
  return undefined;
}

const token = (key: string | number): string => String(key).replaceAll('~', '~0').replaceAll('/', '~1');

/** A value that cannot be taken in: what is wrong and where. */
export interface UnstorableInput extends FieldProblem {
  readonly reason: 'too_deep' | 'unstorable' | 'inexact_number';
}

const unstorable = (field: string, message: string): UnstorableInput => ({
  field,
  message,
  reason: 'unstorable',
});

interface Pending {
  readonly value: unknown;
  readonly pointer: string;
  readonly depth: number;
}

/**
 * The first string, member name or nesting level in `value` that cannot be stored, named by its
 * JSON pointer under `pointer`. Walks with an explicit stack, so any depth is safe to look at;
 * only containers are counted as levels (`{"a": [1]}` is 2 deep).
 */
export function findUnstorable(
  value: unknown,
  pointer: string,
  maxDepth = MAX_JSON_DEPTH,
): UnstorableInput | undefined {
  const stack: Pending[] = [{ value, pointer, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: current, pointer: at, depth } = next;
    if (typeof current === 'string') {
      const reason = unstorableText(current);
      if (reason !== undefined) return unstorable(at, reason);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (current instanceof InexactNumber) {
      const message = `is ${current.source}, more digits than a JSON number holds exactly; send it as a string`;
      return { field: at, message, reason: 'inexact_number' };
    }
    if (current instanceof Uint8Array) {
      // Raw bodies (a MIME message): a zero byte would reach the text columns once decoded.
      if (current.includes(0)) return unstorable(at, 'contains a zero byte, which cannot be stored');
      continue;
    }
    if (depth + 1 > maxDepth) {
      const message = `is nested too deep: JSON may be nested at most ${maxDepth} levels`;
      return { field: at, message, reason: 'too_deep' };
    }
    const entries: Iterable<[string | number, unknown]> =
      current instanceof URLSearchParams || current instanceof Map
        ? (current as Iterable<[string, unknown]>)
        : Array.isArray(current)
          ? current.entries()
          : Object.entries(current);
    for (const [key, child] of entries) {
      const childPointer = `${at}/${token(key)}`;
      if (typeof key === 'string') {
        const reason = unstorableText(key);
        if (reason !== undefined) return unstorable(childPointer, `has a name that ${reason}`);
      }
      stack.push({ value: child, pointer: childPointer, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Whether `value` has more container levels than `maxDepth`; walks with an explicit stack. */
export function nestedDeeperThan(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth + 1 > maxDepth) return true;
    for (const child of Object.values(next.value)) stack.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}
