import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { repo } from '../support/e2e.ts';
import { documentationPages, readPage } from '../support/markdown.ts';
import { anchorOf, headingAnchors, relativeLinks } from '../support/markdown-links.ts';

describe('links of the documentation', () => {
  test('a heading anchor is the heading in lower case, punctuation dropped, spaces as hyphens', () => {
    assert.equal(
      anchorOf('The automation editor: try before saving'),
      'the-automation-editor-try-before-saving',
    );
    assert.equal(anchorOf('Telephony, chats and bookings'), 'telephony-chats-and-bookings');
    assert.deepEqual(
      [...headingAnchors('# The `stageflow` command\n```sh\n# not a heading\n```\n## Retries\n## Retries\n')],
      ['the-stageflow-command', 'retries', 'retries-1'],
    );
  });

  test('links are read from prose only, URLs left out', () => {
    const links = relativeLinks(
      '[a](guides/forms.md) [b](#start) ![c](board.png) [d](https://example.com) `[e](no.md)`\n' +
        '```\n[f](nor.md)\n```\n[g](api.md#money-is-exact)',
    );
    assert.deepEqual(links, [
      { path: 'guides/forms.md', anchor: undefined },
      { path: '', anchor: 'start' },
      { path: 'board.png', anchor: undefined },
      { path: 'api.md', anchor: 'money-is-exact' },
    ]);
  });

  for (const page of documentationPages()) {
    test(`every relative link of ${page} points to an existing file and heading`, () => {
      const broken: string[] = [];
      for (const link of relativeLinks(readPage(page))) {
        const target = link.path === '' ? join(repo, page) : join(repo, dirname(page), link.path);
        const shown = `${link.path}${link.anchor === undefined ? '' : `#${link.anchor}`}`;
        if (!existsSync(target)) {
          broken.push(`${shown}: no such file`);
          continue;
        }
        if (link.anchor === undefined) continue;
        if (statSync(target).isDirectory() || !target.endsWith('.md')) {
          broken.push(`${shown}: an anchor into a file that is not markdown`);
        } else if (!headingAnchors(readPage(target.slice(repo.length + 1))).has(link.anchor)) {
          broken.push(`${shown}: no such heading`);
        }
      }
      assert.deepEqual(broken, []);
    });
  }
});
