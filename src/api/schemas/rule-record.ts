import { Type } from 'typebox';
import { RUN_STATUSES } from '../../domain/run.ts';
import { Id, NullableTimestamp, PageQuery, StringEnum, Timestamp } from './common.ts';

const RuleKind = StringEnum(['trigger', 'robot'] as const);

export const RuleRecordQuery = Type.Object({ pipelineId: Id }, { additionalProperties: false });

export const RuleRecordsSchema = Type.Object(
  {
    from: Timestamp,
    to: Timestamp,
    data: Type.Immutable(
      Type.Array(
        Type.Object(
          {
            kind: RuleKind,
            ruleId: Id,
            fired: Type.Integer({
              description: 'Triggers: matched; robots: runs that did their action (succeeded or failed)',
            }),
            notMatched: Type.Integer({ description: 'Triggers: evaluated on an event and did not match' }),
            skipped: Type.Integer({ description: 'Robots: runs skipped (condition, once per item...)' }),
            failed: Type.Integer({ description: 'Robots: runs failed after their last attempt' }),
            cancelled: Type.Integer({ description: 'Robots: runs cancelled (the item left the stage)' }),
            lastFiredAt: Type.Union([Timestamp, Type.Null()], {
              description: 'The last time it fired, also before the 30 days',
            }),
          },
          { title: 'RuleRecord' },
        ),
      ),
    ),
  },
  { title: 'RuleRecords' },
);

const STATUS_LIST = `^(${RUN_STATUSES.join('|')})(,(${RUN_STATUSES.join('|')}))*$`;

export const RobotRunsQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(
      Type.String({
        pattern: STATUS_LIST,
        description: 'One status or a comma list of them',
        examples: ['failed'],
      }),
    ),
  },
  { additionalProperties: false },
);

export const TriggerJournalQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const RuleAlertsSchema = Type.Object(
  {
    data: Type.Immutable(
      Type.Array(
        Type.Object(
          {
            alert: StringEnum(['quiet', 'failing'] as const),
            kind: RuleKind,
            ruleId: Id,
            ruleName: Type.String(),
            pipelineId: Id,
            pipelineName: Type.String(),
            stageId: Id,
            stageName: Type.String(),
            firedBefore: Type.Integer({ description: 'Fired in the 30 days before the last 7' }),
            firedRecently: Type.Integer({ description: 'Fired in the last 7 days' }),
            failedRecently: Type.Integer({ description: 'Robots: failed in the last 7 days' }),
            failedBefore: Type.Integer({ description: 'Robots: failed in the 7 days before' }),
            lastFiredAt: NullableTimestamp,
          },
          { title: 'RuleAlert' },
        ),
      ),
    ),
  },
  { title: 'RuleAlerts' },
);
