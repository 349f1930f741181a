import { Type } from 'typebox';
import { MAX_BATCH } from './events.ts';

/** A CloudEvent 1.0 in structured mode (`application/cloudevents+json`). */
export const CloudEventSchema = Type.Object(
  {
    specversion: Type.Literal('1.0'),
    id: Type.String({ minLength: 1, maxLength: 190 }),
    source: Type.String({ minLength: 1, maxLength: 500, description: 'URI-reference of the producer' }),
    type: Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'A Stageflow event type (email.received), optionally behind a reverse-DNS prefix ending in ' +
        '".stageflow." (com.example.stageflow.email.received)',
    }),
    subject: Type.String({
      minLength: 3,
      maxLength: 330,
      description:
        'item:<id>, contact:<id>, email:<address>, phone:<number>, chat:<channel>:<id>, document:<id> or task:<id>',
    }),
    time: Type.Optional(Type.String({ format: 'date-time' })),
    datacontenttype: Type.Optional(
      Type.String({ description: 'A JSON media type; default application/json' }),
    ),
    dataschema: Type.Optional(Type.String()),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  {
    additionalProperties: true,
    title: 'CloudEvent',
    description: 'Extension attributes are accepted and ignored',
  },
);

export const CloudEventBatchSchema = Type.Array(CloudEventSchema, { minItems: 1, maxItems: MAX_BATCH });

export const HookParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const HookBodySchema = Type.Record(Type.String(), Type.Unknown(), {
  title: 'HookBody',
  description:
    'Any JSON object: its fields become the data of a webhook.received event (event.data.* in filters, ' +
    '{{ event.data.* }} in templates). It names the item by itemId, or a contact by contactId, email or phone.',
});

export const HookAnswerSchema = Type.Object(
  {
    results: Type.Array(
      Type.Object({
        id: Type.String(),
        itemId: Type.String(),
        status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]),
      }),
    ),
  },
  { title: 'HookAnswer' },
);

export const RotateHookTokenSchema = Type.Object(
  {
    gracePeriod: Type.Optional(
      Type.String({
        description: 'How long the replaced token keeps working, ISO 8601 (at most P30D). Default: PT24H',
      }),
    ),
  },
  { additionalProperties: false, title: 'RotateWebhookToken' },
);

export const HookTokenSchema = Type.Object(
  {
    triggerId: Type.String(),
    token: Type.String({ description: 'Shown once; only its hash is stored' }),
    url: Type.String({ description: 'POST JSON here to call the trigger' }),
    previousExpiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When the replaced token stops working; null when there was none',
    }),
  },
  { title: 'WebhookToken' },
);

/** The largest raw email accepted: 10 MiB. */
export const MAX_EMAIL_BYTES = 10 * 1024 * 1024;

export const InboundEmailJsonSchema = Type.Object(
  { raw: Type.String({ minLength: 1, description: 'The whole message as RFC 5322 text' }) },
  { additionalProperties: false, title: 'InboundEmail' },
);

export const InboundEmailAnswerSchema = Type.Object(
  {
    id: Type.String({
      description:
        'The email.received event: "email:<Message-ID>", or "email:sha256:<digest of the content>" without one',
    }),
    status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]),
    matchedBy: Type.Union(
      [Type.Literal('thread'), Type.Literal('sender'), Type.Literal('new_lead'), Type.Literal('none')],
      {
        description:
          'thread: In-Reply-To/References named mail of an item; sender: the contact with this address; ' +
          'new_lead: a contact and a lead were created; none: no item (the journal records it)',
      },
    ),
    itemId: Type.Union([Type.String(), Type.Null()], { description: 'The item tied by thread or created' }),
    contactId: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'InboundEmailAnswer' },
);

/** A raw message arrives as bytes; the schema only documents it. */
export const RawEmailSchema = Type.Unsafe<Buffer>({
  description: 'The message as sent (RFC 5322 / MIME), at most 10 MiB',
});
