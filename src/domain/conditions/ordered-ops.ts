import type { PercentOp } from './condition.ts';

/** How an ordering operator is written in a reason: `1000.01 is not ≤ 1000`. */
export const OP_SYMBOLS: Readonly<Record<PercentOp, string>> = {
  eq: '=',
  ne: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};

/** Whether an operator holds for the sign of `left − right` (negative, zero or positive). */
export const OP_HOLDS: Readonly<Record<PercentOp, (order: number) => boolean>> = {
  eq: (order) => order === 0,
  ne: (order) => order !== 0,
  gt: (order) => order > 0,
  gte: (order) => order >= 0,
  lt: (order) => order < 0,
  lte: (order) => order <= 0,
};
