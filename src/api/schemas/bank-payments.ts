import { Type } from 'typebox';
import { BANK_PAYMENT_STATUSES } from '../../domain/bank/bank-payment.ts';
import { Currency, Id, Money, NullableId, StringEnum, Timestamp } from './common.ts';
import { PaymentSchema } from './payments.ts';

const Status = StringEnum(BANK_PAYMENT_STATUSES, {
  description:
    'matched: recorded for the item it names; unmatched: waiting to be assigned; assigned: recorded by a person',
});

export const BankPaymentSchema = Type.Object(
  {
    id: Id,
    key: Type.String({ description: "date/number/payer account/amount: the recorded payment's externalId" }),
    date: Type.String({ description: "The payment order's date, YYYY-MM-DD" }),
    number: Type.String({ description: "The payment order's number" }),
    amount: Money,
    currency: Currency,
    payerName: Type.String(),
    payerInn: Type.String(),
    payerAccount: Type.String(),
    purpose: Type.String({ description: 'НазначениеПлатежа' }),
    status: Status,
    itemId: NullableId,
    paymentId: NullableId,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'BankPayment' },
);

export const BankStatementSummarySchema = Type.Object(
  {
    documents: Type.Integer({ description: 'Payment documents in the file' }),
    incoming: Type.Integer({ description: 'Those that brought money in' }),
    matchedNew: Type.Integer({ description: 'Recorded now for the item they name' }),
    matchedBefore: Type.Integer({ description: 'Recorded by an earlier import or assigned since' }),
    unmatched: Type.Integer({ description: 'Waiting to be assigned to an item' }),
    unmatchedPayments: Type.Array(BankPaymentSchema),
  },
  { title: 'BankStatementSummary' },
);

export const RawStatementSchema = Type.Unsafe<Buffer>({
  description: 'The statement file as the bank or 1C wrote it (1CClientBankExchange, Windows-1251 or UTF-8)',
});

export const BankPaymentListQuery = Type.Object({ status: Type.Optional(Status) });

export const AssignBankPaymentSchema = Type.Object({ itemId: Id }, { additionalProperties: false });

export const AssignedBankPaymentSchema = Type.Object(
  { bankPayment: BankPaymentSchema, payment: PaymentSchema },
  { title: 'AssignedBankPayment' },
);
