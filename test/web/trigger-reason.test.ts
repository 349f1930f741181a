import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import { triggerReasonText } from '../../web/src/pages/item/journal/stored-reason.ts';

const bundle = (language: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../web/src/i18n/${language}/item.json`, import.meta.url), 'utf8'));

test("why a tried trigger does not fire reads in Russian in the item journal's words", async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'ru',
    resources: { ru: { item: bundle('ru') } },
    interpolation: { escapeValue: false },
  });
  const t = i18n.getFixedT('ru', 'item');
  assert.equal(
    triggerReasonText('same_stage', 'the item is already in "New"', t),
    'элемент уже на этой стадии',
  );
  assert.equal(
    triggerReasonText('final_stage', 'the item is in the final stage "Won"', t),
    'элемент уже на финальной стадии',
  );
  const filter = triggerReasonText('filter', 'filter: item.amount (5) is not greater than 10', t);
  assert.match(filter, /^событие не подошло под фильтр триггера: item\.amount \(5\) /);
  assert.doesNotMatch(filter, /not greater/);
  assert.match(
    triggerReasonText('payment_repeated', 'the payment is recorded already: it is not counted again', t),
    /^платёж уже учтён/,
  );
  assert.equal(triggerReasonText('something_new', 'as stored', t), 'as stored');
});
