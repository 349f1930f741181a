import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import i18next from 'i18next';
import type { Guard, Robot } from '../../web/src/pages/automation/automation-types.ts';
import { backfillOffer } from '../../web/src/pages/automation/editor/backfill-offer.ts';
import { conditionSummary, type Words } from '../../web/src/pages/automation/editor/condition-summary.ts';
import { fileSlug } from '../../web/src/pages/automation/editor/file-slug.ts';
import { moveEntry, planSorts, SORT_STEP } from '../../web/src/pages/automation/editor/reorder.ts';
import { changedKeys, compact } from '../../web/src/pages/automation/editor/revision-diff.ts';
import { copyName, copyRequest } from '../../web/src/pages/automation/editor/rule-copy.ts';
import { swapped } from '../../web/src/pages/automation/editor/stage-order.ts';

const bundle = (language: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(new URL(`../../web/src/i18n/${language}/automation.json`, import.meta.url), 'utf8'),
  );

async function wordsIn(language: 'en' | 'ru'): Promise<Words> {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: language,
    resources: { [language]: { automation: bundle(language) } },
    interpolation: { escapeValue: false },
  });
  const t = i18n.getFixedT(language, 'automation');
  return (key, values) => t(`condition.${key}`, values ?? {});
}

describe('condition summaries', () => {
  test('a comparison, a group and a negation read as one line in English', async () => {
    const words = await wordsIn('en');
    const condition = {
      all: [
        { field: 'item.amount', op: 'gt', value: 100000 },
        {
          any: [
            { field: 'contact.email', op: 'notEmpty' },
            { not: { field: 'item.title', op: 'contains', value: 'test' } },
          ],
        },
      ],
    };
    assert.equal(
      conditionSummary(condition, words),
      'item.amount > 100000 and (contact.email is not empty or not item.title contains “test”)',
    );
  });

  test('percent thresholds, ranges and lists read in Russian', async () => {
    const words = await wordsIn('ru');
    assert.equal(
      conditionSummary({ field: 'item.paidSum', op: 'gte', percent: 50, valueField: 'item.amount' }, words),
      'item.paidSum ≥ 50 % от item.amount',
    );
    assert.equal(
      conditionSummary({ field: 'item.amount', op: 'between', value: [10, 20] }, words),
      'item.amount от 10 до 20',
    );
    assert.equal(
      conditionSummary({ field: 'contact.city', op: 'in', value: ['Riga', 'Oslo'] }, words),
      'contact.city одно из [“Riga”, “Oslo”]',
    );
  });

  test('no condition reads as always, an empty group as always or never', async () => {
    const words = await wordsIn('en');
    assert.equal(conditionSummary(null, words), 'always');
    assert.equal(conditionSummary({ all: [] }, words), 'always');
    assert.equal(conditionSummary({ any: [] }, words), 'never');
    assert.equal(
      conditionSummary({ all: [{ field: 'item.amount', op: 'lt', value: 5 }] }, words),
      'item.amount < 5',
    );
  });
});

describe('sort arithmetic for reordering robots', () => {
  const robots = [
    { id: 'a', sort: 1000 },
    { id: 'b', sort: 2000 },
    { id: 'c', sort: 3000 },
  ];

  test('a robot moved between two others takes a sort between them, and only it changes', () => {
    assert.deepEqual(planSorts(moveEntry(robots, 2, 1), 'c'), [{ id: 'c', sort: 1500 }]);
  });

  test('a robot moved to the top or the bottom goes one step past the end', () => {
    assert.deepEqual(planSorts(moveEntry(robots, 2, 0), 'c'), [{ id: 'c', sort: 1000 - SORT_STEP }]);
    assert.deepEqual(planSorts(moveEntry(robots, 0, 2), 'a'), [{ id: 'a', sort: 3000 + SORT_STEP }]);
  });

  test('without room between neighbours the stage is renumbered, patching only what changes', () => {
    const tight = [
      { id: 'a', sort: 1 },
      { id: 'b', sort: 2 },
      { id: 'c', sort: 3000 },
    ];
    assert.deepEqual(planSorts(moveEntry(tight, 2, 1), 'c'), [
      { id: 'a', sort: 1000 },
      { id: 'c', sort: 2000 },
      { id: 'b', sort: 3000 },
    ]);
  });

  test('an order that already holds needs no change', () => {
    assert.deepEqual(planSorts(robots, 'b'), []);
  });
});

