import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next, { type TFunction } from 'i18next';
import type { CatalogueFact } from '../../web/src/pages/automation/automation-types.ts';
import type { DryRunResult, DryRunRun } from '../../web/src/pages/automation/dry-run-types.ts';
import {
  callParts,
  relativeTime,
  runHeadline,
  triggerHeadline,
} from '../../web/src/pages/automation/try/dry-run-text.ts';
import { nextActive } from '../../web/src/pages/automation/try/picker-keys.ts';
import { describeComparison, type TraceWords } from '../../web/src/pages/automation/try/trace-text.ts';

/** The words of test mode: comparisons with formatted values, trigger verdicts, due times, calls. */

const bundle = (language: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../web/src/i18n/${language}/tryRule.json`, import.meta.url), 'utf8'));

async function translator(language: 'en' | 'ru'): Promise<TFunction<'tryRule'>> {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { tryRule: bundle(language) } },
    interpolation: { escapeValue: false },
  });
  return i18n.getFixedT(language, 'tryRule');
}

const FACTS: CatalogueFact[] = [
  {
    path: 'item.amount',
    kind: 'number',
    scope: 'item',
    money: true,
    description: { en: 'Amount', ru: 'Сумма' },
  },
  {
    path: 'item.paidAmount',
    kind: 'number',
    scope: 'item',
    money: true,
    description: { en: 'Paid', ru: 'Оплачено' },
  },
  {
    path: 'item.stageEnteredAt',
    kind: 'date',
    scope: 'item',
    description: { en: 'Entered the stage', ru: 'Вход на стадию' },
  },
  {
    path: 'contact.email',
    kind: 'string',
    scope: 'item',
    description: { en: 'Contact email', ru: 'Email контакта' },
  },
];

async function words(language: 'en' | 'ru'): Promise<TraceWords> {
  const locale = language === 'en' ? 'en-US' : 'ru-RU';
  const timeZone = 'Europe/Moscow';
  return {
    facts: FACTS,
    language,
    currency: 'EUR',
    t: await translator(language),
    format: {
      money: (amount, currency) =>
        new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
          amount as Intl.StringNumericLiteral,
        ),
      number: (value) => new Intl.NumberFormat(locale).format(value),
      dateTime: (iso) =>
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
          new Date(iso),
        ),
      duration: (ms) => `${Math.round(Math.abs(ms) / 3_600_000)}h`,
    },
  };
}

test('a comparison reads with the field label, the operator in words and money in the item currency', async () => {
  const en = await words('en');
  assert.deepEqual(
    describeComparison({ field: 'item.amount', op: 'gt', expected: 100000, actual: 50000.5 }, en),
    {
      statement: 'Amount is greater than €100,000.00',
      actual: 'the item has €50,000.50',
    },
  );
  const ru = await words('ru');
  const said = describeComparison({ field: 'item.amount', op: 'gt', expected: 100000, actual: 50000.5 }, ru);
  assert.match(said.statement, /^Сумма: больше 100\s000,00\s€$/);
  assert.match(said.actual, /^у элемента: 50\s000,50\s€$/);
});

test('dates show in the user zone, a missing value says so, a state needs no right side', async () => {
  const en = await words('en');
  const date = describeComparison(
    { field: 'item.stageEnteredAt', op: 'lt', expected: '2026-12-01T09:00:00.000Z', actual: null },
    en,
  );
  assert.equal(date.statement, 'Entered the stage is less than Dec 1, 2026, 12:00 PM');
  assert.equal(date.actual, 'the item has no value');
  const state = describeComparison(
    { field: 'contact.email', op: 'notEmpty', actual: 'anna@example.com' },
    en,
  );
  assert.deepEqual(state, {
    statement: 'Contact email is filled in',
    actual: 'the item has “anna@example.com”',
  });
  const unknown = describeComparison(
    { field: 'item.fields.city', op: 'eq', expected: 'Kazan', actual: 'Omsk' },
    en,
  );
  assert.equal(unknown.statement, 'item.fields.city equals “Kazan”');
});

test('ranges, lists kept as JSON text, another field and a percent of it read as words', async () => {
  const en = await words('en');
  assert.equal(
    describeComparison({ field: 'item.amount', op: 'between', expected: '[1000,5000]', actual: 7000 }, en)
      .statement,
    'Amount is between €1,000.00 and €5,000.00',
  );
  assert.equal(
    describeComparison(
      { field: 'contact.email', op: 'in', expected: ['a@x.test', 'b@x.test'], actual: 'c' },
      en,
    ).statement,
    'Contact email is one of “a@x.test”, “b@x.test”',
  );
  assert.equal(
    describeComparison(
      {
        field: 'item.paidAmount',
        op: 'gte',
        valueField: 'item.amount',
        percent: 50,
        expected: 2000,
        actual: 500,
      },
      en,
    ).statement,
    'Paid is at least 50 % of Amount (€2,000.00)',
  );
  const ru = await words('ru');
  assert.match(
    describeComparison(
      { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount', expected: 2000, actual: 1 },
      ru,
    ).statement,
    /^Оплачено: не меньше 2\s000,00\s€ \(поле «Сумма»\)$/,
  );
});

const result = (fields: Partial<DryRunResult>): DryRunResult => ({
  kind: 'trigger',
  now: '2026-12-02T10:00:00.000Z',
  item: { id: 'i7', title: 'Deal 7', stageId: 's1', stageName: 'New' },
  trigger: { matched: true, verdict: 'matched', reason: '', actingAs: null, filter: null, condition: null },
  move: {
    fromStageId: 's1',
    fromStageName: 'New',
    toStageId: 's3',
    toStageName: 'Won',
    outcome: 'moved',
    message: null,
    guards: [],
  },
  runs: [],
  outsideCalls: [],
  ...fields,
});

test('a trigger says whether it fires and what its move does, in both languages', async () => {
  const en = await translator('en');
  const ru = await translator('ru');
  assert.equal(triggerHeadline(result({}), en), 'Fires: moves “Deal 7” from “New” to “Won”');
  assert.equal(
    triggerHeadline(result({}), ru),
    'Сработает: переместит «Deal 7» со стадии «New» на стадию «Won»',
  );
  const notMatched = result({
    trigger: {
      matched: false,
      verdict: 'not_matched',
      reason: '',
      actingAs: null,
      filter: null,
      condition: null,
    },
  });
  assert.equal(triggerHeadline(notMatched, en), 'Does not fire:');
  const refused = result({ move: { ...result({}).move!, outcome: 'refused', message: 'Not paid' } });
  assert.equal(
    triggerHeadline(refused, en),
    'Fires, but the guards refuse to move “Deal 7” from “New” to “Won”',
  );
});

test('a due time is told relative to the server clock, and a run by its status', async () => {
  const en = await translator('en');
  const hours = (ms: number) => `${Math.round(Math.abs(ms) / 3_600_000)}h`;
  const now = '2026-12-02T10:00:00.000Z';
  assert.equal(relativeTime('2026-12-04T14:00:00.000Z', now, hours, en), 'in 52h');
  assert.equal(relativeTime('2026-12-02T07:00:00.000Z', now, hours, en), '3h ago');
  assert.equal(relativeTime('2026-12-02T10:00:30.000Z', now, hours, en), 'now');
  const run = { robotName: 'Notify the supervisor', status: 'waiting' } as DryRunRun;
  assert.equal(
    runHeadline(run, 'Deal 7', en),
    '“Notify the supervisor” would wait before running on “Deal 7”',
  );
});

test('an outside call lists its parts in reading order, objects as indented JSON', () => {
  const parts = callParts({
    kind: 'http',
    summary: 'POST https://erp.example/hook',
    detail: { body: { order: 'Deal 7' }, url: 'https://erp.example/hook', method: 'POST', extra: 1 },
  });
  assert.deepEqual(parts, [
    { name: 'method', text: 'POST', block: false },
    { name: 'url', text: 'https://erp.example/hook', block: false },
    { name: 'body', text: '{\n  "order": "Deal 7"\n}', block: true },
  ]);
  const email = callParts({
    kind: 'email',
    summary: 'Email',
    detail: { to: ['a@x.test', 'b@x.test'], subject: 'Hi', text: 'Hello' },
  });
  assert.deepEqual(
    email.map((part) => [part.name, part.text]),
    [
      ['to', 'a@x.test, b@x.test'],
      ['subject', 'Hi'],
      ['text', 'Hello'],
    ],
  );
});

test('arrow keys move through the picker options and wrap around', () => {
  assert.equal(nextActive(-1, 1, 3), 0);
  assert.equal(nextActive(-1, -1, 3), 2);
  assert.equal(nextActive(2, 1, 3), 0);
  assert.equal(nextActive(0, -1, 3), 2);
  assert.equal(nextActive(-1, 1, 0), -1);
});
