import { Type } from 'typebox';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../automation/passwords.ts';
import { ROLES } from '../../domain/roles.ts';
import { Id, StringEnum } from './common.ts';

const RoleSchema = StringEnum(ROLES);

export const SessionUserSchema = Type.Object(
  { id: Id, name: Type.String(), email: Type.String(), role: RoleSchema, timeZone: Type.String() },
  { title: 'SessionUser' },
);

export const SignInSchema = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false, title: 'SignIn' },
);

export const SignedInSchema = Type.Object(
  {
    user: SessionUserSchema,
    csrfToken: Type.String({ description: 'Send it as X-CSRF-Token with every write' }),
  },
  { title: 'SignedIn' },
);

export const SessionSchema = Type.Object(
  {
    via: StringEnum(['token', 'session'] as const),
    role: RoleSchema,
    user: Type.Union([SessionUserSchema, Type.Null()]),
    csrfToken: Type.Optional(Type.String()),
  },
  { title: 'Session' },
);

export const SetPasswordSchema = Type.Object(
  {
    password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
    currentPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false, title: 'SetPassword' },
);
