import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next, { type TFunction } from 'i18next';
import type { Condition } from '../../src/domain/conditions/condition.ts';
import { evaluateCondition } from '../../src/domain/conditions/evaluate-condition.ts';
import type { Facts } from '../../src/domain/facts.ts';
import { translateStoredReason } from '../../web/src/pages/item/journal/stored-reason.ts';

/**
 * Percent and arithmetic conditions store their reasons in English with the operator as a symbol;
 * the item card reads them back in the user's language. The reasons here come from the engine's own
 * evaluation, so a change of their shape fails this test rather than the Russian journal.
 */

const bundle = (language: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../web/src/i18n/${language}/item.json`, import.meta.url), 'utf8'));

const words = async (language: 'en' | 'ru'): Promise<TFunction<'item'>> => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { item: bundle(language) } },
    interpolation: { escapeValue: false },
  });
  return i18n.getFixedT(language, 'item');
};

const facts = (paidAmount: unknown, amount: unknown = 50000): Facts => ({
  item: { amount, paidAmount, fields: { note: 'soon' } },
});
const reason = (condition: Condition, item: Facts) => evaluateCondition(condition, item).reason;

const halfPaid: Condition = { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount', percent: 50 };
const restSmall: Condition = { field: 'item.amount', op: 'lte', minus: 'item.paidAmount', value: 1000 };
const restShare: Condition = {
  field: 'item.amount',
  op: 'lt',
  minus: 'item.paidAmount',
  valueField: 'item.amount',
  percent: 10,
};

test('a percent reason reads in Russian, held or not', async () => {
  const t = await words('ru');
  assert.equal(
    translateStoredReason(reason(halfPaid, facts(20000)), t),
    'item.paidAmount 20000 не ≥ 50 % от item.amount 50000',
  );
  assert.equal(
    translateStoredReason(reason(halfPaid, facts(30000)), t),
    'item.paidAmount 30000 ≥ 50 % от item.amount 50000',
  );
  assert.equal(
    translateStoredReason(reason(halfPaid, facts('soon')), t),
    'item.paidAmount "soon" нельзя сравнить с 50 % от item.amount 50000',
  );
});

test('an arithmetic reason reads in Russian, with a plain or a percent right side', async () => {
  const t = await words('ru');
  assert.equal(
    translateStoredReason(reason(restSmall, { item: { amount: 5000, paidAmount: 3999.99 } }), t),
    'item.amount 5000 − item.paidAmount 3999.99 = 1000.01 не ≤ 1000',
  );
  assert.equal(
    translateStoredReason(reason(restShare, { item: { amount: 5000, paidAmount: 4600 } }), t),
    'item.amount 5000 − item.paidAmount 4600 = 400 < 10 % от item.amount 5000',
  );
  assert.equal(
    translateStoredReason(reason(restSmall, { item: { amount: 5000, paidAmount: [1] } }), t),
    'item.amount 5000 − item.paidAmount [1] нельзя сравнить с 1000',
  );
  assert.equal(
    translateStoredReason(`condition 1 of 2 does not hold: ${reason(halfPaid, facts(20000))}`, t),
    'условие 1 из 2: item.paidAmount 20000 не ≥ 50 % от item.amount 50000',
  );
});

test('in English the reasons read as the engine stored them', async () => {
  const t = await words('en');
  for (const stored of [
    reason(halfPaid, facts(20000)),
    reason(halfPaid, facts(30000)),
    reason(halfPaid, facts('soon')),
    reason(restSmall, { item: { amount: 5000, paidAmount: 3999.99 } }),
    reason(restShare, { item: { amount: 5000, paidAmount: 4600 } }),
  ])
    assert.equal(translateStoredReason(stored, t), stored);
});
