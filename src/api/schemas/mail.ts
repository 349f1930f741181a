import { Type } from 'typebox';
import { OUTBOX_STATUSES } from '../../store/repositories/mail-repository.ts';
import { Id, NullableId, NullableTimestamp, PageQuery, StringEnum, Timestamp } from './common.ts';

export const OutboxMessageSchema = Type.Object(
  {
    id: Id,
    runId: NullableId,
    itemId: NullableId,
    messageId: Type.String({ description: 'The Message-ID header, e.g. <run-0190…@stageflow>' }),
    from: Type.String(),
    to: Type.Array(Type.String()),
    replyTo: Type.Union([Type.String(), Type.Null()]),
    subject: Type.String(),
    text: Type.String(),
    html: Type.Union([Type.String(), Type.Null()], {
      description: 'The HTML as sent: with the tracking pixel and rewritten links',
    }),
    transport: StringEnum(['smtp', 'outbox'] as const, {
      description: 'outbox: kept here (no SMTP_URL); smtp: delivered to the mail server',
    }),
    status: StringEnum(OUTBOX_STATUSES, {
      description: 'stored (outbox), sending, sent or failed (the run retries a deferred message)',
    }),
    response: Type.Union([Type.String(), Type.Null()], { description: "The mail server's last answer" }),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Why the last delivery failed' }),
    attempts: Type.Integer({ minimum: 0, description: 'Delivery attempts over SMTP' }),
    createdAt: Timestamp,
    sentAt: NullableTimestamp,
  },
  { title: 'OutboxMessage' },
);

export const OutboxQuery = Type.Object(
  { itemId: Type.Optional(Id), ...PageQuery },
  { additionalProperties: false },
);

export const TrackingParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 100, description: 'The token from the sent mail' }),
});
