import { Type } from 'typebox';
import { WEBHOOK_EVENT_TYPES } from '../../channels/webhooks/webhook-events.ts';
import { Id, StringEnum, Timestamp, Version } from './common.ts';

const EventTypes = Type.Array(StringEnum(WEBHOOK_EVENT_TYPES), {
  minItems: 1,
  maxItems: WEBHOOK_EVENT_TYPES.length,
  uniqueItems: true,
  description: 'Event types delivered to the URL',
});
const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  description:
    'http(s) URL of the receiver; non-public addresses only when STAGEFLOW_OUTBOUND_ALLOW names them',
  examples: ['https://hooks.example.com/stageflow'],
});
const Description = Type.Union([Type.String({ maxLength: 500 }), Type.Null()]);

const subscriptionFields = {
  id: Id,
  url: Type.String(),
  eventTypes: Type.Array(Type.String()),
  description: Description,
  enabled: Type.Boolean(),
  disabledReason: Type.Union([Type.String(), Type.Null()], {
    description: 'Why Stageflow disabled it, e.g. the receiver answered 410 Gone',
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Version,
};

export const WebhookSubscriptionSchema = Type.Object(subscriptionFields, { title: 'WebhookSubscription' });

export const CreatedWebhookSubscriptionSchema = Type.Object(
  {
    ...subscriptionFields,
    secret: Type.String({ description: 'The signing secret (whsec_…); shown only in this answer' }),
  },
  { title: 'CreatedWebhookSubscription' },
);

export const CreateWebhookSubscriptionSchema = Type.Object(
  {
    url: Url,
    eventTypes: EventTypes,
    description: Type.Optional(Description),
    secret: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'A whsec_ secret of your own (at least 24 bytes); default: a new random one',
      }),
    ),
  },
  { additionalProperties: false, title: 'CreateWebhookSubscription' },
);

export const UpdateWebhookSubscriptionSchema = Type.Object(
  {
    url: Type.Optional(Url),
    eventTypes: Type.Optional(EventTypes),
    description: Type.Optional(Description),
    enabled: Type.Optional(Type.Boolean({ description: 'true enables it again and clears disabledReason' })),
    version: Type.Optional(Version),
  },
  { additionalProperties: false, title: 'UpdateWebhookSubscription' },
);

export const WebhookDeliverySchema = Type.Object(
  {
    id: Id,
    subscriptionId: Id,
    eventId: Type.String(),
    webhookId: Type.String({ description: 'The webhook-id header: the same on every attempt' }),
    eventType: Type.String(),
    payload: Type.String({ description: 'The JSON body sent' }),
    status: StringEnum(['pending', 'succeeded', 'failed'] as const),
    attempts: Type.Integer({ minimum: 0 }),
    nextAttemptAt: Type.Union([Timestamp, Type.Null()]),
    lastStatus: Type.Union([Type.Integer(), Type.Null()], { description: "The receiver's last HTTP status" }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'WebhookDelivery' },
);
