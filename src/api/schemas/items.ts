import { Type } from 'typebox';
import { invalid } from '../../domain/errors.ts';
import { AUTHOR_TYPES, MAX_ITEM_FIELDS, TIMELINE_KINDS } from '../../domain/item.ts';
import { MAX_MONEY_TEXT, parseMoney } from '../../domain/money.ts';
import {
  Currency,
  Fields,
  Id,
  Money,
  MoneyInput,
  NullableId,
  StringEnum,
  Timestamp,
  Version,
} from './common.ts';

export const ItemSchema = Type.Object(
  {
    id: Id,
    pipelineId: Id,
    stageId: Id,
    title: Type.String(),
    amount: Money,
    currency: Currency,
    paidAmount: Type.String({ description: 'Sum of the payments received, two decimals' }),
    contactId: NullableId,
    responsibleId: NullableId,
    fields: Fields,
    stageEnteredAt: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Version,
  },
  { title: 'Item' },
);

const Title = Type.String({ minLength: 1, maxLength: 500 });
const ItemFields = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
  maxProperties: MAX_ITEM_FIELDS,
  description: `Custom fields: names to JSON values, at most ${MAX_ITEM_FIELDS}`,
});

export const CreateItemSchema = Type.Object(
  {
    pipelineId: Id,
    stageId: Type.Optional(Id),
    title: Title,
    amount: Type.Optional(MoneyInput),
    currency: Type.Optional(Currency),
    contactId: Type.Optional(NullableId),
    responsibleId: Type.Optional(NullableId),
    fields: Type.Optional(ItemFields),
  },
  {
    additionalProperties: false,
    title: 'CreateItem',
    description: "Without stageId the item starts in the pipeline's first open stage",
  },
);

export const UpdateItemSchema = Type.Object(
  {
    title: Type.Optional(Title),
    amount: Type.Optional(MoneyInput),
    currency: Type.Optional(Currency),
    contactId: Type.Optional(NullableId),
    responsibleId: Type.Optional(NullableId),
    fields: Type.Optional(ItemFields),
    version: Type.Optional(Version),
  },
  {
    additionalProperties: false,
    title: 'UpdateItem',
    description: 'Stages change through POST /api/v1/items/{id}/move; `fields` replaces the whole object',
  },
);

export const ItemListQuery = Type.Object(
  {
    pipelineId: Type.Optional(Id),
    stageId: Type.Optional(Id),
    contactId: Type.Optional(Id),
    responsibleId: Type.Optional(Id),
    currency: Type.Optional(Currency),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Part of the title, any letter case' }),
    ),
  },
  { additionalProperties: false },
);

export const MoveItemSchema = Type.Object(
  { stageId: Id, version: Type.Optional(Version) },
  { additionalProperties: false, title: 'MoveItem' },
);

export const TimelineEntrySchema = Type.Object(
  {
    id: Id,
    itemId: Id,
    kind: StringEnum(TIMELINE_KINDS),
    text: Type.String(),
    data: Type.Record(Type.String(), Type.Unknown()),
    authorType: StringEnum(AUTHOR_TYPES),
    authorId: Type.Union([Type.String(), Type.Null()]),
    rootEventId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
  },
  { title: 'TimelineEntry' },
);

export const CreateNoteSchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 10000 }) },
  { additionalProperties: false, title: 'CreateNote' },
);

/**
 * Minor units of a money input, or a 400 naming `field`. Amounts of items and documents may be
 * zero; payments must be positive.
 */
export function amountOf(value: string, field: string, least: 'zero' | 'positive'): number {
  // The schema's pattern is parseMoney's: this only fails if a route forgot the schema.
  const minor = parseMoney(value);
  if (minor === undefined)
    throw invalid(field, `must be a decimal string with at most two decimals, up to ${MAX_MONEY_TEXT}`);
  if (least === 'positive' && minor <= 0) throw invalid(field, 'must be greater than zero');
  if (least === 'zero' && minor < 0) throw invalid(field, 'must not be negative');
  return minor;
}

/** `amountOf` of an item's or document's `/body/amount` when there is one. */
export const changedAmountOf = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : amountOf(value, '/body/amount', 'zero');
