import { Type } from 'typebox';

const LocalizedText = Type.Object(
  { en: Type.String(), ru: Type.String() },
  { title: 'LocalizedText', description: 'The same text in English and Russian' },
);

const JsonSchemaDocument = Type.Record(Type.String(), Type.Unknown(), {
  description: 'A JSON Schema (draft 2020-12) document',
});

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
  },
  {
    title: 'Catalogue',
    description:
      'Event types with the JSON Schema of their data and robot actions with the JSON Schema of their params: ' +
      'the schemas events and robots are validated with',
  },
);
