import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogue } from '../../src/automation/catalogue.ts';
import { readPage } from '../support/markdown.ts';

/** The first cell of every table row that names a type (`| \`call.missed\` | ...`). */
function listedTypes(page: string): string[] {
  return [...readPage(page).matchAll(/^\| `([a-z_.]+)` \|/gm)].map(([, type = '']) => type);
}

describe('the reference pages list what the catalogue serves', () => {
  test('docs/reference/events.md has one row per event type, the internal ones apart', () => {
    const { eventTypes } = catalogue();
    const page = readPage('docs/reference/events.md');
    const internalAt = page.indexOf('## Types only Stageflow records');
    assert.ok(internalAt > 0, 'the page has a section of internal types');
    const rows = [...page.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((match) => ({
      type: match[1],
      internal: (match.index ?? 0) > internalAt,
    }));
    assert.deepEqual(
      rows.sort((a, b) => String(a.type).localeCompare(String(b.type))),
      eventTypes
        .map((event) => ({ type: event.type, internal: event.internal }))
        .sort((a, b) => a.type.localeCompare(b.type)),
    );
  });

  test('docs/reference/actions.md has one row per robot action', () => {
    const { actions } = catalogue();
    assert.deepEqual(
      listedTypes('docs/reference/actions.md').sort(),
      actions.map((action) => action.type).sort(),
    );
  });
});
