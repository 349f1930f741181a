import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import type {
  BackfillCandidate,
  BackfillPreview,
  RuleAlert,
} from '../../web/src/pages/automation/automation-types.ts';
import {
  chosenIds,
  countsText,
  defaultSelection,
  reasonText,
  toggled,
} from '../../web/src/pages/automation/backfill/backfill-logic.ts';
import { ruleAlertText } from '../../web/src/pages/dashboard/rule-alert-text.ts';

/** The backfill dialog's choices and counts, and the dashboard's sentences about rules. */

const bundle = (language: string, namespace: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../web/src/i18n/${language}/${namespace}.json`, import.meta.url), 'utf8'),
  );

async function translators(language: 'en' | 'ru') {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: {
      [language]: { tryRule: bundle(language, 'tryRule'), dashboard: bundle(language, 'dashboard') },
    },
    interpolation: { escapeValue: false },
  });
  return { t: i18n.getFixedT(language, 'tryRule'), dashboard: i18n.getFixedT(language, 'dashboard') };
}

const candidate = (
  itemId: string,
  eligible: boolean,
  reasonCode = eligible ? 'ok' : 'condition',
): BackfillCandidate => ({
  itemId,
  title: `Deal ${itemId}`,
  stageId: 's1',
  stageName: 'Proposal sent',
  stageEnteredAt: '2026-12-01T09:00:00.000Z',
  eligible,
  reasonCode,
  reason: `server says ${reasonCode}`,
  condition: null,
  dueAt: eligible ? '2026-12-03T09:00:00.000Z' : null,
  guard: null,
});

const preview: BackfillPreview = {
  kind: 'robot',
  ruleId: 'r1',
  ruleName: 'Notify the supervisor',
  now: '2026-12-02T10:00:00.000Z',
  candidates: [candidate('1', true), candidate('2', false), candidate('3', true), candidate('4', true)],
  eligibleCount: 3,
  truncated: false,
};

test('eligible items start checked, others can never be checked, and only checked eligible ids are confirmed', () => {
  const start = defaultSelection(preview.candidates);
  assert.deepEqual([...start], ['1', '3', '4']);
  const refused = preview.candidates[1]!;
  assert.equal(toggled(start, refused, true).has('2'), false);
  const fewer = toggled(start, preview.candidates[2]!, false);
  assert.deepEqual(chosenIds(preview, fewer), ['1', '4']);
  assert.deepEqual(chosenIds(preview, new Set(['2', '4'])), ['4']);
});

test('the counts say how many of the items will get a run, with Russian plural forms', async () => {
  const en = await translators('en');
  assert.equal(countsText('robot', 3, 5, en.t), '3 of 5 items will get a run');
  assert.equal(countsText('trigger', 1, 1, en.t), '1 of 1 item will be moved');
  const ru = await translators('ru');
  assert.equal(countsText('robot', 3, 5, ru.t), 'Получат запуск: 3 из 5 элементов');
  assert.equal(countsText('robot', 1, 21, ru.t), 'Получат запуск: 1 из 21 элемента');
  assert.equal(countsText('trigger', 2, 3, ru.t), 'Будут перемещены: 2 из 3 элементов');
});

test('a reason reads in the user language by its code, a guard with its message, a new code as the server said', async () => {
  const { t } = await translators('ru');
  assert.equal(reasonText('robot', 'condition', 'x', null, t), 'Условие сейчас не выполняется.');
  assert.equal(reasonText('trigger', 'ok', 'x', null, t), 'Элемент будет перемещён.');
  assert.equal(
    reasonText('trigger', 'guard', 'x', { guardId: 'g', name: 'Paid in full', message: 'Оплатите счёт' }, t),
    'Условие входа «Paid in full» не пропускает: Оплатите счёт',
  );
  assert.equal(reasonText('robot', 'something_new', 'the server reason', null, t), 'the server reason');
});

const alert = (fields: Partial<RuleAlert>): RuleAlert => ({
  alert: 'quiet',
  kind: 'robot',
  ruleId: 'r1',
  ruleName: 'Notify the supervisor',
  pipelineId: 'p1',
  pipelineName: 'Sales',
  stageId: 's1',
  stageName: 'Proposal sent',
  firedBefore: 12,
  firedRecently: 0,
  failedRecently: 0,
  failedBefore: 0,
  lastFiredAt: null,
  ...fields,
});

test('a rule gone quiet and a rule failing more are told in one sentence each', async () => {
  const en = await translators('en');
  assert.equal(
    ruleAlertText(alert({}), en.dashboard),
    'Robot “Notify the supervisor” on “Proposal sent” has gone quiet: fired 12 times before, none in the last 7 days',
  );
  assert.equal(
    ruleAlertText(alert({ alert: 'failing', failedRecently: 5, failedBefore: 1 }), en.dashboard),
    'Robot “Notify the supervisor” on “Proposal sent” fails more often: 5 failures in 7 days, 1 the week before',
  );
  const ru = await translators('ru');
  assert.equal(
    ruleAlertText(alert({ kind: 'trigger', firedBefore: 3 }), ru.dashboard),
    'Триггер «Notify the supervisor» на стадию «Proposal sent» затих: раньше срабатывал 3 раза, за последние 7 дней — ни разу',
  );
  assert.equal(
    ruleAlertText(alert({ alert: 'failing', failedRecently: 5, failedBefore: 2 }), ru.dashboard),
    'Робот «Notify the supervisor» на стадии «Proposal sent» стал чаще завершаться ошибкой: 5 ошибок за 7 дней, неделей раньше — 2',
  );
});
