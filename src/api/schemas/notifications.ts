import { Type } from 'typebox';
import { Id, NullableId, NullableTimestamp, Timestamp } from './common.ts';

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
  },
  { title: 'Notification' },
);

export const CreateNotificationSchema = Type.Object(
  {
    userId: Id,
    title: Type.String({ minLength: 1, maxLength: 500, examples: ['Deal needs attention'] }),
    body: Type.String({ maxLength: 20000 }),
    itemId: Type.Optional(NullableId),
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
