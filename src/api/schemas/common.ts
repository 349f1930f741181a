import { type TSchema, Type } from 'typebox';
import type { RecordChange } from '../../automation/record-ports.ts';
import { invalid } from '../../domain/errors.ts';
import { MAX_MONEY_TEXT, MONEY_PATTERN_SOURCE } from '../../domain/money.ts';
import { ERROR_MESSAGE } from '../validation.ts';

export const Id = Type.String({ minLength: 1, maxLength: 64, description: 'A UUIDv7 identifier' });
export const NullableId = Type.Union([Id, Type.Null()]);
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 date and time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
export const Version = Type.Integer({ minimum: 1, description: 'Optimistic concurrency version' });

const MONEY_RANGE = `from -${MAX_MONEY_TEXT} to ${MAX_MONEY_TEXT}`;

/**
 * Exact money: a decimal string with up to two decimals, never a JSON number, which a JSON parser
 * reads as binary floating point before anything could check its text.
 */
export const moneyInput = (note = '') =>
  Type.String({
    pattern: MONEY_PATTERN_SOURCE,
    description: `Decimal string with at most two decimals, ${MONEY_RANGE}${note}; a JSON number is refused`,
    examples: ['150000.00'],
    [ERROR_MESSAGE]: `must be a decimal string with at most two decimals, ${MONEY_RANGE}, e.g. "1500.50" (not a JSON number)`,
  });
export const MoneyInput = moneyInput();
export const Money = Type.String({
  description: `Decimal amount with two decimals, ${MONEY_RANGE}`,
  examples: ['150000.00'],
});
export const Currency = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 code',
  examples: ['RUB'],
});

export const Fields = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Custom fields: names to JSON values',
});

export const IdParams = Type.Object({ id: Id });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size' })),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 512, description: 'nextCursor of the previous page' }),
  ),
};

export const pageOf = <T extends TSchema>(item: T, name: string) =>
  Type.Object(
    { data: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) },
    { title: `${name}Page` },
  );

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { title: 'Problem', description: 'RFC 9457 problem document', additionalProperties: true },
);

export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  413: ProblemSchema,
  503: ProblemSchema,
};

/** Success schemas plus the problem documents every route may answer with. */
export const responses = <T extends Record<number, TSchema>>(success: T) => ({
  ...success,
  ...problemResponses,
});

/** The version a write expects: `version` in the body wins over an `If-Match: "3"` header. */
export function expectedVersion(
  bodyVersion: number | undefined,
  ifMatch: string | undefined,
): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (match?.[1] === undefined) throw invalid('/headers/if-match', 'must be a version such as "3"');
  return Number(match[1]);
}

/** A PATCH of the record `:id`: its changes, against the version the body or If-Match names. */
export function recordChange<C>(
  request: {
    readonly params: { readonly id: string };
    readonly body: { readonly version?: number | undefined };
    readonly headers: { readonly 'if-match'?: string | undefined };
  },
  changes: C,
): RecordChange<C> {
  const expected = expectedVersion(request.body.version, request.headers['if-match']);
  return { id: request.params.id, changes, expectedVersion: expected };
}

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'Expected version, as returned in ETag' })),
});

/** A string that is one of `values`, described as a JSON Schema `enum`. */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** A 204 answer. */
export const NoContent = Type.Null({ description: 'No content' });
