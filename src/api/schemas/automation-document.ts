import { Type } from 'typebox';
import {
  AUTOMATION_FORMAT,
  AUTOMATION_FORMAT_VERSION,
} from '../../automation/commands/automation-document.ts';
import { STAGE_SEMANTICS } from '../../domain/pipeline.ts';
import { REPEAT_MODES } from '../../domain/rules.ts';
import { StringEnum, Timestamp } from './common.ts';
import { EntityType, PipelineSchema } from './pipelines.ts';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const StageKey = Type.String({ minLength: 1, maxLength: 100, description: 'A key of pipeline.stages' });
const Json = Type.Unknown();
const Flag = Type.Optional(Type.Boolean());
/** Who the rule acts as; a named user by email, as robots' params name users. */
const DocumentActAs = Type.Optional(
  Type.Union([
    Type.Literal('responsible'),
    Type.Literal('supervisor'),
    Type.Object(
      { userEmail: Type.String({ minLength: 3, maxLength: 320 }) },
      { additionalProperties: false },
    ),
    Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
    Type.Null(),
  ]),
);

const DocumentStage = Type.Object(
  {
    key: StageKey,
    name: Name,
    sort: Type.Integer(),
    semantics: StringEnum(STAGE_SEMANTICS),
    color: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
  },
  { additionalProperties: false },
);

const DocumentTrigger = Type.Object(
  {
    name: Name,
    stageKey: StageKey,
    eventType: Type.String({ minLength: 1, maxLength: 100 }),
    filter: Type.Optional(Json),
    condition: Type.Optional(Json),
    allowBackward: Flag,
    actAs: DocumentActAs,
    enabled: Flag,
  },
  { additionalProperties: false },
);

const DocumentRobot = Type.Object(
  {
    name: Name,
    stageKey: StageKey,
    action: Type.Object(
      {
        type: Type.String({ minLength: 1, maxLength: 64 }),
        params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      },
      { additionalProperties: false },
    ),
    timing: Type.Optional(Json),
    condition: Type.Optional(Json),
    afterPrevious: Flag,
    repeat: Type.Optional(StringEnum(REPEAT_MODES)),
    retry: Type.Optional(
      Type.Object(
        {
          maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
          initialDelay: Type.Optional(Type.String({ minLength: 2, maxLength: 40 })),
          maxDelay: Type.Optional(Type.String({ minLength: 2, maxLength: 40 })),
        },
        { additionalProperties: false },
      ),
    ),
    actAs: DocumentActAs,
    enabled: Flag,
  },
  { additionalProperties: false },
);

const DocumentGuard = Type.Object(
  {
    name: Name,
    stageKey: StageKey,
    condition: Json,
    message: Type.String({ minLength: 1, maxLength: 500 }),
    enabled: Flag,
  },
  { additionalProperties: false },
);

const documentFields = {
  format: Type.Literal(AUTOMATION_FORMAT),
  version: Type.Literal(AUTOMATION_FORMAT_VERSION),
  exportedAt: Type.Optional(Timestamp),
  pipeline: Type.Object(
    {
      name: Name,
      entityType: EntityType,
      stages: Type.Immutable(Type.Array(DocumentStage, { minItems: 1, maxItems: 100 })),
    },
    { additionalProperties: false },
  ),
  triggers: Type.Immutable(Type.Array(DocumentTrigger, { maxItems: 1000 })),
  robots: Type.Immutable(
    Type.Array(DocumentRobot, { maxItems: 1000, description: 'In their order within each stage' }),
  ),
  guards: Type.Immutable(Type.Array(DocumentGuard, { maxItems: 1000 })),
  secretsOmitted: Type.Optional(
    Type.Immutable(
      Type.Array(Type.String(), {
        description: 'Pointers of the secrets the export left out; set them again after an import',
      }),
    ),
  ),
};

export const AutomationDocumentSchema = Type.Object(documentFields, {
  additionalProperties: false,
  title: 'AutomationDocument',
  description:
    'A pipeline\'s whole automation: rules name stages by stageKey and users by {"userEmail": ...}; secrets are left out',
});

export const ImportAutomationSchema = Type.Object(
  {
    ...documentFields,
    name: Type.Optional({ ...Name, description: 'A new name for the imported pipeline' }),
  },
  { additionalProperties: false, title: 'ImportAutomation' },
);

export const ImportedAutomationSchema = Type.Object(
  {
    pipeline: PipelineSchema,
    counts: Type.Object({
      stages: Type.Integer(),
      triggers: Type.Integer(),
      robots: Type.Integer(),
      guards: Type.Integer(),
    }),
  },
  { title: 'ImportedAutomation' },
);
