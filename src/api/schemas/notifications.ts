import { Type } from 'typebox';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../domain/notification-preferences.ts';
import { Id, NullableId, NullableTimestamp, Timestamp } from './common.ts';

const KindSchema = Type.Union(
  [
    Type.Literal('robot'),
    Type.Literal('task'),
    Type.Literal('approval'),
    Type.Literal('system'),
    Type.Literal('other'),
  ],
  { description: "What it is about; decides the email through the user's preferences" },
);

const DeliverySchema = Type.Union(
  [Type.Literal('immediately'), Type.Literal('hourly'), Type.Literal('off')],
  { description: 'immediately: an email per notification; hourly: one digest an hour; off: no email' },
);

export const NotificationEmailSchema = Type.Object(
  {
    mode: Type.Union([Type.Literal('immediately'), Type.Literal('hourly')]),
    status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')], {
      description: 'pending until sent; failed once the retries are spent or the mail server refused it',
    }),
    attempts: Type.Integer({ minimum: 0 }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    sentAt: NullableTimestamp,
  },
  { title: 'NotificationEmail' },
);

export const NotificationSchema = Type.Object(
  {
    id: Id,
    userId: Id,
    title: Type.String(),
    body: Type.String(),
    itemId: NullableId,
    readAt: NullableTimestamp,
    read: Type.Boolean(),
    createdAt: Timestamp,
    kind: KindSchema,
    link: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([NotificationEmailSchema, Type.Null()], {
      description: "The email that carries it, as the user's preferences asked; null when none goes out",
    }),
  },
  { title: 'Notification' },
);

export const NotificationPreferencesSchema = Type.Object(
  {
    language: Type.Union([Type.Literal('en'), Type.Literal('ru')], { description: 'Language of the emails' }),
    email: Type.Object(
      Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, DeliverySchema])) as Record<
        NotificationKind,
        typeof DeliverySchema
      >,
      {
        additionalProperties: false,
        description: 'Email delivery per kind; in-app notifications always appear',
      },
    ),
  },
  { additionalProperties: false, title: 'NotificationPreferences' },
);

export const NotificationPreferencesUpdateSchema = Type.Object(
  {
    language: Type.Optional(NotificationPreferencesSchema.properties.language),
    email: Type.Optional(
      Type.Partial(NotificationPreferencesSchema.properties.email, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false, title: 'NotificationPreferencesUpdate' },
);

export const CreateNotificationSchema = Type.Object(
  {
    userId: Id,
    title: Type.String({ minLength: 1, maxLength: 500, examples: ['Deal needs attention'] }),
    body: Type.String({ maxLength: 20000 }),
    itemId: Type.Optional(NullableId),
    kind: Type.Optional(KindSchema),
    link: Type.Optional(
      Type.String({
        maxLength: 2000,
        pattern: '^(/|https?://)',
        description: 'Where the email links to: a path of the web UI or an http(s) URL. Default: the item',
      }),
    ),
  },
  { additionalProperties: false, title: 'CreateNotification' },
);

export const UpdateNotificationSchema = Type.Object(
  {
    read: Type.Boolean({ description: 'true marks it read (keeping the first read time); false unread' }),
  },
  { additionalProperties: false, title: 'UpdateNotification' },
);

export const ReadAllNotificationsSchema = Type.Object(
  { userId: Id },
  { additionalProperties: false, title: 'ReadAllNotifications' },
);

export const ReadAllResultSchema = Type.Object(
  { updated: Type.Integer({ minimum: 0, description: 'How many notifications were unread' }) },
  { title: 'ReadAllResult' },
);

export const NotificationListQuery = Type.Object(
  {
    userId: Type.Optional(Id),
    itemId: Type.Optional(Id),
    unread: Type.Optional(Type.Boolean({ description: 'true: only unread; false: only read' })),
  },
  { additionalProperties: false },
);
