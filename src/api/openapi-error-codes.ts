import { ERROR_CATALOGUE } from '../domain/error-catalogue.ts';

/** Where the document keeps the list of error codes, once for every problem answer. */
export const ERROR_CODE_REF = '#/components/schemas/ErrorCode';

/** The error codes a problem document's `code` may hold: the catalogue, which only ever grows. */
export const ERROR_CODE_SCHEMA = {
  type: 'string',
  enum: Object.keys(ERROR_CATALOGUE),
  description:
    'What went wrong, stable across versions (codes are added, never renamed). ' +
    '`/problems/{code}` (the `type` of the problem document) explains each one.',
} as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** The media type every problem answer is served with (see `sendProblem`). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * Points the `code` of every problem schema in the document at one list of the codes, and declares
 * every problem answer under the media type it is served with: the plugin files each response
 * under `application/json`, while `sendProblem` answers `application/problem+json`. Listing the
 * codes inline would repeat them for each route and status, hundreds of times; the routes' own
 * schemas keep a plain string, so answering never depends on this list. The document is copied,
 * never changed in place: its schemas may be the very objects the routes were compiled from.
 */
export function withErrorCodes<D extends object>(document: D): D {
  const { paths, components = {} } = document as { paths?: unknown; components?: Json };
  const schemas = isObject(components['schemas']) ? components['schemas'] : {};
  return {
    ...document,
    paths: pointAtCodes(paths),
    components: { ...components, schemas: { ...schemas, ErrorCode: ERROR_CODE_SCHEMA } },
  };
}

function pointAtCodes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(pointAtCodes);
  if (!isObject(node)) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, pointAtCodes(value)]));
  if (isObject(copy['content'])) copy['content'] = asProblemContent(copy['content']);
  const properties = copy['properties'];
  if (copy['title'] === 'Problem' && isObject(properties) && isObject(properties['code'])) {
    copy['properties'] = { ...properties, code: { $ref: ERROR_CODE_REF } };
  }
  return copy;
}

/** A response's content, with a problem schema filed under the problem media type. */
function asProblemContent(content: Json): Json {
  return Object.fromEntries(
    Object.entries(content).map(([type, media]) =>
      type === 'application/json' && isProblem(media) ? [PROBLEM_MEDIA_TYPE, media] : [type, media],
    ),
  );
}

function isProblem(media: unknown): boolean {
  return isObject(media) && isObject(media['schema']) && media['schema']['title'] === 'Problem';
}
