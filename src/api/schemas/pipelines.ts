import { Type } from 'typebox';
import { STAGE_SEMANTICS, type StageSemantics } from '../../domain/pipeline.ts';
import { MAX_STAGES } from '../../store/repositories/pipeline-stages.ts';
import { Id, StringEnum, Timestamp, Version } from './common.ts';

const Semantics = StringEnum(STAGE_SEMANTICS, {
  description: 'open is work in progress; won and lost are final',
});

const StageName = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '\\S',
  description: 'Unique in its pipeline',
});
const Color = Type.Union([
  Type.String({ minLength: 1, maxLength: 32, description: 'CSS colour', examples: ['#39A8EF'] }),
  Type.Null(),
]);

export const EntityType = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,39}$',
  description: 'lead, deal, or the name of a custom kind of item',
  examples: ['deal'],
});

const LeadSwitch = (description: string) => Type.Optional(Type.Boolean({ description }));

/** Which unknown senders become contacts and leads in the pipeline's first stage. */
const InboundSettings = Type.Object(
  {
    createLeads: LeadSwitch('An email from an unknown address becomes a contact and a lead here'),
    createLeadsFromCalls: LeadSwitch('A call (incoming, missed or completed) from an unknown number does'),
    createLeadsFromChats: LeadSwitch('A chat message from an unknown writer does'),
  },
  {
    additionalProperties: false,
    description: 'Leads from unknown senders; the oldest pipeline with a switch on takes them',
  },
);

// Other keys stay free (currency, ...); the inbound switches are checked, so a typo is refused.
// Answers show settings as stored (written before the switches were checked, too).
const StoredSettings = Type.Record(Type.String(), Type.Unknown(), { description: 'Pipeline settings' });
const Settings = Type.Object(
  { inbound: Type.Optional(InboundSettings) },
  { additionalProperties: true, description: 'Pipeline settings' },
);

export const StageSchema = Type.Object(
  {
    id: Id,
    pipelineId: Id,
    name: Type.String(),
    sort: Type.Integer({ description: 'Board order, ascending' }),
    semantics: Semantics,
    color: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'Stage' },
);

export const PipelineSchema = Type.Object(
  {
    id: Id,
    name: Type.String(),
    entityType: Type.String(),
    settings: StoredSettings,
    stages: Type.Array(StageSchema, { description: 'In board order' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Pipeline' },
);

const NewStageSchema = Type.Object(
  {
    name: StageName,
    semantics: Type.Optional(
      Type.Unsafe<StageSemantics>({ type: 'string', enum: [...STAGE_SEMANTICS], default: 'open' }),
    ),
    color: Type.Optional(Color),
  },
  { additionalProperties: false, title: 'NewStage' },
);

export const CreatePipelineSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    entityType: EntityType,
    settings: Type.Optional(Settings),
    stages: Type.Array(NewStageSchema, {
      minItems: 1,
      maxItems: MAX_STAGES,
      description: 'In board order; at least one must be open',
    }),
  },
  { additionalProperties: false, title: 'CreatePipeline' },
);

export const UpdatePipelineSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    settings: Type.Optional(Settings),
    version: Type.Optional(Version),
  },
  { additionalProperties: false, title: 'UpdatePipeline' },
);

export const CreateStageSchema = Type.Object(
  {
    ...NewStageSchema.properties,
    afterStageId: Type.Optional(
      Type.Union([Id, Type.Null()], {
        description: 'Insert after this stage; null puts it first. Default: at the end',
      }),
    ),
  },
  { additionalProperties: false, title: 'CreateStage' },
);

export const UpdateStageSchema = Type.Object(
  {
    name: Type.Optional(StageName),
    semantics: Type.Optional(Semantics),
    color: Type.Optional(Color),
  },
  { additionalProperties: false, title: 'UpdateStage' },
);

export const StageOrderSchema = Type.Object(
  {
    stageIds: Type.Array(Id, {
      minItems: 1,
      maxItems: MAX_STAGES,
      description: 'Every stage of the pipeline, once each, in the new order',
    }),
  },
  { additionalProperties: false, title: 'StageOrder' },
);

export const StageParams = Type.Object({ id: Id, stageId: Id });

export const PipelineListQuery = Type.Object(
  { entityType: Type.Optional(EntityType) },
  { additionalProperties: false },
);
