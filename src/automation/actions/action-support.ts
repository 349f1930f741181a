import { AppError, type CodeOfKind } from '../../domain/errors.ts';
import type { ActionContext } from './define-action.ts';

/**
 * Helpers every internal action shares: rendering text params within the limits the API keeps
 * for the same fields, and the errors an action raises when its configuration cannot be carried
 * out (never retried: the same params would fail the same way).
 */

/** Longest template source a text param may hold (the template engine refuses longer ones). */
export const MAX_TEMPLATE_SOURCE = 20_000;

export interface TextLimit {
  /** Named in the error when the text renders empty ("title"). */
  readonly name: string;
  /** Rendered text longer than this is cut, as the API would refuse it. Unit: characters. */
  readonly maxLength: number;
  /** Whether empty (or blank) output fails the action. */
  readonly required: boolean;
}

/** The limits of the API's fields of the same name (schemas of tasks, activities, notifications). */
export const TEXT_LIMITS = {
  title: { name: 'title', maxLength: 500, required: true },
  subject: { name: 'subject', maxLength: 500, required: true },
  description: { name: 'description', maxLength: 20_000, required: false },
  body: { name: 'body', maxLength: 20_000, required: false },
  timelineText: { name: 'text', maxLength: 10_000, required: true },
} as const satisfies Record<string, TextLimit>;

/**
 * Renders a template param over the run's facts. Titles are trimmed; output over the limit is
 * cut with an ellipsis rather than failing, since the template was valid when saved and only
 * the data made it long.
 */
export async function renderText(ctx: ActionContext, source: string, limit: TextLimit): Promise<string> {
  const rendered = await ctx.templates.render(source, ctx.facts);
  const text = limit.required ? rendered.trim() : rendered;
  if (limit.required && text === '') {
    throw actionFailed('template_rendered_empty', `The ${limit.name} rendered empty: "${source}"`);
  }
  return clip(text, limit.maxLength);
}

/** Cuts `text` to `maxLength` characters ending in an ellipsis, never inside a surrogate pair. */
export function clip(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = maxLength - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A failure caused by the robot's configuration or data, not by the moment: never retried. */
export function actionFailed(
  code: CodeOfKind<'invalid'>,
  message: string,
  details?: Record<string, unknown>,
): AppError {
  return new AppError(code, 'invalid', message, {
    retryable: false,
    ...(details !== undefined && { details }),
  });
}

/** Escapes one key for a JSON pointer (RFC 6901): `~` then `/`. */
export const pointerKey = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');
