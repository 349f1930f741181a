import type { FieldProblem } from '../errors.ts';
import type { FactScope } from '../facts.ts';
import { CONDITION_LIMITS } from './condition.ts';
import { isPlainObject } from './fact-values.ts';
import { escapePointer, validateComparison } from './validate-comparison.ts';

/**
 * Checks a condition when a rule is saved: its shape, operators, values, field names and limits,
 * and the safety of `matches` patterns. Each problem names the JSON pointer of the offending part
 * below `pointer` (e.g. `/condition/all/1/op`), so the API can point at it. An empty answer means
 * `input` is a Condition that evaluateCondition can run.
 */
export function validateCondition(input: unknown, scope: FactScope, pointer = ''): FieldProblem[] {
  const walk: Walk = { scope, problems: [], nodes: 0 };
  visit(walk, input, pointer, 1);
  return walk.problems;
}

interface Walk {
  readonly scope: FactScope;
  readonly problems: FieldProblem[];
  nodes: number;
}

const KINDS = ['all', 'any', 'not', 'field'] as const;

function visit(walk: Walk, input: unknown, pointer: string, depth: number): void {
  const report = (field: string, message: string) => walk.problems.push({ field, message });
  if (depth > CONDITION_LIMITS.maxDepth) {
    report(pointer, `conditions may be nested at most ${CONDITION_LIMITS.maxDepth} levels deep`);
    return;
  }
  walk.nodes++;
  if (walk.nodes > CONDITION_LIMITS.maxNodes) {
    // Reported once, where the limit is crossed; the rest is not examined.
    if (walk.nodes === CONDITION_LIMITS.maxNodes + 1) {
      report(pointer, `a condition may have at most ${CONDITION_LIMITS.maxNodes} parts`);
    }
    return;
  }
  if (!isPlainObject(input)) {
    report(
      pointer,
      'must be an object: {"all": [...]}, {"any": [...]}, {"not": {...}} or {"field", "op", "value"}',
    );
    return;
  }
  const kinds = KINDS.filter((key) => Object.hasOwn(input, key));
  const [kind, other] = kinds;
  if (kind === undefined) {
    report(pointer, 'needs one of "all", "any", "not" or "field"');
    return;
  }
  if (other !== undefined) {
    report(
      pointer,
      `has both "${kind}" and "${other}"; a condition is exactly one of all, any, not or a comparison`,
    );
    return;
  }
  if (kind === 'field') {
    validateComparison(input, walk.scope, pointer, walk.problems);
    return;
  }
  for (const key of Object.keys(input)) {
    if (key !== kind) report(`${pointer}/${escapePointer(key)}`, `unknown key "${key}" next to "${kind}"`);
  }
  const inner = input[kind];
  if (kind === 'not') {
    visit(walk, inner, `${pointer}/not`, depth + 1);
    return;
  }
  if (!Array.isArray(inner)) {
    report(`${pointer}/${kind}`, 'must be a list of conditions');
    return;
  }
  if (inner.length === 0) {
    report(`${pointer}/${kind}`, 'needs at least one condition (a rule without a condition always applies)');
    return;
  }
  for (const [index, part] of inner.entries()) visit(walk, part, `${pointer}/${kind}/${index}`, depth + 1);
}
