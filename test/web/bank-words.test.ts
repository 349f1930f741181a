import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import type { BankStatementSummary } from '../../web/src/pages/bank/bank-types.ts';
import { formatPaymentDate, summarySentences } from '../../web/src/pages/bank/bank-words.ts';

const bundle = (language: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../web/src/i18n/${language}/bank.json`, import.meta.url), 'utf8'));

const summary = (counts: Partial<BankStatementSummary>): BankStatementSummary => ({
  documents: 3,
  incoming: 2,
  matchedNew: 0,
  matchedBefore: 0,
  unmatched: 0,
  unmatchedPayments: [],
  ...counts,
});

async function words(language: 'en' | 'ru', counts: Partial<BankStatementSummary>): Promise<string[]> {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { bank: bundle(language) } },
    interpolation: { escapeValue: false },
  });
  const t = i18n.getFixedT(language, 'bank');
  return summarySentences(summary(counts)).map((sentence) => t(sentence.key, sentence.values));
}

test('an import is told by what happened, leaving out outcomes that did not', async () => {
  assert.deepEqual(await words('en', { matchedNew: 1, unmatched: 1 }), [
    'The file holds 3 payment documents, 2 of them incoming.',
    '1 payment was recorded for its item.',
    '1 payment is waiting to be assigned below.',
  ]);
  assert.deepEqual(await words('en', { documents: 1, incoming: 1, matchedBefore: 1 }), [
    'The file holds 1 payment document, 1 of them incoming.',
    '1 payment had been recorded before.',
  ]);
});

test('a file without incoming payments says there was nothing to record', async () => {
  assert.deepEqual(await words('en', { documents: 2, incoming: 0 }), [
    'The file holds 2 payment documents, 0 of them incoming.',
    'Nothing to record: the file has no incoming payments.',
  ]);
});

test('Russian counts agree with their numbers', async () => {
  assert.deepEqual(await words('ru', { documents: 5, incoming: 3, matchedNew: 2, unmatched: 1 }), [
    'В файле 5 платёжных документов, поступлений среди них: 3.',
    '2 платежа учтены по своим сделкам.',
    '1 платёж ждёт разнесения — он в списке ниже.',
  ]);
  assert.deepEqual(await words('ru', { documents: 21, incoming: 21, matchedBefore: 11, unmatched: 10 }), [
    'В файле 21 платёжный документ, поступлений среди них: 21.',
    '11 платежей были учтены раньше.',
    '10 платежей ждут разнесения — они в списке ниже.',
  ]);
});

test("a payment order's date is the calendar day in every time zone and locale", () => {
  assert.equal(formatPaymentDate('2026-03-03', 'en-US'), 'Mar 3, 2026');
  assert.equal(formatPaymentDate('2026-03-03', 'ru-RU'), '3 мар. 2026 г.');
  assert.equal(formatPaymentDate('not a date', 'en-US'), 'not a date');
});
