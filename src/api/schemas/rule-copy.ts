import { Type } from 'typebox';

/** POST /{robots,triggers,guards}/{id}/copy: the stage the copy goes to, and its name if not the rule's. */
export const CopyRuleSchema = Type.Object(
  {
    stageId: Type.String({
      minLength: 1,
      maxLength: 64,
      description:
        "The stage the copy goes to: a stage of the rule's pipeline (the rule's own stage included)",
    }),
    name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '\\S',
        description: "The copy's name. Default: the rule's name",
      }),
    ),
  },
  { additionalProperties: false, title: 'CopyRule' },
);
