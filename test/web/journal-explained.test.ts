import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TFunction } from 'i18next';
import type { JournalEntry } from '../../web/src/pages/item/item-types.ts';
import { buildChains, causesOf } from '../../web/src/pages/item/journal/journal-chains.ts';
import { translateStoredReason } from '../../web/src/pages/item/journal/stored-reason.ts';

/** The pure parts of the item card's journal: grouping into cause chains, and stored reasons. */

const entry = (id: string, kind: string, fields: Partial<JournalEntry> = {}): JournalEntry => ({
  id,
  kind,
  itemId: 'item',
  eventId: null,
  runId: null,
  triggerId: null,
  robotId: null,
  guardId: null,
  stageId: null,
  message: '',
  data: {},
  rootEventId: null,
  causeId: null,
  depth: 0,
  createdAt: `2026-12-02T10:00:0${id.length}.000Z`,
  ...fields,
});

test('entries hang under their cause, a run outcome under its planning, one chain per root event', () => {
  const entries = [
    entry('e1', 'event_received', { rootEventId: 'root-1' }),
    entry('t1', 'trigger_not_matched', { rootEventId: 'root-1', causeId: 'e1' }),
    entry('m1', 'moved', { rootEventId: 'root-1', causeId: 'e1' }),
    entry('p1', 'run_planned', { rootEventId: 'root-1', causeId: 'm1', runId: 'run-1' }),
    entry('s1', 'run_succeeded', { rootEventId: 'root-1', runId: 'run-1' }),
    entry('e2', 'event_received', { rootEventId: 'root-2' }),
    entry('x9', 'run_failed', { rootEventId: 'root-2', causeId: 'not-on-this-page' }),
  ];
  const chains = buildChains(entries);
  assert.deepEqual(
    chains.map((chain) => [chain.key, chain.roots.map((node) => node.entry.id)]),
    [
      ['root-1', ['e1']],
      ['root-2', ['e2', 'x9']],
    ],
  );
  const [event] = chains[0]?.roots ?? [];
  assert.deepEqual(
    event?.children.map((node) => node.entry.id),
    ['t1', 'm1'],
  );
  const planned = event?.children[1]?.children[0];
  assert.equal(planned?.entry.id, 'p1');
  assert.deepEqual(
    planned?.children.map((node) => node.entry.id),
    ['s1'],
  );
  assert.deepEqual(
    causesOf(entries, 'p1').map((cause) => cause.id),
    ['e1', 'm1'],
  );
});

test("a stored English reason is read back into the user's words, and an unknown one kept", () => {
  const words: Record<string, string> = {
    'journal.stored.phrase.less': 'меньше, чем',
    'journal.stored.phrase.notGreater': 'не больше, чем',
    'journal.stored.state.is_missing': '{{field}}: нет значения',
  };
  const t = ((key: string, options: Record<string, unknown> = {}) => {
    const template =
      words[key] ??
      {
        'journal.stored.comparison': '{{field}} ({{actual}}) {{phrase}} {{right}}',
        'journal.stored.condition': 'условие {{index}} из {{count}}: {{reason}}',
      }[key] ??
      String(options['defaultValue'] ?? key);
    return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]));
  }) as unknown as TFunction<'item'>;
  assert.equal(
    translateStoredReason('event.data.durationSeconds (10) is less than 60', t),
    'event.data.durationSeconds (10) меньше, чем 60',
  );
  assert.equal(
    translateStoredReason(
      'condition 2 of 2 does not hold: item.amount (50000) is not greater than 100000',
      t,
    ),
    'условие 2 из 2: item.amount (50000) не больше, чем 100000',
  );
  assert.equal(translateStoredReason('item.fields.absent is missing', t), 'item.fields.absent: нет значения');
  assert.equal(translateStoredReason('something else entirely', t), 'something else entirely');
});
