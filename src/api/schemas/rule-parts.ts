import { Type } from 'typebox';
import { Id, Timestamp, Version } from './common.ts';

/**
 * Schema pieces shared by triggers, robots and guards. Conditions, filters and timings are only
 * shaped here (a JSON object); their meaning is checked when the rule is saved
 * (automation/rule-validation.ts), which names the offending part by its JSON pointer.
 */
const LANGUAGE =
  'A condition: {"all": [...]}, {"any": [...]}, {"not": c} or a comparison {"field": "item.amount", "op": "gt", ' +
  '"value": 100000}; a comparison may name another field instead of a value ({"valueField": "item.amount"}) and, ' +
  'with eq, ne, gt, gte, lt or lte between numbers, a share of it: {"field": "item.paidAmount", "op": "gte", ' +
  '"valueField": "item.amount", "percent": 50} holds when the paid sum is at least 50 % of the amount ' +
  '(percent above 0, at most 10000; compared exactly). With the same operators the field may first gain or lose ' +
  'another numeric field: {"field": "item.amount", "minus": "item.paidAmount", "op": "lte", "value": 1000} holds when ' +
  'at most 1000 is left to pay ("plus" adds; money only with money; exact; false when either is missing). Fields, operators and the kinds they fit: GET /api/v1/catalogue';

/** A condition object; `role` says what it is for in this place. */
export const conditionJson = (role?: string) =>
  Type.Record(Type.String(), Type.Unknown(), {
    description: role === undefined ? LANGUAGE : `${LANGUAGE}. ${role}`,
    examples: [
      { field: 'item.amount', op: 'gt', value: 100000 },
      { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount', percent: 50 },
      { field: 'item.amount', minus: 'item.paidAmount', op: 'lte', value: 1000 },
    ],
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

/** Who a trigger or robot acts as: its moves and entries are attributed to that person. */
export const ActAsSchema = Type.Union(
  [
    Type.Literal('responsible', { description: "The item's responsible user when the rule acts" }),
    Type.Literal('supervisor', { description: "That user's supervisor" }),
    Type.Object(
      { userId: Type.String({ minLength: 1, maxLength: 64, description: 'An active user' }) },
      { additionalProperties: false },
    ),
    Type.Null(),
  ],
  {
    description:
      'The person the rule acts as: its moves, timeline entries and created items are attributed to them, ' +
      'and the journal still names the rule. "responsible", "supervisor" or {"userId": "<id>"} (an active user). ' +
      'Default: null, the rule itself',
  },
);
