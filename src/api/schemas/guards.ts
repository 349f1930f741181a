import { Type } from 'typebox';
import { Version } from './common.ts';
import { conditionJson, RuleListFilters, ruleColumns, rulePlacement, StoredCondition } from './rule-parts.ts';

const Condition = conditionJson(
  'Must hold for an item to enter the stage (over the item, documents, payments)',
);
const Message = Type.String({
  minLength: 1,
  maxLength: 500,
  pattern: '\\S',
  description: 'Told to the person whose move is refused, and journaled for automatic moves',
  examples: ['Payment is not 100 %'],
});

export const GuardSchema = Type.Object(
  { ...ruleColumns, condition: StoredCondition, message: Type.String() },
  { title: 'Guard', description: 'An item may enter stageId only if condition holds' },
);

export const CreateGuardSchema = Type.Object(
  { ...rulePlacement, condition: Condition, message: Message },
  { additionalProperties: false, title: 'CreateGuard' },
);

export const UpdateGuardSchema = Type.Object(
  {
    name: Type.Optional(rulePlacement.name),
    stageId: Type.Optional(rulePlacement.stageId),
    pipelineId: rulePlacement.pipelineId,
    enabled: rulePlacement.enabled,
    condition: Type.Optional(Condition),
    message: Type.Optional(Message),
    version: Type.Optional(Version),
  },
  {
    additionalProperties: false,
    title: 'UpdateGuard',
    description: 'The merged guard is validated again as a whole',
  },
);

export const GuardListQuery = Type.Object(RuleListFilters, { additionalProperties: false });
