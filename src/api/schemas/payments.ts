import { Type } from 'typebox';
import { Currency, Id, Money, moneyInput, NullableId, Timestamp } from './common.ts';

const Reference = Type.String({ minLength: 1, maxLength: 200, description: 'Bank or processor reference' });
const Source = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'The system the payment comes from, e.g. "1c"; default with an externalId: "external"',
});
const ExternalId = Type.String({
  minLength: 1,
  maxLength: 200,
  description: "That system's own id of the payment: a payment is recorded once per source and externalId",
});
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
    source: Type.Union([Type.String(), Type.Null()]),
    externalId: Type.Union([Type.String(), Type.Null()]),
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
    source: Type.Optional(Source),
    externalId: Type.Optional(ExternalId),
  },
  {
    additionalProperties: false,
    title: 'CreatePayment',
    description:
      "Currency must be the item's (the default); paidAt defaults to now. With an externalId the payment is " +
      'recorded once: the same source and externalId again (here or as a payment.received event with that ' +
      'paymentId) answers the payment recorded first',
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
