import { Type } from 'typebox';
import { STAGE_SEMANTICS } from '../../domain/pipeline.ts';
import { Id, StringEnum } from './common.ts';

export const MAX_CHART_DAYS = 366;

export const FunnelQuery = Type.Object({ pipelineId: Id }, { additionalProperties: false });

export const FunnelSchema = Type.Object(
  {
    pipelineId: Id,
    stages: Type.Array(
      Type.Object(
        {
          stageId: Id,
          name: Type.String(),
          semantics: StringEnum(STAGE_SEMANTICS),
          current: Type.Integer({ description: 'Items in the stage now' }),
          reached: Type.Integer({
            description:
              'Items that ever entered the stage or a later open or won one; for a lost stage, the items that entered it',
          }),
          conversion: Type.Union([Type.Number(), Type.Null()], {
            description:
              'reached divided by the reached of the previous open stage (0 to 1); null for the first stage, lost stages, or when the previous reached is 0',
          }),
        },
        { title: 'FunnelStage' },
      ),
      { description: 'In board order' },
    ),
  },
  { title: 'Funnel' },
);

export const RunsPerDayQuery = Type.Object(
  {
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_CHART_DAYS, default: 14, description: 'Days up to today' }),
    ),
    timeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        default: 'UTC',
        description: 'IANA time zone the days are counted in',
        examples: ['Europe/Moscow'],
      }),
    ),
    pipelineId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });

export const RunsPerDaySchema = Type.Object(
  {
    days: Type.Array(
      Type.Object(
        {
          day: Type.String({ format: 'date', description: 'The date in the time zone asked for' }),
          succeeded: Count,
          failed: Count,
          cancelled: Count,
          skipped: Count,
          scheduled: Count,
        },
        { title: 'RunsOfDay' },
      ),
      {
        description:
          'Oldest first, every day present; finished runs by the day they finished, scheduled ones by their due day',
      },
    ),
  },
  { title: 'RunsPerDay' },
);
