import type { ProblemField } from '../../../api/client.ts';

/**
 * Server field errors name their place by JSON pointer (RFC 6901), relative to the body that was
 * sent: `/action/params/to/0`, `/condition/all/0/value`, `/timing/duration`. Each part of a form
 * knows its own pointer and shows the errors that point exactly at it.
 */

/** One pointer segment: `~` and `/` escaped. */
export const escapeSegment = (segment: string | number): string =>
  String(segment).replaceAll('~', '~0').replaceAll('/', '~1');

export const childPointer = (pointer: string, segment: string | number): string =>
  `${pointer}/${escapeSegment(segment)}`;

/** The messages pointing exactly at `pointer`. */
export function errorsAt(errors: readonly ProblemField[] | undefined, pointer: string): string[] {
  return (errors ?? []).filter((error) => error.field === pointer).map((error) => error.message);
}

/** Whether any error points at `pointer` or inside it. */
export function hasErrorsWithin(errors: readonly ProblemField[] | undefined, pointer: string): boolean {
  return (errors ?? []).some((error) => error.field === pointer || error.field.startsWith(`${pointer}/`));
}

/**
 * The errors no part of the form shows: those outside every pointer the form has a place for
 * (they are listed with the save problem, so none is lost).
 */
export function unplacedErrors(
  errors: readonly ProblemField[] | undefined,
  placed: readonly string[],
): ProblemField[] {
  return (errors ?? []).filter(
    (error) => !placed.some((pointer) => error.field === pointer || error.field.startsWith(`${pointer}/`)),
  );
}

/** A DOM id for a field from its pointer: `robot-1` + `/action/params/to/0` → `robot-1-action-params-to-0`. */
export function fieldId(idPrefix: string, pointer: string): string {
  return `${idPrefix}${pointer.replace(/[^A-Za-z0-9_-]+/g, '-')}`.replace(/-+$/, '');
}
