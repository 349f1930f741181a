import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import { runReasonText } from '../../web/src/pages/runs/run-reason.ts';

const bundle = (language: string, namespace: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../web/src/i18n/${language}/${namespace}.json`, import.meta.url), 'utf8'),
  );

test("a run's stored English reason reads in Russian with the UI's own texts", async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'ru',
    resources: { ru: { runs: bundle('ru', 'runs'), item: bundle('ru', 'item') } },
    interpolation: { escapeValue: false },
  });
  const t = i18n.getFixedT('ru', 'runs');
  const tItem = i18n.getFixedT('ru', 'item');
  assert.equal(runReasonText('left stage', t, tItem), 'элемент ушёл со стадии');
  assert.equal(runReasonText('the robot was deleted or disabled', t, tItem), 'робот удалён или выключен');
  const condition = runReasonText(
    'condition not met: item.amount (86500.5) is not greater than 100000',
    t,
    tItem,
  );
  assert.match(condition, /^условие не выполнено: item\.amount \(86500\.5\) /);
  assert.doesNotMatch(condition, /not greater/);
  assert.equal(runReasonText('something new', t, tItem), 'something new');
});
