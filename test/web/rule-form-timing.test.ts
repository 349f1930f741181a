import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import {
  parseIsoDuration,
  toEditorDuration,
  toIsoDuration,
} from '../../web/src/pages/automation/rule-form/duration.ts';
import { timingSentence } from '../../web/src/pages/automation/rule-form/timing.ts';

const bundle = (language: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../web/src/i18n/${language}/ruleForm.json`, import.meta.url), 'utf8'));

async function translator(language: 'en' | 'ru') {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { ruleForm: bundle(language) } },
    interpolation: { escapeValue: false },
  });
  return i18n.getFixedT(language, 'ruleForm');
}

test('a number and a unit become an ISO 8601 duration, signed for offsets', () => {
  assert.equal(toIsoDuration(90, 'minutes'), 'PT90M');
  assert.equal(toIsoDuration(3, 'hours'), 'PT3H');
  assert.equal(toIsoDuration(2, 'days'), 'P2D');
  assert.equal(toIsoDuration(1, 'weeks'), 'P1W');
  assert.equal(toIsoDuration(1, 'days', -1), '-P1D');
  assert.equal(toIsoDuration(30, 'seconds'), 'PT30S');
  assert.equal(toIsoDuration(2.7, 'days'), 'P2D');
});

test('an ISO duration reads back as one number and unit, never converted to another unit', () => {
  assert.deepEqual(toEditorDuration('PT72H'), { amount: 72, unit: 'hours', sign: 1 });
  assert.deepEqual(toEditorDuration('P3D'), { amount: 3, unit: 'days', sign: 1 });
  assert.deepEqual(toEditorDuration('-PT30M'), { amount: 30, unit: 'minutes', sign: -1 });
  assert.equal(toEditorDuration('P1DT2H'), undefined);
  assert.equal(toEditorDuration('three days'), undefined);
  assert.deepEqual(parseIsoDuration('P1DT2H30M')?.parts, [
    ['days', 1],
    ['hours', 2],
    ['minutes', 30],
  ]);
  assert.equal(parseIsoDuration('P'), undefined);
  assert.equal(parseIsoDuration('PT'), undefined);
});

test('the timing is said back in English', async () => {
  const t = await translator('en');
  const stage = 'Proposal sent';
  assert.equal(
    timingSentence({ kind: 'after', duration: 'P1D', workingTime: true }, false, stage, t),
    '1 working day after the item enters “Proposal sent”',
  );
  assert.equal(
    timingSentence({ kind: 'after', duration: 'P2D' }, false, stage, t),
    '2 days after the item enters “Proposal sent”',
  );
  assert.equal(
    timingSentence({ kind: 'immediately' }, true, stage, t),
    'Immediately when the item enters “Proposal sent”, once the previous robot has finished',
  );
  assert.equal(
    timingSentence({ kind: 'at', field: 'item.fields.meetingAt', offset: '-PT1H' }, false, stage, t),
    '1 hour before the date in the field “meetingAt”, while the item is in “Proposal sent”',
  );
  assert.equal(
    timingSentence({ kind: 'immediately', workingTime: true }, false, stage, t),
    "Immediately when the item enters “Proposal sent”, in the responsible user's working time",
  );
});

test('the timing is said back in natural Russian with the right plural forms', async () => {
  const t = await translator('ru');
  const stage = 'КП отправлено';
  const after = (duration: string, workingTime = false) =>
    timingSentence({ kind: 'after', duration, workingTime }, false, stage, t);
  assert.equal(
    after('P1D', true),
    'Через 1 рабочий день после того, как элемент попадёт на стадию «КП отправлено»',
  );
  assert.equal(after('P2D'), 'Через 2 дня после того, как элемент попадёт на стадию «КП отправлено»');
  assert.equal(after('P5D'), 'Через 5 дней после того, как элемент попадёт на стадию «КП отправлено»');
  assert.equal(after('P21D'), 'Через 21 день после того, как элемент попадёт на стадию «КП отправлено»');
  assert.match(after('PT1M'), /^Через 1 минуту /);
  assert.match(after('PT3H', true), /^Через 3 рабочих часа /);
  assert.match(after('P1W'), /^Через 1 неделю /);
  assert.equal(
    timingSentence({ kind: 'at', field: 'item.fields.meetingAt', offset: '-P1D' }, false, stage, t),
    'За 1 день до даты из поля «meetingAt», пока элемент на стадии «КП отправлено»',
  );
  assert.equal(
    timingSentence({ kind: 'at', field: 'item.fields.meetingAt' }, false, stage, t),
    'Когда наступит дата из поля «meetingAt», пока элемент на стадии «КП отправлено»',
  );
  assert.equal(
    timingSentence({ kind: 'immediately' }, true, stage, t),
    'Сразу, как элемент попадёт на стадию «КП отправлено», когда закончит работу предыдущий робот',
  );
});

test("a timing against the item's work says which task or activity, in English and Russian", async () => {
  const en = await translator('en');
  const ru = await translator('ru');
  const meeting = { kind: 'at', field: 'activity.start', offset: '-PT1H', activityType: 'meeting' } as const;
  assert.equal(
    timingSentence(meeting, false, 'Meeting set', en),
    "1 hour before the start of the item's next meeting, while the item is in “Meeting set”",
  );
  assert.equal(
    timingSentence(meeting, false, 'Встреча назначена', ru),
    'За 1 час до начала ближайшей встречи, пока элемент на стадии «Встреча назначена»',
  );
  const task = { kind: 'at', field: 'task.deadline', offset: '-PT30M' } as const;
  assert.equal(
    timingSentence(task, false, 'Tasks', en),
    "30 minutes before the deadline of the item's nearest open task, while the item is in “Tasks”",
  );
  assert.equal(
    timingSentence({ kind: 'at', field: 'activity.start' }, false, 'Calls', ru),
    'Когда наступит начало ближайшего запланированного дела, пока элемент на стадии «Calls»',
  );
});
