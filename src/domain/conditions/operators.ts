import type { FactKind } from '../facts.ts';
import type { Localized } from '../localized.ts';
import { CONDITION_OPS, type ConditionOp } from './condition.ts';

/**
 * What each operator of the condition language applies to. One table serves the save-time
 * validation (which field kinds an operator accepts) and the catalogue the rule editor reads
 * (which operators to offer for a field), so the two cannot disagree.
 */
export interface OperatorSpec {
  /** The field kinds the operator applies to. */
  readonly kinds: readonly FactKind[];
  /** What to use on the other kinds: the hint of the validation message. */
  readonly instead?: string;
  /** Its right side: nothing, one value (or another field), a list, two bounds, a pattern. */
  readonly value: 'none' | 'one' | 'list' | 'range' | 'regex';
  /** Takes `percent` with `valueField`: "paid sum ≥ 50 % of the amount". */
  readonly percent: boolean;
  readonly description: Localized;
}

const ALL_KINDS: readonly FactKind[] = ['string', 'number', 'date', 'boolean', 'list', 'any'];
const SCALAR_KINDS: readonly FactKind[] = ['string', 'number', 'date', 'boolean', 'any'];
const ORDERED_KINDS: readonly FactKind[] = ['number', 'date', 'any'];
const TEXT_KINDS: readonly FactKind[] = ['string', 'any'];
const ORDER_HINT = 'compare text with eq, in, contains or matches';

const ordered = (en: string, ru: string): OperatorSpec => ({
  kinds: ORDERED_KINDS,
  instead: ORDER_HINT,
  value: 'one',
  percent: true,
  description: { en, ru },
});

export const OPERATORS: Readonly<Record<ConditionOp, OperatorSpec>> = {
  eq: {
    kinds: ALL_KINDS,
    value: 'one',
    percent: true,
    description: {
      en: 'Equals the value or the other field; a list equals a list with the same elements in the same order',
      ru: 'Равно значению или другому полю; список равен списку с теми же элементами в том же порядке',
    },
  },
  ne: {
    kinds: ALL_KINDS,
    value: 'one',
    percent: true,
    description: {
      en: 'Does not equal the value or the other field',
      ru: 'Не равно значению или другому полю',
    },
  },
  gt: ordered('Greater than (a number, or a later date)', 'Больше (число) или позже (дата)'),
  gte: ordered('At least (a number, or the same or a later date)', 'Не меньше (число) или не раньше (дата)'),
  lt: ordered('Less than (a number, or an earlier date)', 'Меньше (число) или раньше (дата)'),
  lte: ordered('At most (a number, or the same or an earlier date)', 'Не больше (число) или не позже (дата)'),
  in: {
    kinds: SCALAR_KINDS,
    instead: 'use "contains" to look for an element',
    value: 'list',
    percent: false,
    description: { en: 'Is one of the listed values', ru: 'Одно из перечисленных значений' },
  },
  nin: {
    kinds: SCALAR_KINDS,
    instead: 'use "not" with "contains"',
    value: 'list',
    percent: false,
    description: { en: 'Is none of the listed values', ru: 'Ни одно из перечисленных значений' },
  },
  contains: {
    kinds: ['string', 'list', 'any'],
    instead: 'use eq or in',
    value: 'one',
    percent: false,
    description: {
      en: 'A list holds the element, or the text holds the piece (ignoring case)',
      ru: 'Список содержит элемент или текст содержит фрагмент (без учёта регистра)',
    },
  },
  startsWith: {
    kinds: TEXT_KINDS,
    instead: 'use eq or in',
    value: 'one',
    percent: false,
    description: {
      en: 'The text starts with (ignoring case)',
      ru: 'Текст начинается с (без учёта регистра)',
    },
  },
  endsWith: {
    kinds: TEXT_KINDS,
    instead: 'use eq or in',
    value: 'one',
    percent: false,
    description: {
      en: 'The text ends with (ignoring case)',
      ru: 'Текст заканчивается на (без учёта регистра)',
    },
  },
  empty: {
    kinds: ALL_KINDS,
    value: 'none',
    percent: false,
    description: {
      en: 'Has no value: missing, null, empty text, an empty list or object',
      ru: 'Нет значения: поле отсутствует, пусто, пустой список или объект',
    },
  },
  notEmpty: {
    kinds: ALL_KINDS,
    value: 'none',
    percent: false,
    description: { en: 'Has a value', ru: 'Есть значение' },
  },
  changed: {
    kinds: ALL_KINDS,
    value: 'none',
    percent: false,
    description: {
      en: 'Was changed by the event (item.field_changed); false without one',
      ru: 'Изменено событием (item.field_changed); без такого события не выполняется',
    },
  },
  between: {
    kinds: ORDERED_KINDS,
    instead: ORDER_HINT,
    value: 'range',
    percent: false,
    description: {
      en: 'Between two bounds, both included (numbers or dates)',
      ru: 'Между двумя границами включительно (числа или даты)',
    },
  },
  matches: {
    kinds: TEXT_KINDS,
    instead: 'use eq or in',
    value: 'regex',
    percent: false,
    description: {
      en: 'The text matches a regular expression (RE2 syntax, matched in time linear in the text)',
      ru: 'Текст подходит под регулярное выражение (синтаксис RE2, проверка за время, линейное по длине текста)',
    },
  },
};

/** The operators that take `percent` (eq, ne, gt, gte, lt, lte), in the language's order. */
export const PERCENT_OPS: readonly ConditionOp[] = CONDITION_OPS.filter((op) => OPERATORS[op].percent);

/** Bounds of `percent`: above 0, at most 10 000 (a hundredfold). */
export const PERCENT_LIMITS = { min: 0, max: 10_000 } as const;
