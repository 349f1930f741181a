import { Type } from 'typebox';
import { TASK_STATUSES } from '../../domain/work.ts';
import { Id, NullableId, NullableTimestamp, StringEnum, Timestamp, Version } from './common.ts';

const Status = StringEnum(TASK_STATUSES, {
  description: 'Default: new. Entering completed sets completedAt; leaving it clears completedAt',
});
const Title = Type.String({ minLength: 1, maxLength: 500, examples: ['Call the client back'] });
const Description = Type.Union([Type.String({ maxLength: 20000 }), Type.Null()]);
const ObserverIds = Type.Array(Id, {
  maxItems: 50,
  uniqueItems: true,
  description: 'Users who follow the task; each must exist',
});

export const TaskSchema = Type.Object(
  {
    id: Id,
    itemId: NullableId,
    title: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    responsibleId: NullableId,
    observerIds: Type.Array(Id),
    deadline: NullableTimestamp,
    status: Status,
    stageId: NullableId,
    createdByRobotId: Type.Union([Type.String(), Type.Null()], {
      description: 'The robot that created the task; null for tasks created through the API',
    }),
    createdByUserId: Type.Union([Id, Type.Null()], {
      description:
        'The person who created the task: the signed-in user, or the user a robot acted as (actAs); null when no person did (an API token, a robot acting as itself)',
    }),
    completedAt: NullableTimestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Task' },
);

const taskFields = {
  itemId: Type.Optional(NullableId),
  title: Title,
  description: Type.Optional(Description),
  responsibleId: Type.Optional(NullableId),
  observerIds: Type.Optional(ObserverIds),
  deadline: Type.Optional(NullableTimestamp),
  status: Type.Optional(Status),
  stageId: Type.Optional(
    Type.Union([Id, Type.Null()], { description: "A stage of the item's pipeline. Default: none" }),
  ),
};

export const CreateTaskSchema = Type.Object(taskFields, { additionalProperties: false, title: 'CreateTask' });

export const UpdateTaskSchema = Type.Object(
  { ...taskFields, title: Type.Optional(Title), version: Type.Optional(Version) },
  {
    additionalProperties: false,
    title: 'UpdateTask',
    description: 'Moving the task to another item without naming a stage clears its stage',
  },
);

export const TaskListQuery = Type.Object(
  {
    itemId: Type.Optional(Id),
    responsibleId: Type.Optional(Id),
    status: Type.Optional(
      Type.String({
        pattern: `^(${TASK_STATUSES.join('|')})(,(${TASK_STATUSES.join('|')}))*$`,
        description: `One status or a comma list of them: ${TASK_STATUSES.join(', ')}`,
        examples: ['new,in_progress'],
      }),
    ),
    dueBefore: Type.Optional(
      Type.String({ format: 'date-time', description: 'Deadline before this instant' }),
    ),
    dueAfter: Type.Optional(
      Type.String({ format: 'date-time', description: 'Deadline at or after this instant' }),
    ),
    createdByRobotId: Type.Optional(Type.String({ minLength: 1 })),
    createdByUserId: Type.Optional(Id),
    overdue: Type.Optional(
      Type.Boolean({
        description: 'true: the deadline has passed and the task is neither completed nor cancelled',
      }),
    ),
  },
  { additionalProperties: false },
);
