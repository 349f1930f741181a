import { type Static, Type } from 'typebox';
import type { FieldProblem } from '../../domain/errors.ts';
import { explainUnknownFact, type FactScope } from '../../domain/facts.ts';
import { parseMoneyInput } from '../../domain/item.ts';
import { MAX_TEMPLATE_SOURCE } from './action-support.ts';
import type { ActionValidationContext } from './define-action.ts';

/**
 * What `update_fields` may set, and how each value is given. Paths: `title`, `amount`, or
 * `fields.<name>` (a custom field). Values: a string is a template, rendered when the run fires;
 * a number, boolean or null is stored as it is; `{fromFact: 'event.data.amount'}` copies a fact
 * with its type (S1: "set potentialRevenue to the quote's amount").
 */

/** Names of custom fields a robot may set: identifiers, as templates and conditions read them. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

export type FieldTarget =
  | { readonly kind: 'title' }
  | { readonly kind: 'amount' }
  | { readonly kind: 'field'; readonly name: string };

export function parseFieldPath(path: string): FieldTarget | undefined {
  if (path === 'title' || path === 'amount') return { kind: path };
  if (!path.startsWith('fields.')) return undefined;
  const name = path.slice('fields.'.length);
  return FIELD_NAME.test(name) ? { kind: 'field', name } : undefined;
}

/** The fact path the engine reports as changed (`item.fields.potentialRevenue`). */
export const factPathOf = (target: FieldTarget): string =>
  target.kind === 'field' ? `item.fields.${target.name}` : `item.${target.kind}`;

export const FromFactSchema = Type.Object(
  {
    fromFact: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'A fact path, e.g. event.data.amount',
    }),
  },
  { additionalProperties: false },
);
export type FromFact = Static<typeof FromFactSchema>;

export const SetValueSchema = Type.Union([
  Type.String({ maxLength: MAX_TEMPLATE_SOURCE, description: 'Template' }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  FromFactSchema,
]);
export type SetValue = Static<typeof SetValueSchema>;

export const isFromFact = (value: SetValue): value is FromFact => typeof value === 'object' && value !== null;

/**
 * Robots are saved with a scope saying a run may come without an event, which conditions must
 * respect (a missing fact would silently be false). A copied fact that is missing only leaves the
 * path as it is and is reported as skipped, as a template renders it empty; so, like templates,
 * `fromFact` may name the event that caused the stage entry (S1: `event.data.amount`).
 */
const copyScope = (scope: FactScope): FactScope => ({ ...scope, hasEvent: true });

/** Liquid markup: a string without it is a literal, checkable when saved. */
const hasMarkup = (text: string): boolean => text.includes('{{') || text.includes('{%');

/** Save-time checks of one `set` entry; `pointer` names the entry. */
export function validateSetEntry(
  path: string,
  value: SetValue,
  context: ActionValidationContext,
  pointer: string,
): FieldProblem[] {
  const target = parseFieldPath(path);
  if (target === undefined) {
    const message = `"${path}" cannot be set: use title, amount or fields.<name> (letters, digits, _)`;
    return [{ field: pointer, message }];
  }
  if (isFromFact(value)) {
    const reason = explainUnknownFact(value.fromFact, copyScope(context.scope));
    return reason === undefined ? [] : [{ field: `${pointer}/fromFact`, message: reason }];
  }
  if (target.kind === 'title' && typeof value !== 'string') {
    return [{ field: pointer, message: 'the title takes a template or {"fromFact": ...}' }];
  }
  if (target.kind === 'amount') {
    if (typeof value === 'number' || (typeof value === 'string' && !hasMarkup(value))) {
      if (parseMoneyInput(value) === undefined) {
        return [
          { field: pointer, message: `${JSON.stringify(value)} is not an amount (at most two decimals)` },
        ];
      }
      return [];
    }
    if (typeof value !== 'string') {
      return [{ field: pointer, message: 'the amount takes a number, a template or {"fromFact": ...}' }];
    }
  }
  return typeof value === 'string' ? context.validateTemplate(value, pointer) : [];
}
