import { Type } from 'typebox';
import { DOCUMENT_KIND_PATTERN, DOCUMENT_KINDS, DOCUMENT_STATUSES } from '../../domain/item.ts';
import { Currency, Id, Money, MoneyInput, NullableId, StringEnum, Timestamp, Version } from './common.ts';

const Kind = Type.String({
  pattern: DOCUMENT_KIND_PATTERN,
  description: `${DOCUMENT_KINDS.join(', ')}, or a custom kind in lower case`,
  examples: ['invoice'],
});
const Status = StringEnum(DOCUMENT_STATUSES, { description: 'Default: draft' });
const DocumentNumber = Type.String({ minLength: 1, maxLength: 100, examples: ['INV-2026-0042'] });

export const DocumentSchema = Type.Object(
  {
    id: Id,
    itemId: NullableId,
    kind: Type.String(),
    number: Type.String(),
    amount: Money,
    currency: Currency,
    status: Status,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Document' },
);

export const CreateDocumentSchema = Type.Object(
  {
    itemId: Type.Optional(NullableId),
    kind: Kind,
    number: DocumentNumber,
    amount: Type.Optional(MoneyInput),
    currency: Type.Optional(Currency),
    status: Type.Optional(Status),
  },
  {
    additionalProperties: false,
    title: 'CreateDocument',
    description: "Amount and currency default to the item's (without an item: 0 and USD)",
  },
);

export const UpdateDocumentSchema = Type.Object(
  {
    kind: Type.Optional(Kind),
    number: Type.Optional(DocumentNumber),
    amount: Type.Optional(MoneyInput),
    currency: Type.Optional(Currency),
    status: Type.Optional(Status),
    version: Type.Optional(Version),
  },
  { additionalProperties: false, title: 'UpdateDocument' },
);

export const DocumentListQuery = Type.Object(
  {
    itemId: Type.Optional(Id),
    kind: Type.Optional(Type.String({ pattern: DOCUMENT_KIND_PATTERN })),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);
