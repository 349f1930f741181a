import { Type } from 'typebox';
import { Currency, Id, Money, moneyInput, NullableId, Timestamp } from './common.ts';

const Reference = Type.String({ minLength: 1, maxLength: 200, description: 'Bank or processor reference' });
const PositiveMoney = moneyInput(', greater than zero');

export const PaymentSchema = Type.Object(
  {
    id: Id,
    itemId: Id,
    documentId: NullableId,
    amount: Money,
    currency: Currency,
    paidAt: Timestamp,
    reference: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
  },
  { title: 'Payment' },
);

export const CreatePaymentSchema = Type.Object(
  {
    itemId: Id,
    amount: PositiveMoney,
    currency: Type.Optional(Currency),
    documentId: Type.Optional(NullableId),
    paidAt: Type.Optional(Timestamp),
    reference: Type.Optional(Type.Union([Reference, Type.Null()])),
  },
  {
    additionalProperties: false,
    title: 'CreatePayment',
    description: "Currency must be the item's (the default); paidAt defaults to now",
  },
);

export const UpdatePaymentSchema = Type.Object(
  {
    amount: Type.Optional(PositiveMoney),
    paidAt: Type.Optional(Timestamp),
    reference: Type.Optional(Type.Union([Reference, Type.Null()])),
  },
  { additionalProperties: false, title: 'UpdatePayment' },
);

export const PaymentListQuery = Type.Object(
  { itemId: Type.Optional(Id), documentId: Type.Optional(Id) },
  { additionalProperties: false },
);
