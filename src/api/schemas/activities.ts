import { Type } from 'typebox';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES } from '../../domain/work.ts';
import { Id, NullableId, NullableTimestamp, StringEnum, Timestamp, Version } from './common.ts';

const ActivityType = StringEnum(ACTIVITY_TYPES, { description: 'What is planned' });
const Status = StringEnum(ACTIVITY_STATUSES, {
  description: 'Default: planned. Entering completed sets completedAt; leaving it clears completedAt',
});
const Subject = Type.String({ minLength: 1, maxLength: 500, examples: ['Discuss the quote'] });
const Description = Type.Union([Type.String({ maxLength: 20000 }), Type.Null()]);
const AutoComplete = Type.Boolean({
  description: 'Completes itself when the item leaves the stage it was planned in. Default: true',
});

export const ActivitySchema = Type.Object(
  {
    id: Id,
    itemId: NullableId,
    type: ActivityType,
    subject: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    dueAt: NullableTimestamp,
    responsibleId: NullableId,
    status: Status,
    autoComplete: Type.Boolean(),
    stageId: NullableId,
    createdByRobotId: Type.Union([Type.String(), Type.Null()], {
      description: 'The robot that planned the activity; null for activities created through the API',
    }),
    createdByUserId: Type.Union([Id, Type.Null()], {
      description:
        'The person who planned the activity: the signed-in user, or the user a robot acted as (actAs); null when no person did',
    }),
    completedAt: NullableTimestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Activity' },
);

const activityFields = {
  itemId: Type.Optional(NullableId),
  type: ActivityType,
  subject: Subject,
  description: Type.Optional(Description),
  dueAt: Type.Optional(NullableTimestamp),
  responsibleId: Type.Optional(NullableId),
  status: Type.Optional(Status),
  autoComplete: Type.Optional(AutoComplete),
  stageId: Type.Optional(
    Type.Union([Id, Type.Null()], {
      description: "A stage of the item's pipeline. Default: the item's current stage",
    }),
  ),
};

export const CreateActivitySchema = Type.Object(activityFields, {
  additionalProperties: false,
  title: 'CreateActivity',
});

export const UpdateActivitySchema = Type.Object(
  {
    ...activityFields,
    type: Type.Optional(ActivityType),
    subject: Type.Optional(Subject),
    version: Type.Optional(Version),
  },
  {
    additionalProperties: false,
    title: 'UpdateActivity',
    description: "Moving the activity to another item without naming a stage takes that item's stage",
  },
);

export const ActivityListQuery = Type.Object(
  {
    itemId: Type.Optional(Id),
    responsibleId: Type.Optional(Id),
    status: Type.Optional(Status),
    type: Type.Optional(ActivityType),
  },
  { additionalProperties: false },
);
