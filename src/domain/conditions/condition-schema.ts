import { Type } from 'typebox';
import { BINARY_OPS, PRESENCE_OPS } from './condition.ts';

/**
 * The shape of a Condition as TypeBox, for reading stored rules back: a value that passes is a
 * Condition the evaluator can walk. It checks structure only; the meaning (known fields, operators
 * that fit their kinds, safe patterns, limits) is checked when the rule is saved
 * (validate-condition.ts), so a rule saved by this or an earlier version always passes.
 */
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

const oneOf = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((value) => Type.Literal(value)));

const PERCENT_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;

/** `field ± another field op value | valueField [percent]`, each sign with each right side. */
function arithmetic() {
  const rights = [
    { value: Type.Number() },
    { valueField: Type.String(), percent: Type.Optional(Type.Number()) },
  ] as const;
  return (['plus', 'minus'] as const).flatMap((sign) =>
    rights.map((right) =>
      Type.Object({ field: Type.String(), [sign]: Type.String(), op: oneOf(PERCENT_OPS), ...right }),
    ),
  );
}

export const ConditionSchema = Type.Cyclic(
  {
    Condition: Type.Union([
      Type.Object({ all: Type.Array(Type.Ref('Condition')) }),
      Type.Object({ any: Type.Array(Type.Ref('Condition')) }),
      Type.Object({ not: Type.Ref('Condition') }),
      Type.Object({ field: Type.String(), op: oneOf(PRESENCE_OPS) }),
      Type.Object({
        field: Type.String(),
        op: oneOf(BINARY_OPS),
        value: Type.Union([Scalar, Type.Array(Scalar)]),
      }),
      Type.Object({ field: Type.String(), op: oneOf(BINARY_OPS), valueField: Type.String() }),
      Type.Object({
        field: Type.String(),
        op: oneOf(PERCENT_OPS),
        valueField: Type.String(),
        percent: Type.Number(),
      }),
      ...arithmetic(),
      Type.Object({ field: Type.String(), op: Type.Literal('between'), value: Type.Tuple([Scalar, Scalar]) }),
      Type.Object({
        field: Type.String(),
        op: Type.Literal('matches'),
        value: Type.String(),
        flags: Type.Optional(Type.String()),
      }),
    ]),
  },
  'Condition',
);
