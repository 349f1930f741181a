import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import type { DryRunRun } from '../../web/src/pages/automation/dry-run-types.ts';
import { dueBasis, dueText, paramLabel } from '../../web/src/pages/automation/try/run-due.ts';

/** What a tried run's due time counts from, said in the user's language without raw instants. */

const bundle = (language: string, namespace: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../web/src/i18n/${language}/${namespace}.json`, import.meta.url), 'utf8'),
  );

async function translator(language: 'en' | 'ru') {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: {
      [language]: { tryRule: bundle(language, 'tryRule'), ruleForm: bundle(language, 'ruleForm') },
    },
    interpolation: { escapeValue: false },
  });
  return i18n.getFixedT(language, 'tryRule');
}

const run = (overrides: Partial<DryRunRun>): DryRunRun => ({
  robotId: 'r1',
  robotName: 'Notify the supervisor',
  robotVersion: 1,
  stageId: 'proposal',
  stageName: 'Proposal sent',
  status: 'scheduled',
  dueAt: '2026-12-04T16:39:51.911Z',
  waitsFor: null,
  skipReason: null,
  actingAs: null,
  note: 'from the item\'s entry into "Proposal sent" at 2026-12-02T16:39:51.911Z: due at 2026-12-04T16:39:51.911Z',
  condition: null,
  action: { type: 'notify', rendered: {}, changes: null, error: null },
  ...overrides,
});

/** The server's now, after the item entered its stage and before the runs are due. */
const NOW = '2026-12-04T14:39:51.911Z';
/** Instants in the reader's zone and durations, as plainly as a test can read them. */
const format = {
  dateTime: (iso: string) => `<${iso}>`,
  duration: (ms: number) => `${Math.abs(ms) / 3_600_000}h`,
};

test('a run in the item stage counts from its entry into it, with no raw instant', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  assert.equal(dueBasis(run({}), 'proposal', NOW, en), "Counted from the item's entry into “Proposal sent”");
  assert.equal(
    dueBasis(run({}), 'proposal', NOW, ru),
    'Отсчитывается от попадания элемента на стадию «Proposal sent»',
  );
});

test('a run in another stage counts as if the item entered that stage now', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  assert.equal(dueBasis(run({}), 'new', NOW, en), 'Counted as if the item entered “Proposal sent” now');
  assert.equal(
    dueBasis(run({}), 'new', NOW, ru),
    'Отсчитывается так, будто элемент попал на стадию «Proposal sent» сейчас',
  );
});

test('a waiting run says what it waits for from its code, not from the English note', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  // The notes say the opposite of the codes: only the codes count.
  const previous = run({
    status: 'waiting',
    dueAt: null,
    waitsFor: 'previous',
    note: 'waits until a date is set',
  });
  const date = run({
    status: 'waiting',
    dueAt: null,
    waitsFor: 'field',
    note: 'runs after the previous robot',
  });
  assert.equal(dueBasis(previous, 'proposal', NOW, en), 'Waits for the previous robot');
  assert.equal(dueBasis(date, 'proposal', NOW, en), 'Waits until the date field is set');
  assert.equal(dueBasis(previous, 'proposal', NOW, ru), 'Ждёт предыдущего робота');
  assert.equal(dueBasis(date, 'proposal', NOW, ru), 'Ждёт, пока не будет заполнено поле с датой');
});

test('a skipped run says why from its code; one skipped by its condition leaves the telling to the trace', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  const skipped = (skipReason: DryRunRun['skipReason']) =>
    run({ status: 'skipped', dueAt: null, skipReason, note: 'not planned: the chain of causes is too deep' });
  assert.equal(dueBasis(skipped('condition'), 'proposal', NOW, en), undefined);
  assert.equal(
    dueBasis(skipped('once_per_item'), 'proposal', NOW, en),
    'It runs once per item and has already run',
  );
  assert.equal(
    dueBasis(skipped('once_per_item'), 'proposal', NOW, ru),
    'Выполняется один раз для элемента и уже выполнялся',
  );
  assert.equal(
    dueBasis(skipped('chain_depth'), 'proposal', NOW, en),
    'Not planned: too many rules set one another off',
  );
});

test('a run due later says when, and how far from now', async () => {
  const en = await translator('en');
  assert.equal(dueText(run({}), 'proposal', NOW, format, en), '<2026-12-04T16:39:51.911Z> (in 2h)');
  assert.equal(dueText(run({ status: 'waiting', dueAt: null }), 'proposal', NOW, format, en), 'Not set yet');
});

test('a run whose due time has passed is due now, not "1 h ago", and says nothing more', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  const late = run({ dueAt: '2026-12-03T08:00:00.000Z' });
  assert.equal(dueText(late, 'proposal', NOW, format, en), 'now: the time counted from the entry has passed');
  assert.equal(
    dueText(late, 'proposal', NOW, format, ru),
    'уже наступил: время, отсчитанное от попадания на стадию, истекло',
  );
  assert.equal(dueBasis(late, 'proposal', NOW, en), undefined);
  assert.equal(dueText(late, 'new', NOW, format, en), 'now: its time has already passed');
  assert.equal(dueText(late, 'new', NOW, format, ru), 'уже наступил: назначенное время прошло');
});

test('a rendered text is labelled as its field is in the form, an unknown one by its name', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  assert.equal(paramLabel('title', en), 'Title');
  assert.equal(paramLabel('body', ru), 'Текст');
  assert.equal(paramLabel('payloadTemplate', en), 'payloadTemplate');
});
