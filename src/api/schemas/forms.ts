import { Type } from 'typebox';
import { FIELD_KINDS, FIXED_TARGETS } from '../../channels/forms/form-fields.ts';
import { Id, NullableId, StringEnum, Timestamp, Version } from './common.ts';

const FieldSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$',
      description: 'The posted name; unique in the form; also the key in the event data',
    }),
    label: Type.String({ minLength: 1, maxLength: 200 }),
    kind: StringEnum(FIELD_KINDS),
    required: Type.Optional(Type.Boolean({ default: false })),
    maps: Type.Optional(
      Type.Union([Type.String({ maxLength: 80 }), Type.Null()], {
        description: `Where the value goes: ${FIXED_TARGETS.join(', ')} or item.fields.<name>; null (default): only the event data`,
        examples: ['contact.email'],
      }),
    ),
    options: Type.Optional(
      Type.Union(
        [Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 }), Type.Null()],
        {
          description: 'The choices of a select field',
        },
      ),
    ),
  },
  { additionalProperties: false, title: 'FormField' },
);

const Fields = Type.Array(FieldSchema, { minItems: 1, maxItems: 50 });
const Name = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Internal name; form.submitted carries it',
});
const Title = Type.String({ minLength: 1, maxLength: 200, description: 'The heading of the public page' });
const Description = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);
const SuccessMessage = Type.String({ minLength: 1, maxLength: 2000 });
const FormLanguage = Type.Union([Type.Literal('en'), Type.Literal('ru')], {
  description: "The language of the public page's own texts (button, messages). Default: en",
});

export const FormSchema = Type.Object(
  {
    id: Id,
    pipelineId: Id,
    stageId: Type.Union([Id, Type.Null()], { description: "Null: the pipeline's entry stage" }),
    name: Type.String(),
    title: Type.String(),
    description: Description,
    fields: Type.Array(FieldSchema),
    successMessage: Type.String(),
    enabled: Type.Boolean(),
    language: FormLanguage,
    url: Type.String({ description: 'The absolute URL of the public page, on the public URL: .../f/{id}' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Form' },
);

export const CreateFormSchema = Type.Object(
  {
    pipelineId: Id,
    stageId: Type.Optional(NullableId),
    name: Name,
    title: Title,
    description: Type.Optional(Description),
    fields: Fields,
    successMessage: Type.Optional(SuccessMessage),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    language: Type.Optional(FormLanguage),
  },
  { additionalProperties: false, title: 'CreateForm' },
);

export const UpdateFormSchema = Type.Object(
  {
    pipelineId: Type.Optional(Id),
    stageId: Type.Optional(NullableId),
    name: Type.Optional(Name),
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    fields: Type.Optional(Fields),
    successMessage: Type.Optional(SuccessMessage),
    enabled: Type.Optional(Type.Boolean()),
    language: Type.Optional(FormLanguage),
    version: Type.Optional(Version),
  },
  { additionalProperties: false, title: 'UpdateForm' },
);

export const FormListQuery = Type.Object({ pipelineId: Type.Optional(Id) });

export const FormParams = Type.Object({ formId: Type.String({ minLength: 1, maxLength: 64 }) });
export const FormPageQuery = Type.Object({}, { additionalProperties: true });
