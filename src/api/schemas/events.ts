import { Type } from 'typebox';
import { CHAT_IDENTITY_PATTERN } from '../../domain/contact-channels.ts';
import { EVENT_TYPES } from '../../domain/events/catalogue.ts';

const externalTypes = [...EVENT_TYPES.values()].filter((d) => !d.internal).map((d) => d.type);

export const EventSubjectSchema = Type.Object(
  {
    itemId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    contactId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
    chat: Type.Optional(
      Type.String({
        minLength: 3,
        maxLength: 200,
        pattern: CHAT_IDENTITY_PATTERN,
        description: "A chat identity: the channel and the writer's id there, e.g. telegram:@ivan_p",
      }),
    ),
    documentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    taskId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    title: 'EventSubject',
    description: 'What the event is about: an item, or something that leads to items',
  },
);

export const EventInputSchema = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Idempotency key chosen by the sender; generated when absent',
      }),
    ),
    type: Type.String({ minLength: 1, maxLength: 100, description: `One of: ${externalTypes.join(', ')}` }),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
    subject: EventSubjectSchema,
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false, title: 'EventInput' },
);

export const MAX_BATCH = 100;

export const EventsBodySchema = Type.Union([
  EventInputSchema,
  Type.Array(EventInputSchema, { minItems: 1, maxItems: MAX_BATCH }),
]);

const Accepted = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')], {
      description: 'duplicate: an event with this id was accepted before and is not processed again',
    }),
  },
  { title: 'AcceptedEvent' },
);

export const EventsAnswerSchema = Type.Union([Accepted, Type.Object({ results: Type.Array(Accepted) })]);
