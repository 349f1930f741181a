import { Type } from 'typebox';

const LocalizedText = Type.Object(
  { en: Type.String(), ru: Type.String() },
  { title: 'LocalizedText', description: 'The same text in English and Russian' },
);

const JsonSchemaDocument = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'A JSON Schema (draft 2020-12) document; every node with a "description" also has "x-description-ru", ' +
    'the same help text in Russian',
});

const FactKind = Type.Union(
  [
    Type.Literal('string'),
    Type.Literal('number'),
    Type.Literal('date'),
    Type.Literal('boolean'),
    Type.Literal('list'),
    Type.Literal('any'),
  ],
  {
    title: 'FactKind',
    description: 'What a fact holds; "any": custom fields and event data of no fixed kind',
  },
);

const CatalogueFact = Type.Object(
  {
    path: Type.String({ examples: ['item.paidAmount'] }),
    kind: FactKind,
    scope: Type.Union(
      [Type.Literal('item'), Type.Literal('event'), Type.Literal('task'), Type.Literal('activity')],
      {
        description:
          '"event": the triggering event, readable by triggers and by templates of what an event caused; ' +
          '"task", "activity": the task or activity a robot is timed against (timing "at" with ' +
          '"task.deadline" or "activity.start"), readable only by such robots; ' +
          '"item": the item, its contact, people, stage, pipeline, documents and payments',
      },
    ),
    money: Type.Optional(Type.Literal(true, { description: "An amount in the item's currency" })),
    description: LocalizedText,
  },
  {
    title: 'CatalogueFact',
    description:
      'A fact conditions, timings and templates can name. Custom fields (item.fields.*, contact.fields.*: ' +
      "GET /api/v1/pipelines/{id}/fields) and event data (event.data.*: the event type's dataSchema) come on top",
  },
);

const CatalogueOperator = Type.Object(
  {
    op: Type.String({ examples: ['gte'] }),
    kinds: Type.Array(FactKind, {
      description: 'The fact kinds it applies to; conditions are validated by the same table',
    }),
    value: Type.Union(
      [
        Type.Literal('none'),
        Type.Literal('one'),
        Type.Literal('list'),
        Type.Literal('range'),
        Type.Literal('regex'),
      ],
      {
        description:
          'Its right side: nothing; one "value" or another field ("valueField"); a list; [low, high]; a regular expression',
      },
    ),
    percent: Type.Boolean({
      description:
        'Takes "percent" with "valueField": {"field": "item.paidAmount", "op": "gte", "valueField": "item.amount", "percent": 50}',
    }),
    arithmetic: Type.Boolean({
      description:
        'Takes "plus" or "minus", another numeric field added to or taken from the field before comparing ' +
        '(exactly; money only with money): {"field": "item.amount", "minus": "item.paidAmount", "op": "lte", "value": 1000}',
    }),
    description: LocalizedText,
  },
  { title: 'CatalogueOperator' },
);

const EventOrigin = Type.Object(
  {
    by: Type.String({
      description:
        'What records it: an API change ("PATCH /api/v1/tasks/{id}"), an action ("action send_email"), "run", "trigger" or "guard"',
    }),
    when: LocalizedText,
  },
  { title: 'EventOrigin' },
);

const CatalogueEventType = Type.Object(
  {
    type: Type.String({ examples: ['task.status_changed'] }),
    description: LocalizedText,
    dataSchema: JsonSchemaDocument,
    open: Type.Boolean({ description: 'Filters may name any data field' }),
    internal: Type.Boolean({ description: 'Recorded by Stageflow only; POST /api/v1/events refuses it' }),
    emittedBy: Type.Array(EventOrigin, {
      description: 'What in Stageflow records the event; empty when it only comes from outside',
    }),
  },
  { title: 'CatalogueEventType' },
);

const CatalogueAction = Type.Object(
  {
    type: Type.String({ examples: ['notify'] }),
    description: LocalizedText,
    paramsSchema: JsonSchemaDocument,
    templateParams: Type.Array(Type.String(), {
      description: 'Params whose text is a Liquid template over the item, contact, people and event',
    }),
    examples: Type.Array(
      Type.Object({ summary: Type.String(), params: Type.Record(Type.String(), Type.Unknown()) }),
    ),
    outsideEffects: Type.Boolean({
      description: 'Reaches outside the CRM (mail, SMS, HTTP): runs outside the transaction and is retried',
    }),
    idempotency: LocalizedText,
  },
  { title: 'CatalogueAction' },
);

export const CatalogueSchema = Type.Object(
  {
    eventTypes: Type.Array(CatalogueEventType),
    actions: Type.Array(CatalogueAction),
    facts: Type.Array(CatalogueFact),
    operators: Type.Array(CatalogueOperator),
  },
  {
    title: 'Catalogue',
    description:
      'Event types with the JSON Schema of their data and robot actions with the JSON Schema of their params: ' +
      'the schemas events and robots are validated with; the facts conditions and templates name, and the ' +
      "condition language's operators with the fact kinds each applies to",
  },
);
