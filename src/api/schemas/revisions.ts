import { Type } from 'typebox';
import { REVISION_CHANGES, REVISION_RULE_KINDS } from '../../domain/revisions.ts';
import { Id, StringEnum, Timestamp } from './common.ts';

const RuleKind = StringEnum(REVISION_RULE_KINDS);
const State = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);

export const RevisionSchema = Type.Object(
  {
    id: Id,
    ruleKind: RuleKind,
    ruleId: Id,
    pipelineId: Id,
    version: Type.Integer({
      description:
        "The rule's version after the change (before it, for a deletion); for a stage, its pipeline's version",
    }),
    change: StringEnum(REVISION_CHANGES),
    before: { ...State, description: 'The rule as it was; null before a creation' },
    after: { ...State, description: 'The rule as it became; null after a deletion' },
    actor: Type.Object({
      userId: Type.Union([Id, Type.Null()], { description: 'Null when an API token made the change' }),
      name: Type.String({ description: "The user's name, or the API token's name" }),
    }),
    at: Timestamp,
  },
  {
    title: 'Revision',
    description: "One change of a trigger, robot, guard or stage; a robot's secrets are masked",
  },
);

export const RevisionListQuery = Type.Object(
  {
    ruleKind: Type.Optional(RuleKind),
    ruleId: Type.Optional(Id),
    pipelineId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const RestoredRuleSchema = Type.Object(
  {},
  {
    additionalProperties: true,
    title: 'RestoredRule',
    description: 'The rule as the restore left it: a Trigger, Robot, Guard or Stage (secrets masked)',
  },
);
