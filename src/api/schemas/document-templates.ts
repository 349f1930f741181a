import { Type } from 'typebox';
import { MAX_TEMPLATE_LENGTH } from '../../automation/templates/template-engine.ts';
import { DOCUMENT_LANGUAGES } from '../../domain/documents/default-templates.ts';
import { PREFIX_PATTERN } from '../../domain/documents/numbering.ts';
import { DOCUMENT_KIND_PATTERN } from '../../domain/item.ts';
import { Id, StringEnum, Timestamp, Version } from './common.ts';

const Kind = Type.String({ pattern: DOCUMENT_KIND_PATTERN, examples: ['invoice'] });
const Language = StringEnum(DOCUMENT_LANGUAGES, { description: 'Wording: en or ru' });
const Body = Type.String({
  minLength: 1,
  maxLength: MAX_TEMPLATE_LENGTH,
  description: 'Liquid giving HTML over number, date, amount, currency, lines, item, contact, fields',
});

export const DocumentTemplateSchema = Type.Object(
  {
    id: Id,
    kind: Type.String(),
    name: Type.String(),
    language: Type.String(),
    body: Type.String(),
    isDefault: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'DocumentTemplate' },
);

export const CreateDocumentTemplateSchema = Type.Object(
  {
    kind: Kind,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    language: Language,
    body: Body,
    isDefault: Type.Optional(
      Type.Boolean({ description: 'Used when a document names no template. Default: false' }),
    ),
  },
  { additionalProperties: false, title: 'CreateDocumentTemplate' },
);

export const UpdateDocumentTemplateSchema = Type.Object(
  {
    kind: Type.Optional(Kind),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    language: Type.Optional(Language),
    body: Type.Optional(Body),
    isDefault: Type.Optional(Type.Boolean()),
    version: Type.Optional(Version),
  },
  { additionalProperties: false, title: 'UpdateDocumentTemplate' },
);

export const ShippedTemplateQuery = Type.Object(
  { kind: Kind, language: Type.Optional(Language) },
  { additionalProperties: false },
);

export const SequenceSchema = Type.Object(
  { kind: Type.String(), prefix: Type.String() },
  { title: 'DocumentSequence' },
);

export const SetPrefixSchema = Type.Object(
  { prefix: Type.String({ pattern: PREFIX_PATTERN, description: 'Letters, digits, _ . / -; up to 20' }) },
  { additionalProperties: false },
);

export const KindParams = Type.Object({ kind: Kind }, { additionalProperties: false });
