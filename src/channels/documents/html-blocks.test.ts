import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeEntities, htmlBlocks } from './html-blocks.ts';

describe('reading template HTML into PDF blocks', () => {
  test('headings, paragraphs with bold runs and table rows keep their order and text', () => {
    const blocks = htmlBlocks(
      '<h1>Счёт № 1</h1>\n<p>Итого: <strong>100&nbsp;₽</strong></p><table><tr><th>A</th><th>B</th></tr><tr><td>x &amp; y</td><td>2</td></tr></table>',
    );
    assert.deepEqual(blocks, [
      { kind: 'heading', level: 1, runs: [{ text: 'Счёт № 1', bold: false }] },
      {
        kind: 'paragraph',
        runs: [
          { text: 'Итого: ', bold: false },
          { text: '100\u00a0₽', bold: true },
        ],
      },
      {
        kind: 'table',
        rows: [
          [
            { header: true, runs: [{ text: 'A', bold: true }] },
            { header: true, runs: [{ text: 'B', bold: true }] },
          ],
          [
            { header: false, runs: [{ text: 'x & y', bold: false }] },
            { header: false, runs: [{ text: '2', bold: false }] },
          ],
        ],
      },
    ]);
  });

  test('unknown tags are dropped with their text kept, and script text is only text', () => {
    const blocks = htmlBlocks(
      '<section><span>Plain</span> <em>words</em></section><script>alert(1)</script>',
    );
    assert.deepEqual(
      blocks.map((block) => (block.kind === 'table' ? '' : block.runs.map((run) => run.text).join(''))),
      ['Plain wordsalert(1)'],
    );
  });

  test('numeric and named entities are decoded, unknown ones left as written', () => {
    assert.equal(decodeEntities('&#1057;&#x0427; &lt;b&gt; &bogus;'), 'СЧ <b> &bogus;');
  });
});
