import { Type } from 'typebox';
import { Fields, Id, NullableId, Timestamp, Version } from './common.ts';

const MAX_CHANNELS = 20;

const Company = Type.Union([Type.String({ maxLength: 200 }), Type.Null()]);

export const ContactSchema = Type.Object(
  {
    id: Id,
    name: Type.String(),
    company: Type.Union([Type.String(), Type.Null()]),
    emails: Type.Array(Type.String()),
    phones: Type.Array(Type.String()),
    responsibleId: NullableId,
    fields: Fields,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Contact' },
);

const contactFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  company: Type.Optional(Company),
  emails: Type.Optional(
    Type.Array(Type.String({ format: 'email', maxLength: 320 }), {
      maxItems: MAX_CHANNELS,
      description: 'Stored as given; matched whatever their case',
    }),
  ),
  phones: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 40, examples: ['+7 (495) 123-45-67'] }), {
      maxItems: MAX_CHANNELS,
      description: 'Stored as given; matched whatever their punctuation',
    }),
  ),
  responsibleId: Type.Optional(NullableId),
  fields: Type.Optional(Fields),
};

export const CreateContactSchema = Type.Object(contactFields, {
  additionalProperties: false,
  title: 'CreateContact',
});

export const UpdateContactSchema = Type.Object(
  {
    name: Type.Optional(contactFields.name),
    company: contactFields.company,
    emails: contactFields.emails,
    phones: contactFields.phones,
    responsibleId: contactFields.responsibleId,
    fields: contactFields.fields,
    version: Type.Optional(Version),
  },
  { additionalProperties: false, title: 'UpdateContact' },
);

export const ContactListQuery = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'Any case' })),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Any punctuation' })),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name or company, any case' }),
    ),
    responsibleId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
