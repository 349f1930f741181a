import { Type } from 'typebox';
import { Version } from './common.ts';
import {
  ActAsSchema,
  conditionJson,
  RuleListFilters,
  ruleColumns,
  rulePlacement,
  StoredCondition,
} from './rule-parts.ts';

const EventType = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'An event type of the catalogue, e.g. email.received',
  examples: ['email.received'],
});
const Filter = Type.Union([
  conditionJson('Over the event only (event.type, event.data.*). Null: every event of the type'),
  Type.Null(),
]);
const Condition = Type.Union([
  conditionJson('Over the item, contact, responsible user, documents and payments. Null: always'),
  Type.Null(),
]);
const AllowBackward = Type.Boolean({
  description: 'Lets the trigger move items to a lower stage and out of final stages. Default: false',
});

export const TriggerSchema = Type.Object(
  {
    ...ruleColumns,
    eventType: Type.String(),
    filter: StoredCondition,
    condition: StoredCondition,
    allowBackward: Type.Boolean(),
    actAs: ActAsSchema,
  },
  {
    title: 'Trigger',
    description: 'When an event of the type happens to an item of the pipeline, move it to stageId',
  },
);

export const CreateTriggerSchema = Type.Object(
  {
    ...rulePlacement,
    eventType: EventType,
    filter: Type.Optional(Filter),
    condition: Type.Optional(Condition),
    allowBackward: Type.Optional(AllowBackward),
    actAs: Type.Optional(ActAsSchema),
  },
  { additionalProperties: false, title: 'CreateTrigger' },
);

export const UpdateTriggerSchema = Type.Object(
  {
    name: Type.Optional(rulePlacement.name),
    stageId: Type.Optional(rulePlacement.stageId),
    pipelineId: rulePlacement.pipelineId,
    enabled: rulePlacement.enabled,
    eventType: Type.Optional(EventType),
    filter: Type.Optional(Filter),
    condition: Type.Optional(Condition),
    allowBackward: Type.Optional(AllowBackward),
    actAs: Type.Optional(ActAsSchema),
    version: Type.Optional(Version),
  },
  {
    additionalProperties: false,
    title: 'UpdateTrigger',
    description: 'The merged trigger is validated again as a whole',
  },
);

export const TriggerListQuery = Type.Object(
  { ...RuleListFilters, eventType: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
