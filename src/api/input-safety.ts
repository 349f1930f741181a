import { AppError } from '../domain/errors.ts';
import { findUnstorable, MAX_JSON_DEPTH } from '../domain/storable-input.ts';
import type { App } from './app.ts';

const CODES = {
  too_deep: 'json_too_deep',
  unstorable: 'unstorable_text',
  inexact_number: 'inexact_number',
} as const;

/**
 * Refuses, before any route reads it, input the databases cannot store or that is nested too
 * deep, and JSON numbers that were not read exactly (see domain/storable-input.ts): path parameters, the query string, headers and the parsed
 * body of every route, public ones included. Runs after authentication, so a caller without a
 * valid token still gets 401, and before schema validation and the routes' own preValidation
 * hooks, so nothing downstream ever sees such a value. The answer is the same 400 on both
 * databases, naming the field.
 */
export function registerInputSafety(app: App): void {
  app.addHook('preValidation', async (request) => {
    const problem =
      findUnstorable(request.params, '/params') ??
      findUnstorable(request.query, '/querystring') ??
      findUnstorable(request.headers, '/headers') ??
      findUnstorable(request.body, '/body');
    if (problem === undefined) return;
    const { field, message, reason } = problem;
    const tooDeep = reason === 'too_deep';
    throw new AppError(CODES[reason], 'invalid', `${field} ${message}`, {
      fields: [{ field, message }],
      ...(tooDeep && { details: { maxDepth: MAX_JSON_DEPTH } }),
    });
  });
}
