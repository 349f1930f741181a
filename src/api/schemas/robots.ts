import { Type } from 'typebox';
import { REPEAT_MODES } from '../../domain/rules.ts';
import { StringEnum, Version } from './common.ts';
import {
  ActAsSchema,
  conditionJson,
  RuleListFilters,
  ruleColumns,
  rulePlacement,
  StoredCondition,
} from './rule-parts.ts';

const Params = Type.Record(Type.String(), Type.Unknown(), {
  description: "The action's parameters; text parameters are Liquid templates",
});

const ActionSchema = Type.Object(
  {
    type: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'An action type, e.g. notify',
      examples: ['notify'],
    }),
    params: Params,
  },
  { additionalProperties: false, title: 'RobotAction' },
);

const ActionInput = Type.Object(
  {
    type: ActionSchema.properties.type,
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Default: {}' })),
  },
  { additionalProperties: false, title: 'RobotActionInput' },
);

const TIMING =
  'When the run is due: {"kind": "immediately"}, {"kind": "after", "duration": "P3D"} or ' +
  '{"kind": "at", "field": "item.fields.meetingAt", "offset": "-PT1H"}; the field may also be ' +
  '"task.deadline" (the nearest deadline of an open task of the item) or "activity.start" (the ' +
  'nearest start of a planned activity, of "activityType" when given); add "workingTime": true to ' +
  "keep to the responsible user's working calendar. Default: immediately";
const Timing = Type.Record(Type.String(), Type.Unknown(), {
  description: TIMING,
  examples: [{ kind: 'after', duration: 'P3D' }],
});

const Duration = Type.String({
  minLength: 2,
  maxLength: 40,
  description: 'ISO 8601 duration',
  examples: ['PT30S'],
});

const RetrySchema = Type.Object(
  {
    maxAttempts: Type.Integer({
      minimum: 1,
      maximum: 20,
      description: 'Attempts in all, the first included',
    }),
    initialDelay: Duration,
    maxDelay: Duration,
  },
  { additionalProperties: false, title: 'RetryPolicy' },
);

const RetryInput = Type.Object(
  {
    maxAttempts: Type.Optional(RetrySchema.properties.maxAttempts),
    initialDelay: Type.Optional(Duration),
    maxDelay: Type.Optional(Duration),
  },
  {
    additionalProperties: false,
    description:
      'Exponential backoff with jitter. Default: 5 attempts, PT30S first delay, PT1H at most; parts left out keep their value',
  },
);

const Repeat = StringEnum(REPEAT_MODES, {
  description:
    'every-entry: a run for each entry into the stage; once-per-item: only the first. Default: every-entry',
});
const AfterPrevious = Type.Boolean({
  description:
    'Starts only after the previous robot of the stage (by sort) finished for the same entry. Default: false',
});
const Sort = Type.Integer({
  minimum: -1_000_000_000,
  maximum: 1_000_000_000,
  description: "Order among the stage's robots. Default: after the stage's last robot",
});
const Condition = Type.Union([
  conditionJson('Checked when the run fires, not when it is planned. Null: always'),
  Type.Null(),
]);

export const RobotSchema = Type.Object(
  {
    ...ruleColumns,
    action: ActionSchema,
    timing: Type.Unknown({ description: TIMING }),
    condition: StoredCondition,
    afterPrevious: Type.Boolean(),
    repeat: Repeat,
    retry: RetrySchema,
    sort: Type.Integer(),
    actAs: ActAsSchema,
  },
  {
    title: 'Robot',
    description: 'When an item enters stageId (and condition holds when it fires), run the action at timing',
  },
);

const robotFields = {
  action: ActionInput,
  timing: Type.Optional(Timing),
  condition: Type.Optional(Condition),
  afterPrevious: Type.Optional(AfterPrevious),
  repeat: Type.Optional(Repeat),
  retry: Type.Optional(RetryInput),
  sort: Type.Optional(Sort),
  actAs: Type.Optional(ActAsSchema),
};

export const CreateRobotSchema = Type.Object(
  { ...rulePlacement, ...robotFields },
  { additionalProperties: false, title: 'CreateRobot' },
);

export const UpdateRobotSchema = Type.Object(
  {
    name: Type.Optional(rulePlacement.name),
    stageId: Type.Optional(rulePlacement.stageId),
    pipelineId: rulePlacement.pipelineId,
    enabled: rulePlacement.enabled,
    ...robotFields,
    action: Type.Optional(ActionInput),
    version: Type.Optional(Version),
  },
  {
    additionalProperties: false,
    title: 'UpdateRobot',
    description:
      'The merged robot is validated again as a whole; a new action replaces the old one with its params',
  },
);

export const RobotListQuery = Type.Object(
  { ...RuleListFilters, actionType: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
