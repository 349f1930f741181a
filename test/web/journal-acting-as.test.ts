import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import i18next from 'i18next';
import type { JournalEntry } from '../../web/src/pages/item/item-types.ts';
import { movedBy, type SentenceContext } from '../../web/src/pages/item/journal/describe-entry.ts';

/** The item journal names the rule that moved an item and the person it acted as, in both languages. */

async function contextIn(language: 'en' | 'ru'): Promise<SentenceContext> {
  const words = JSON.parse(
    readFileSync(new URL(`../../web/src/i18n/${language}/item.json`, import.meta.url), 'utf8'),
  );
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { item: words } },
    interpolation: { escapeValue: false },
  });
  return { t: i18n.getFixedT(language, 'item') } as unknown as SentenceContext;
}

const move = (data: Record<string, unknown>): JournalEntry =>
  ({
    kind: 'moved',
    message: '',
    runId: 'run-1',
    triggerId: null,
    authorName: 'Anna Petrova',
    data: { fromStageId: 'a', toStageId: 'b', ...data },
  }) as unknown as JournalEntry;

const acting = (kind: 'robot' | 'trigger') => ({
  actAs: { userId: 'user-1', name: 'Anna Petrova' },
  rule: { kind, id: 'rule-1', name: 'On to proposal' },
});

test('a move by a rule acting as a person names the rule and the person', async () => {
  const en = await contextIn('en');
  assert.equal(movedBy(move(acting('robot')), en), 'by robot “On to proposal” acting as Anna Petrova');
  assert.equal(movedBy(move(acting('trigger')), en), 'by trigger “On to proposal” acting as Anna Petrova');
  const ru = await contextIn('ru');
  assert.equal(movedBy(move(acting('robot')), ru), 'роботом «On to proposal» от имени Anna Petrova');
});

test('a move a person made is theirs alone', async () => {
  const en = await contextIn('en');
  assert.equal(movedBy(move({ author: { type: 'user', id: 'user-1' } }), en), 'by Anna Petrova');
});
