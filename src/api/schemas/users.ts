import { Type } from 'typebox';
import { ROLES } from '../../domain/roles.ts';
import { Id, NullableId, StringEnum, Timestamp, Version } from './common.ts';

const RoleSchema = StringEnum(ROLES, {
  description: 'admin configures, manager works with CRM data, viewer reads',
});

const TimeOfDay = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', examples: ['09:00'] });

export const CalendarSchema = Type.Object(
  {
    weekDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
      uniqueItems: true,
      maxItems: 7,
      description: 'Working week days, 1 = Monday … 7 = Sunday',
    }),
    hours: Type.Object({ start: TimeOfDay, end: TimeOfDay }, { additionalProperties: false }),
    holidays: Type.Array(Type.String({ format: 'date' }), { maxItems: 366 }),
  },
  { additionalProperties: false, title: 'WorkingCalendar' },
);

export const UserSchema = Type.Object(
  {
    id: Id,
    name: Type.String(),
    email: Type.String(),
    role: RoleSchema,
    supervisorId: NullableId,
    department: Type.Union([Type.String(), Type.Null()]),
    timeZone: Type.String(),
    calendar: CalendarSchema,
    active: Type.Boolean(),
    hasPassword: Type.Boolean({ description: 'Whether the user may sign in with a password' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'User' },
);

const userFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ format: 'email', maxLength: 320 }),
  role: RoleSchema,
  supervisorId: Type.Optional(NullableId),
  department: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' })),
  calendar: Type.Optional(CalendarSchema),
  active: Type.Optional(Type.Boolean()),
};

export const CreateUserSchema = Type.Object(userFields, { additionalProperties: false, title: 'CreateUser' });

export const UpdateUserSchema = Type.Object(
  {
    name: Type.Optional(userFields.name),
    email: Type.Optional(userFields.email),
    role: Type.Optional(RoleSchema),
    supervisorId: userFields.supervisorId,
    department: userFields.department,
    timeZone: userFields.timeZone,
    calendar: userFields.calendar,
    active: userFields.active,
    version: Type.Optional(Version),
  },
  { additionalProperties: false, title: 'UpdateUser' },
);

export const UserListQuery = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    department: Type.Optional(Type.String()),
    supervisorId: Type.Optional(Id),
    email: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
