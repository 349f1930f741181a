import { Type } from 'typebox';
import { Id, NullableId, NullableTimestamp, PageQuery, StringEnum, Timestamp } from './common.ts';

const Token = Type.String({ minLength: 1, maxLength: 100 });

export const VisitBodySchema = Type.Object(
  {
    visitor: Type.String({ minLength: 1, maxLength: 100, description: 'The visitor token (sfv_…)' }),
    url: Type.String({
      minLength: 1,
      maxLength: 2000,
      pattern: '^https?://',
      description: 'The page visited',
    }),
    referrer: Type.Optional(Type.String({ maxLength: 2000 })),
    title: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { title: 'Visit', additionalProperties: false },
);

export const VisitorTokenSchema = Type.Object(
  {
    contactId: Id,
    token: Type.String({ description: 'Shown once; only its hash is stored' }),
    parameter: Type.Literal('sfv', { description: 'Add ?sfv=<token> to links you send the contact' }),
  },
  { title: 'VisitorToken' },
);

export const ShareBodySchema = Type.Union([
  Type.Object(
    {
      expiresIn: Type.Optional(
        Type.String({
          minLength: 2,
          maxLength: 40,
          description: 'ISO 8601 duration up to P365D; default: never',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export const ShareLinkSchema = Type.Object(
  {
    documentId: Id,
    token: Type.String({ description: 'Shown once; only its hash is stored' }),
    url: Type.String({ description: 'The public page GET /d/{token}' }),
    expiresAt: NullableTimestamp,
  },
  { title: 'DocumentShareLink' },
);

export const ShareParams = Type.Object({ token: Token });

export const SmsMessageSchema = Type.Object(
  {
    id: Id,
    runId: NullableId,
    itemId: NullableId,
    to: Type.String({ description: 'Normalised phone number' }),
    text: Type.String(),
    provider: Type.String({ description: '"outbox" without SMS_PROVIDER_URL, else the provider host' }),
    status: StringEnum(['stored', 'sending', 'sent', 'failed'] as const),
    response: Type.Union([Type.String(), Type.Null()], { description: "The provider's last answer" }),
    attempts: Type.Integer({ minimum: 0 }),
    createdAt: Timestamp,
    sentAt: NullableTimestamp,
  },
  { title: 'SmsMessage' },
);

export const SmsQuery = Type.Object(
  { itemId: Type.Optional(Id), ...PageQuery },
  { additionalProperties: false },
);
