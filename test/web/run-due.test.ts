import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import type { DryRunRun } from '../../web/src/pages/automation/automation-types.ts';
import { dueBasis, paramLabel } from '../../web/src/pages/automation/try/run-due.ts';

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
  note: 'from the item\'s entry into "Proposal sent" at 2026-12-02T16:39:51.911Z: due at 2026-12-04T16:39:51.911Z',
  condition: null,
  action: { type: 'notify', rendered: {}, changes: null, error: null },
  ...overrides,
});

test('a run in the item stage counts from its entry into it, with no raw instant', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  assert.equal(dueBasis(run({}), 'proposal', en), "Counted from the item's entry into “Proposal sent”");
  assert.equal(
    dueBasis(run({}), 'proposal', ru),
    'Отсчитывается от попадания элемента на стадию «Proposal sent»',
  );
});

test('a run in another stage counts as if the item entered that stage now', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  const elsewhere = run({
    note: 'as if the item entered "Proposal sent" now: due at 2026-12-04T16:39:51.911Z',
  });
  assert.equal(dueBasis(elsewhere, 'new', en), 'Counted as if the item entered “Proposal sent” now');
  assert.equal(
    dueBasis(elsewhere, 'new', ru),
    'Отсчитывается так, будто элемент попал на стадию «Proposal sent» сейчас',
  );
});

test('a waiting run says whether it waits for the previous robot or for its date field', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  const previous = run({
    status: 'waiting',
    dueAt: null,
    note: 'from the item\'s entry into "Proposal sent" at 2026-12-02T16:39:51.911Z: runs after the previous robot "Call" finishes, then by its own timing',
  });
  const date = run({ status: 'waiting', dueAt: null, note: 'waits until item.fields.meetingAt is set' });
  assert.equal(dueBasis(previous, 'proposal', en), 'Waits for the previous robot');
  assert.equal(dueBasis(date, 'proposal', en), 'Waits until the date field is set');
  assert.equal(dueBasis(previous, 'proposal', ru), 'Ждёт предыдущего робота');
  assert.equal(dueBasis(date, 'proposal', ru), 'Ждёт, пока не будет заполнено поле с датой');
});

test('a run skipped by its condition leaves the telling to the trace; one that already ran says so', async () => {
  const en = await translator('en');
  const failing = run({
    status: 'skipped',
    dueAt: null,
    condition: { kind: 'all', matched: false, children: [] } as unknown as DryRunRun['condition'],
  });
  assert.equal(dueBasis(failing, 'proposal', en), undefined);
  const once = run({ status: 'skipped', dueAt: null, note: 'it runs once per item and already ran' });
  assert.equal(dueBasis(once, 'proposal', en), 'It runs once per item and has already run');
});

test('a rendered text is labelled as its field is in the form, an unknown one by its name', async () => {
  const [en, ru] = [await translator('en'), await translator('ru')];
  assert.equal(paramLabel('title', en), 'Title');
  assert.equal(paramLabel('body', ru), 'Текст');
  assert.equal(paramLabel('payloadTemplate', en), 'payloadTemplate');
});
