import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * A schema's own message for any failure of that schema (`{"x-error-message": "..."}`), where
 * Ajv's generic one ("must be string") would not tell the caller what to send.
 */
export const ERROR_MESSAGE = 'x-error-message';

const BASE: Options = {
  allErrors: false,
  // Errors carry their schema, so that problem documents can use its ERROR_MESSAGE.
  verbose: true,
  // Unknown fields are refused, never silently dropped: a typo must not look like success.
  removeAdditional: false,
  useDefaults: true,
  strict: false,
};

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...BASE, ...options });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Two validators: query strings and path parameters arrive as text and are coerced to the
 * schema's types; JSON bodies are taken as they are, so `"amount": true` is an error, not "true".
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = makeAjv({ coerceTypes: 'array' });
  const strict = makeAjv({ coerceTypes: false });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}
