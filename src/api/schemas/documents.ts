import { Type } from 'typebox';
import { DOCUMENT_LANGUAGES } from '../../domain/documents/default-templates.ts';
import { type DocumentLine, lineOf, MAX_DOCUMENT_LINES } from '../../domain/documents/document-lines.ts';
import { invalid } from '../../domain/errors.ts';
import { DOCUMENT_KIND_PATTERN, DOCUMENT_KINDS, DOCUMENT_STATUSES } from '../../domain/item.ts';
import { parseMoney } from '../../domain/money.ts';
import { Currency, Id, Money, MoneyInput, NullableId, StringEnum, Timestamp, Version } from './common.ts';

const Kind = Type.String({
  pattern: DOCUMENT_KIND_PATTERN,
  description: `${DOCUMENT_KINDS.join(', ')}, or a custom kind in lower case`,
  examples: ['invoice'],
});
const Status = StringEnum(DOCUMENT_STATUSES, { description: 'Default: draft' });
const DocumentNumber = Type.String({ minLength: 1, maxLength: 100, examples: ['INV-2026-0042'] });

const Line = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 500 }),
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000_000 }),
    price: MoneyInput,
  },
  { additionalProperties: false },
);

/** How a new document is written: its template, wording and lines, or the document it copies. */
export const DocumentWritingProperties = {
  templateId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: "Default: the kind's default template" }),
  ),
  language: Type.Optional(
    StringEnum(DOCUMENT_LANGUAGES, { description: 'Wording of the shipped template. Default: en' }),
  ),
  lines: Type.Optional(
    Type.Array(Line, {
      maxItems: MAX_DOCUMENT_LINES,
      description: "Default: the item's custom field `lines`, or one line of its title at its amount",
    }),
  ),
  fromDocumentId: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'A document of the same item (a quote) whose lines, amount and currency are copied',
    }),
  ),
};

export const DocumentSchema = Type.Object(
  {
    id: Id,
    itemId: NullableId,
    kind: Type.String(),
    number: Type.String(),
    amount: Money,
    currency: Currency,
    status: Status,
    templateId: Type.Union([Type.String(), Type.Null()], {
      description: 'The template it was written with: a stored template id, "default" (shipped) or null',
    }),
    language: Type.Union([Type.String({ description: 'en or ru' }), Type.Null()]),
    sourceDocumentId: NullableId,
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
    number: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: "Default: the next of the kind's sequence" }),
    ),
    amount: Type.Optional(MoneyInput),
    currency: Type.Optional(Currency),
    status: Type.Optional(Status),
    ...DocumentWritingProperties,
  },
  {
    additionalProperties: false,
    title: 'CreateDocument',
    description:
      "Number from the kind's sequence; lines, amount and currency default to the item's (without an item: none, 0 and STAGEFLOW_DEFAULT_CURRENCY, USD unless set)",
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

/** The lines of a request, priced exactly: a price that is not money is refused naming the line. */
export function documentLinesOf(
  lines: readonly { name: string; quantity: number; price: string }[] | undefined,
): DocumentLine[] | undefined {
  return lines?.map((line, index) => {
    const price = parseMoney(line.price);
    if (price === undefined) throw invalid(`/body/lines/${index}/price`, 'must be an amount of money');
    return lineOf(line.name, line.quantity, price);
  });
}
