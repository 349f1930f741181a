import type { FieldProblem } from '../errors.ts';

/** Small helpers shared by the validators of timings and deadlines (JSON as saved by the API). */

export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `pointer` + one key, escaped as RFC 6901 requires (`~` → `~0`, `/` → `~1`). */
export function childPointer(pointer: string, key: string): string {
  return `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** One problem per key of `input` that is not in `allowed`, so typos are refused, not ignored. */
export function unknownKeyProblems(
  input: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
  pointer: string,
  what: string,
): FieldProblem[] {
  return Object.keys(input)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({
      field: childPointer(pointer, key),
      message: `is not allowed in ${what} (allowed: ${allowed.join(', ')})`,
    }));
}
