import { Type } from 'typebox';
import { MAX_TEMPLATE_LENGTH } from '../../automation/templates/template-engine.ts';
import { Id, StringEnum, Timestamp } from './common.ts';
import { CreateRobotSchema } from './robots.ts';
import { CreateTriggerSchema } from './triggers.ts';

/** Most templates one preview renders. */
export const MAX_PREVIEW_TEMPLATES = 20;

const SampleEvent = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 100, description: 'An event type, e.g. email.received' }),
    data: Type.Record(Type.String(), Type.Unknown(), { description: "The event's data, as it would arrive" }),
  },
  { additionalProperties: false, title: 'SampleEvent' },
);

export const TemplatePreviewRequestSchema = Type.Object(
  {
    itemId: Id,
    templates: Type.Record(Type.String(), Type.String({ maxLength: MAX_TEMPLATE_LENGTH }), {
      minProperties: 1,
      maxProperties: MAX_PREVIEW_TEMPLATES,
      description: `Name → Liquid source; at most ${MAX_PREVIEW_TEMPLATES}, each at most ${MAX_TEMPLATE_LENGTH} characters`,
    }),
    html: Type.Optional(
      Type.Array(Type.String(), {
        maxItems: MAX_PREVIEW_TEMPLATES,
        description: "Names rendered as HTML, as send_email's html (every output escaped unless | raw)",
      }),
    ),
    event: Type.Optional(SampleEvent),
    timing: Type.Optional(
      Type.Unknown({
        description:
          "The robot's timing: one at task.deadline or activity.start lets the templates read the item's next " +
          'such task (task.*) or meeting (activity.*), as a run planned now would',
      }),
    ),
  },
  { additionalProperties: false, title: 'TemplatePreviewRequest' },
);

const TemplateResult = Type.Object(
  {
    text: Type.Optional(Type.String()),
    error: Type.Optional(
      Type.Object({
        message: Type.String(),
        line: Type.Optional(Type.Integer()),
        column: Type.Optional(Type.Integer()),
      }),
    ),
  },
  {
    title: 'TemplatePreviewResult',
    description: 'The rendered text, or the problem (with its position when known)',
  },
);

export const TemplatePreviewSchema = Type.Object(
  { results: Type.Record(Type.String(), TemplateResult) },
  { title: 'TemplatePreview' },
);

export const DryRunRequestSchema = Type.Object(
  {
    itemId: Id,
    event: Type.Optional(SampleEvent),
    robot: Type.Optional(CreateRobotSchema),
    robotId: Type.Optional(Id),
    trigger: Type.Optional(CreateTriggerSchema),
    triggerId: Type.Optional(Id),
  },
  {
    additionalProperties: false,
    title: 'DryRunRequest',
    description:
      'Exactly one of robot (a draft, as POST /robots takes it), robotId, trigger (a draft, as POST /triggers ' +
      "takes it) or triggerId. event: a trigger's sample event (default: its event type with empty data), or " +
      "the event.* facts of a robot's templates",
  },
);

const ConditionTrace = Type.Object(
  {
    kind: StringEnum(['all', 'any', 'not', 'compare'] as const),
    matched: Type.Boolean(),
    reason: Type.String(),
    children: Type.Optional(Type.Immutable(Type.Array(Type.Unknown({ description: 'A ConditionTrace' })))),
    compared: Type.Optional(
      Type.Object({
        field: Type.String(),
        op: Type.String(),
        expected: Type.Optional(Type.Unknown()),
        valueField: Type.Optional(Type.String()),
        percent: Type.Optional(Type.Number()),
        plus: Type.Optional(Type.String()),
        minus: Type.Optional(Type.String()),
        operand: Type.Optional(Type.Unknown({ description: 'The value of the plus or minus field' })),
        actual: Type.Unknown(),
      }),
    ),
  },
  {
    title: 'ConditionTrace',
    description: 'A condition evaluated part by part, with the values of every comparison',
  },
);
const NullableTrace = Type.Union([ConditionTrace, Type.Null()]);

const ActingAs = (rule: string) =>
  Type.Union([Type.Object({ userId: Id, name: Type.String() }), Type.Null()], {
    description:
      `The person the ${rule} acts as (actAs), resolved for the item now: the author of what it writes, ` +
      `as in a real run; null when the ${rule} itself is the author`,
  });

const Guard = Type.Object({
  guardId: Id,
  name: Type.String(),
  passed: Type.Boolean(),
  message: Type.String(),
  trace: ConditionTrace,
});

const Run = Type.Object(
  {
    robotId: Id,
    robotName: Type.String(),
    robotVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'Null for a draft' }),
    stageId: Id,
    stageName: Type.String(),
    status: StringEnum(['scheduled', 'waiting', 'skipped'] as const, {
      description: 'skipped: a once-per-item robot that already ran, or the condition does not hold now',
    }),
    dueAt: Type.Union([Timestamp, Type.Null()]),
    waitsFor: Type.Union([StringEnum(['previous', 'field'] as const), Type.Null()], {
      description:
        'What a waiting run waits for: previous (an after-previous robot, for the run before it) or field (an at timing whose date field is empty); null unless waiting',
    }),
    skipReason: Type.Union(
      [StringEnum(['condition', 'once_per_item', 'chain_depth'] as const), Type.Null()],
      {
        description:
          'Why a run would be skipped: condition (it does not hold now), once_per_item (it already ran for the item) or chain_depth (too many rules set one another off); null unless skipped',
      },
    ),
    note: Type.String({ description: 'The same in an English sentence, with the instants it counts from' }),
    actingAs: ActingAs('robot'),
    condition: NullableTrace,
    action: Type.Object({
      type: Type.String(),
      rendered: Type.Record(Type.String(), TemplateResult, {
        description: 'Template params rendered on the item',
      }),
      changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
        description: 'What the action would change, as its run records it; null when it would not run',
      }),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  },
  { title: 'DryRunRun' },
);

const OutsideCall = Type.Object(
  {
    kind: StringEnum(['email', 'sms', 'http'] as const),
    summary: Type.String(),
    detail: Type.Record(Type.String(), Type.Unknown(), {
      description: 'email: to, subject, text, html; sms: to, text; http: method, url, headers, body',
    }),
  },
  { title: 'OutsideCall', description: 'A call an action would make; none is made' },
);

export const DryRunResultSchema = Type.Object(
  {
    kind: StringEnum(['robot', 'trigger'] as const),
    now: Timestamp,
    item: Type.Object({ id: Id, title: Type.String(), stageId: Id, stageName: Type.String() }),
    trigger: Type.Union([
      Type.Object({
        matched: Type.Boolean(),
        verdict: Type.String({
          description: 'matched, filter, condition, backward, final_stage, same_stage, missing_stage',
        }),
        reason: Type.String(),
        actingAs: ActingAs('trigger'),
        filter: NullableTrace,
        condition: NullableTrace,
      }),
      Type.Null(),
    ]),
    move: Type.Union([
      Type.Object({
        fromStageId: Id,
        fromStageName: Type.String(),
        toStageId: Id,
        toStageName: Type.String(),
        outcome: StringEnum(['moved', 'refused', 'loop', 'same_stage'] as const),
        message: Type.Union([Type.String(), Type.Null()]),
        guards: Type.Immutable(Type.Array(Guard)),
      }),
      Type.Null(),
    ]),
    runs: Type.Immutable(Type.Array(Run)),
    outsideCalls: Type.Immutable(Type.Array(OutsideCall)),
  },
  { title: 'DryRunResult' },
);
