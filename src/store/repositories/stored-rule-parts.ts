import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { type StoredRuleRef, storedRuleInvalid } from '../../domain/rules.ts';

/**
 * Reads a JSON column of a stored rule as `schema`. Rules are validated when saved, so a column
 * that does not parse was written past the API (by hand, a restore, a broken version): it is
 * refused here, naming the rule and the part, instead of failing somewhere inside the engine.
 * `fallback` stands for SQL NULL and JSON null.
 */
export function readRulePart<S extends TSchema, F>(
  rule: StoredRuleRef,
  part: string,
  schema: S,
  column: unknown,
  fallback: F,
): Static<S> | F {
  const value = jsonOf(rule, part, column);
  if (value === null || value === undefined) return fallback;
  if (Value.Check(schema, value)) return value;
  const [first] = Value.Errors(schema, value);
  const where = first === undefined || first.instancePath === '' ? '' : ` at ${first.instancePath}`;
  throw storedRuleInvalid(rule, part, `does not parse${where}: ${first?.message ?? 'wrong shape'}`);
}

/** A text column that must be one of `values`. */
export function readRuleChoice<const T extends readonly string[]>(
  rule: StoredRuleRef,
  part: string,
  values: T,
  column: string,
): T[number] {
  const found = values.find((value) => value === column);
  if (found === undefined)
    throw storedRuleInvalid(rule, part, `is "${column}", not one of ${values.join(', ')}`);
  return found;
}

/** SQLite hands JSON columns back as text, PostgreSQL's jsonb as values. */
function jsonOf(rule: StoredRuleRef, part: string, column: unknown): unknown {
  if (typeof column !== 'string') return column;
  try {
    return JSON.parse(column);
  } catch (error) {
    throw storedRuleInvalid(rule, part, 'is not JSON', error);
  }
}
