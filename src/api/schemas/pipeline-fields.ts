import { Type } from 'typebox';

const PipelineField = Type.Object(
  {
    path: Type.String({
      description:
        'The path a condition, timing or template names, e.g. item.fields.meetingAt or contact.fields.city',
      examples: ['item.fields.meetingAt'],
    }),
    kind: Type.Union(
      [
        Type.Literal('string'),
        Type.Literal('number'),
        Type.Literal('date'),
        Type.Literal('boolean'),
        Type.Literal('list'),
        Type.Literal('any'),
      ],
      {
        description:
          'As the values show it: ISO dates are date, arrays list; values of several kinds make any',
      },
    ),
    examples: Type.Array(Type.Unknown(), { description: 'Up to five different values seen' }),
  },
  { title: 'PipelineField' },
);

export const PipelineFieldsSchema = Type.Object(
  { data: Type.Array(PipelineField) },
  {
    title: 'PipelineFields',
    description:
      "Custom fields in use on the pipeline's 1000 most recently updated items and on their contacts, sorted by path",
  },
);
