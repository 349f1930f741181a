import { Type } from 'typebox';
import { Id, Timestamp, Version } from './common.ts';

/**
 * Schema pieces shared by triggers, robots and guards. Conditions, filters and timings are only
 * shaped here (a JSON object); their meaning is checked when the rule is saved
 * (automation/rule-validation.ts), which names the offending part by its JSON pointer.
 */
const LANGUAGE =
  'A condition: {"all": [...]}, {"any": [...]}, {"not": c} or {"field": "item.amount", "op": "gt", "value": 100000}';

/** A condition object; `role` says what it is for in this place. */
export const conditionJson = (role?: string) =>
  Type.Record(Type.String(), Type.Unknown(), {
    description: role === undefined ? LANGUAGE : `${LANGUAGE}. ${role}`,
    examples: [{ field: 'item.amount', op: 'gt', value: 100000 }],
  });

/** A stored condition as answered (null: none), in the shape it was saved. */
export const StoredCondition = Type.Unknown({ description: `${LANGUAGE}, or null` });

export const RuleName = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const Enabled = Type.Boolean({
  description: 'Disabled rules are kept but never applied. Default: true',
});

/** Columns every rule has, as answered. */
export const ruleColumns = {
  id: Id,
  name: Type.String(),
  pipelineId: Id,
  stageId: Id,
  enabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Version,
};

/** Fields every rule takes on create; pipelineId may be left out: it is derived from stageId. */
export const rulePlacement = {
  name: RuleName,
  stageId: Id,
  pipelineId: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: "The stage's pipeline; derived from stageId when left out, refused when it disagrees",
    }),
  ),
  enabled: Type.Optional(Enabled),
};

export const RuleListFilters = {
  pipelineId: Type.Optional(Id),
  stageId: Type.Optional(Id),
  enabled: Type.Optional(Type.Boolean()),
};
