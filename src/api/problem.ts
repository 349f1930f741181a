import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CATALOGUE } from '../domain/error-catalogue.ts';
import { AppError, type ErrorCode, type ErrorKind, type FieldProblem, toAppError } from '../domain/errors.ts';
import { fromDatabaseError } from '../store/database-errors.ts';
import { redactUrl } from './redaction.ts';
import { ERROR_MESSAGE } from './validation.ts';

/** The one table from error kind to HTTP status. */
const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  guard_refused: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/**
 * Seconds a client is asked to wait before trying again after a 503: long enough for a database
 * failover or restart to make progress, short enough that clients notice its return.
 */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The status a code answers with: its kind's, but for the one code that HTTP names more exactly
 * than the kinds do (415 for a body that is not JSON).
 */
export function statusOf(code: ErrorCode): number {
  return code === 'unsupported_media_type' ? 415 : STATUS[ERROR_CATALOGUE[code].kind];
}

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/**
 * The members every problem document defines itself. An error's details add extension members
 * beside them but never replace them: a detail named `status` must not change the HTTP status.
 */
const OWN_MEMBERS: ReadonlySet<string> = new Set([
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'code',
  'errors',
]);

function extensions(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([key]) => !OWN_MEMBERS.has(key)));
}

/** `instance` is the request's URL, with any credential in it redacted. */
export function toProblem(error: AppError, instance?: string): Problem {
  return {
    type: `/problems/${error.code}`,
    title: ERROR_CATALOGUE[error.code].title,
    status: statusOf(error.code),
    detail: error.kind === 'internal' ? 'An internal error occurred' : error.message,
    ...(instance !== undefined && { instance: redactUrl(instance) }),
    code: error.code,
    ...(error.fields.length > 0 && { errors: [...error.fields] }),
    ...(error.kind !== 'internal' && error.details !== undefined && extensions(error.details)),
  };
}

/** Fastify's own errors (validation, body size, content type) in the domain's terms. */
function fromFastifyError(error: FastifyError): AppError | undefined {
  if (error.validation !== undefined) {
    const part = error.validationContext ?? 'body';
    const fields = error.validation.map((issue) => {
      const missing = issue.keyword === 'required' ? `/${String(issue.params['missingProperty'])}` : '';
      const extra =
        issue.keyword === 'additionalProperties' ? `/${String(issue.params['additionalProperty'])}` : '';
      const field = `/${part}${issue.instancePath}${missing}${extra}`;
      const schema = (issue as { parentSchema?: Readonly<Record<string, unknown>> }).parentSchema;
      const own = schema?.[ERROR_MESSAGE];
      const message =
        extra !== ''
          ? 'is not a known field'
          : typeof own === 'string'
            ? own
            : (issue.message ?? 'is invalid');
      return { field, message };
    });
    const first = fields[0];
    const summary = first === undefined ? 'The request is invalid' : `${first.field} ${first.message}`;
    return new AppError('validation_failed', 'invalid', summary, { fields });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('body_too_large', 'too_large', 'The request body is larger than allowed');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'invalid', 'The body must be application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('empty_body', 'invalid', 'The JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_json', 'invalid', 'The body is not valid JSON');
    default:
      break;
  }
  if (error.statusCode === 400 && error instanceof SyntaxError) {
    return new AppError('invalid_json', 'invalid', `The body is not valid JSON: ${error.message}`);
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own code (FST_ERR_…) is not one of ours, and every public code is catalogued.
    return new AppError('bad_request', 'invalid', error.message);
  }
  return undefined;
}

export function sendProblem(reply: FastifyReply, error: AppError, instance?: string): FastifyReply {
  const problem = toProblem(error, instance);
  // A caller that knows better (load shedding) has set its own delay already.
  if (error.kind === 'unavailable' && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  }
  // A rate limit knows when the caller may try again (`retryAfterSeconds` in its details).
  const retryAfter = error.details?.['retryAfterSeconds'];
  if (error.kind === 'rate_limited' && typeof retryAfter === 'number') {
    reply.header('retry-after', String(retryAfter));
  }
  return reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const appError =
    error instanceof AppError
      ? error
      : (fromFastifyError(error) ?? fromDatabaseError(error) ?? toAppError(error));
  if (appError.kind === 'internal') {
    request.log.error({ err: error }, 'request failed');
  } else if (appError.kind === 'unavailable') {
    // One line per refused request during an outage, without the stack: the cause is the outage.
    request.log.warn({ code: appError.code, cause: (error as Error).message }, 'request refused for now');
  }
  return sendProblem(reply, appError, request.url);
}
