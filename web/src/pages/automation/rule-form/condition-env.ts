import type { ProblemField } from '../../../api/client.ts';
import type { Stage } from '../../../api/types.ts';
import type { CatalogueOperator, ConditionJson } from '../automation-types.ts';
import type { FieldOption } from './condition-facts.ts';

/** What every part of one condition builder shares. */
export interface ConditionEnv {
  readonly fields: readonly FieldOption[];
  readonly operators: readonly CatalogueOperator[];
  readonly stages: readonly Stage[];
  readonly errors: readonly ProblemField[] | undefined;
  readonly idPrefix: string;
  readonly language: string;
}

export interface ConditionNodeProps {
  readonly node: ConditionJson;
  readonly onChange: (node: ConditionJson) => void;
  /** Removes this node from its group (or the whole condition, at the top). */
  readonly onRemove: () => void;
  readonly pointer: string;
  readonly depth: number;
  readonly env: ConditionEnv;
}