describe('copying a rule to another stage', () => {
  test('the name stays when it is free there, else gets the suffix, numbered when that is taken too', () => {
    assert.equal(copyName('Call back', ['Other'], '(copy)'), 'Call back');
    assert.equal(copyName('Call back', ['Call back'], '(copy)'), 'Call back (copy)');
    assert.equal(copyName('Call back', ['Call back', 'Call back (copy)'], '(copy)'), 'Call back (copy) 2');
  });

  const robot: Robot = {
    id: 'r1',
    name: 'Tell the warehouse',
    pipelineId: 'p1',
    stageId: 's1',
    enabled: true,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    version: 4,
    action: { type: 'send_webhook', params: { url: 'https://erp.example.com', secret: '********' } },
    timing: { kind: 'immediately' },
    condition: null,
    afterPrevious: false,
    repeat: 'every-entry',
    retry: { maxAttempts: 3, initialDelay: 'PT30S', maxDelay: 'PT1H' },
    sort: 7,
    actAs: null,
  };

  test('the server copies the stored rule, so the masked secrets the client read are never sent back', () => {
    const request = copyRequest({ kind: 'robot', rule: robot }, 's2', 'Tell the warehouse');
    assert.deepEqual(request, { path: '/robots/r1/copy', body: { stageId: 's2' } });
    assert.ok(!JSON.stringify(request).includes('********'));
  });

  test("the name is sent only when it differs from the rule's, that is when it clashes in the target stage", () => {
    const name = copyName(robot.name, ['Tell the warehouse'], '(copy)');
    assert.deepEqual(copyRequest({ kind: 'robot', rule: robot }, 's1', name).body, {
      stageId: 's1',
      name: 'Tell the warehouse (copy)',
    });
    const guard: Guard = {
      id: 'g1',
      name: 'Amount set',
      pipelineId: 'p1',
      stageId: 's1',
      enabled: true,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      version: 1,
      condition: { field: 'item.amount', op: 'notEmpty' },
      message: 'Set the amount',
    };
    const { path } = copyRequest({ kind: 'guard', rule: guard }, 's2', 'Amount set');
    assert.equal(path, '/guards/g1/copy');
  });
});

describe('what a revision changed', () => {
  test('only top-level keys that differ, without bookkeeping, each with both values', () => {
    const before = {
      id: 'r',
      version: 1,
      name: 'A',
      timing: { kind: 'after', duration: 'P1D' },
      enabled: true,
    };
    const after = {
      id: 'r',
      version: 2,
      name: 'B',
      timing: { duration: 'P1D', kind: 'after' },
      enabled: false,
    };
    assert.deepEqual(changedKeys(before, after), [
      { key: 'name', before: 'A', after: 'B' },
      { key: 'enabled', before: 'true', after: 'false' },
    ]);
  });

  test('a creation or deletion lists no changes; long values are cut', () => {
    assert.deepEqual(changedKeys(null, { name: 'A' }), []);
    assert.equal(compact('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(compact(null), '—');
  });
});

test('stage order moves one stage by one place and never past the ends', () => {
  const stages = ['a', 'b', 'c'].map((id, sort) => ({ id, name: id, sort, semantics: 'open' as const }));
  assert.deepEqual(swapped(stages, 1, -1), ['b', 'a', 'c']);
  assert.deepEqual(swapped(stages, 2, 1), ['a', 'b', 'c']);
});

test('the export file is named after the pipeline', () => {
  assert.equal(fileSlug('Sales 2026 / Q1'), 'sales-2026-q1');
  assert.equal(fileSlug('Продажи'), 'продажи');
  assert.equal(fileSlug('***'), 'pipeline');
});

test('saving an enabled robot or trigger on a stage that holds items offers to apply it to them, nothing else does', () => {
  const counts = new Map([
    ['full', 3],
    ['empty', 0],
  ]);
  const rule = { id: 'r1', name: 'Remind', stageId: 'full', enabled: true };
  assert.deepEqual(backfillOffer('robot', rule, counts), { kind: 'robot', ruleId: 'r1', ruleName: 'Remind' });
  assert.deepEqual(backfillOffer('trigger', rule, counts), {
    kind: 'trigger',
    ruleId: 'r1',
    ruleName: 'Remind',
  });
  assert.equal(backfillOffer('guard', rule, counts), undefined);
  assert.equal(backfillOffer('robot', { ...rule, enabled: false }, counts), undefined);
  assert.equal(backfillOffer('robot', { ...rule, stageId: 'empty' }, counts), undefined);
  assert.equal(backfillOffer('robot', { ...rule, stageId: 'unknown' }, counts), undefined);
});
