import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import type { CatalogueOperator } from '../../web/src/pages/automation/automation-types.ts';
import { conditionSummary, type Words } from '../../web/src/pages/automation/editor/condition-summary.ts';
import type { FieldOption } from '../../web/src/pages/automation/rule-form/condition-facts.ts';
import {
  termFits,
  termOf,
  withField,
  withOperator,
  withTerm,
} from '../../web/src/pages/automation/rule-form/condition-model.ts';
import { describeComparison, type TraceWords } from '../../web/src/pages/automation/try/trace-text.ts';
import type { JournalEntry } from '../../web/src/pages/item/item-types.ts';
import { comparedValues } from '../../web/src/pages/item/journal/describe-entry.ts';

/** "Minus another field" in the builder, its one-line summary and the journal's values. */

const operator = (op: string, kinds: CatalogueOperator['kinds'], arithmetic: boolean): CatalogueOperator => ({
  op,
  kinds,
  value: 'one',
  percent: arithmetic,
  arithmetic,
  description: { en: op, ru: op },
});
const OPERATORS = [
  operator('eq', ['string', 'number', 'date', 'boolean', 'list', 'any'], true),
  operator('lte', ['number', 'date', 'any'], true),
  operator('contains', ['string', 'list', 'any'], false),
];
const byOp = (op: string) => OPERATORS.find((candidate) => candidate.op === op) as CatalogueOperator;
const field = (path: string, kind: FieldOption['kind'], money?: boolean): FieldOption => ({
  path,
  kind,
  group: 'item',
  ...(money === undefined ? {} : { money }),
});

const bundle = (language: string, name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../web/src/i18n/${language}/${name}.json`, import.meta.url), 'utf8'));

async function translator(language: 'en' | 'ru', name: string) {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { [name]: bundle(language, name) } },
    interpolation: { escapeValue: false },
  });
  return i18n.getFixedT(language, name);
}

test('a term is set after the field, switched between plus and minus, and removed', () => {
  const base = { field: 'item.amount', op: 'lte', value: 1000 };
  const minus = withTerm(base, 'minus', 'item.paidAmount');
  assert.deepEqual(minus, { field: 'item.amount', minus: 'item.paidAmount', op: 'lte', value: 1000 });
  assert.deepEqual(Object.keys(minus), ['field', 'minus', 'op', 'value']);
  assert.deepEqual(termOf(minus), { sign: 'minus', field: 'item.paidAmount' });
  const plus = withTerm(minus, 'plus', 'item.paidAmount');
  assert.deepEqual(plus, { field: 'item.amount', plus: 'item.paidAmount', op: 'lte', value: 1000 });
  assert.deepEqual(withTerm(plus, null), base);
  assert.equal(termOf(base), undefined);
});

test('the term stays with a numeric operator and a numeric field, and goes otherwise', () => {
  const rest = { field: 'item.amount', minus: 'item.paidAmount', op: 'lte', value: 1000 };
  assert.deepEqual(withOperator(rest, byOp('eq'), 'number'), { ...rest, op: 'eq' });
  assert.equal(termOf(withOperator(rest, byOp('contains'), 'any')), undefined);
  assert.deepEqual(termOf(withField(rest, 'item.fields.deposit', 'any', OPERATORS)), termOf(rest));
  assert.equal(termOf(withField(rest, 'item.title', 'string', OPERATORS)), undefined);
});

test('a term is another numeric field, and money only with money', () => {
  const amount = field('item.amount', 'number', true);
  assert.equal(termFits(amount, field('item.paidAmount', 'number', true)), true);
  assert.equal(termFits(amount, field('item.fields.deposit', 'any')), true);
  assert.equal(termFits(amount, field('payments.count', 'number')), false);
  assert.equal(termFits(amount, field('item.title', 'string')), false);
  assert.equal(termFits(amount, amount), false);
  assert.equal(termFits(field('documents.count', 'number'), field('payments.count', 'number')), true);
});

test('the summary reads the difference in English and Russian', async () => {
  const rest = { field: 'item.amount', minus: 'item.paidAmount', op: 'lte', value: 1000 };
  for (const [language, expected] of [
    ['en', 'item.amount − item.paidAmount ≤ 1000'],
    ['ru', 'item.amount − item.paidAmount ≤ 1000'],
  ] as const) {
    const t = await translator(language, 'automation');
    const words: Words = (key, values) => t(`condition.${key}`, values ?? {});
    assert.equal(conditionSummary(rest, words), expected);
  }
  const t = await translator('ru', 'automation');
  const words: Words = (key, values) => t(`condition.${key}`, values ?? {});
  assert.equal(
    conditionSummary(
      {
        field: 'item.paidAmount',
        plus: 'item.fields.deposit',
        op: 'gte',
        valueField: 'item.amount',
        percent: 70,
      },
      words,
    ),
    'item.paidAmount + item.fields.deposit ≥ 70 % от item.amount',
  );
});

test('the journal shows both operands of a difference', async () => {
  const t = await translator('en', 'item');
  const entry = {
    kind: 'move_refused',
    message: '',
    data: {
      compared: {
        field: 'item.amount',
        op: 'lte',
        minus: 'item.paidAmount',
        operand: 3999.99,
        expected: 1000,
        actual: 5000,
      },
    },
  } as unknown as JournalEntry;
  const said = comparedValues(entry, { t } as unknown as Parameters<typeof comparedValues>[1]);
  assert.equal(
    said,
    `item.amount − item.paidAmount is 5000 − 3999.99, expected ${t('journal.op.lte', { defaultValue: 'lte' })} 1000`,
  );
});

test('test mode reads a difference with both labels and both amounts', async () => {
  const t = (await translator('en', 'tryRule')) as unknown as TraceWords['t'];
  const money = (path: string, en: string) => ({
    path,
    kind: 'number' as const,
    scope: 'item' as const,
    money: true as const,
    description: { en, ru: en },
  });
  const words: TraceWords = {
    facts: [money('item.amount', 'Amount'), money('item.paidAmount', 'Paid')],
    language: 'en',
    currency: 'EUR',
    t,
    format: {
      money: (amount, currency) =>
        new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(
          amount as Intl.StringNumericLiteral,
        ),
      number: (value) => new Intl.NumberFormat('en-US').format(value),
      dateTime: (iso) => iso,
      duration: (ms) => `${ms}ms`,
    },
  };
  const said = describeComparison(
    {
      field: 'item.amount',
      op: 'lte',
      minus: 'item.paidAmount',
      operand: 3999.99,
      expected: 1000,
      actual: 5000,
    },
    words,
  );
  assert.match(said.statement, /^Amount − Paid .*€1,000\.00$/);
  assert.equal(said.actual, 'the item has €5,000.00 − €3,999.99');
});
