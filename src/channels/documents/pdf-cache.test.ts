import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PdfRenderer } from '../../automation/outside-ports.ts';
import { createCachedPdfRenderer } from './pdf-cache.ts';

/** Answers `size` bytes named after the HTML, and keeps the HTML of every render it made. */
function countingRenderer(size = 100): PdfRenderer & { readonly rendered: string[] } {
  const rendered: string[] = [];
  return {
    rendered,
    async render(html) {
      rendered.push(html);
      const bytes = new Uint8Array(size);
      bytes.set(new TextEncoder().encode(html).subarray(0, size));
      return bytes;
    },
  };
}

const meta = { title: 'Invoice 1', createdAt: '2026-03-02T09:00:00.000Z' };

describe('the PDF cache', () => {
  test('the same HTML and meta render once; the second answer is the kept bytes', async () => {
    const inner = countingRenderer();
    const lookups: string[] = [];
    const pdf = createCachedPdfRenderer(inner, { maxBytes: 1000, onLookup: (o) => lookups.push(o) });
    const first = await pdf.render('<p>a</p>', meta);
    const second = await pdf.render('<p>a</p>', { ...meta });
    assert.deepEqual(inner.rendered, ['<p>a</p>']);
    assert.deepEqual(second, first);
    assert.deepEqual(lookups, ['miss', 'hit']);
  });

  test('a changed HTML, title or date renders again', async () => {
    const inner = countingRenderer();
    const pdf = createCachedPdfRenderer(inner, { maxBytes: 10_000 });
    await pdf.render('<p>a</p>', meta);
    await pdf.render('<p>b</p>', meta);
    await pdf.render('<p>a</p>', { ...meta, title: 'Invoice 2' });
    await pdf.render('<p>a</p>', { ...meta, createdAt: '2026-03-03T09:00:00.000Z' });
    assert.equal(inner.rendered.length, 4);
  });

  test('past the byte bound the least recently asked PDF is dropped and rendered again', async () => {
    const inner = countingRenderer(400);
    const pdf = createCachedPdfRenderer(inner, { maxBytes: 1000 });
    await pdf.render('a', meta);
    await pdf.render('b', meta);
    await pdf.render('a', meta); // a is now the most recently asked
    await pdf.render('c', meta); // 1200 bytes: b goes
    assert.deepEqual(inner.rendered, ['a', 'b', 'c']);
    await pdf.render('a', meta);
    await pdf.render('c', meta);
    assert.deepEqual(inner.rendered, ['a', 'b', 'c']);
    await pdf.render('b', meta);
    assert.deepEqual(inner.rendered, ['a', 'b', 'c', 'b']);
  });

  test('a PDF larger than the whole cache is answered but not kept', async () => {
    const inner = countingRenderer(2000);
    const pdf = createCachedPdfRenderer(inner, { maxBytes: 1000 });
    assert.equal((await pdf.render('big', meta)).byteLength, 2000);
    await pdf.render('big', meta);
    assert.equal(inner.rendered.length, 2);
  });

  test('requests for a PDF being rendered share that one render', async () => {
    const inner = countingRenderer();
    const lookups: string[] = [];
    const pdf = createCachedPdfRenderer(inner, { maxBytes: 1000, onLookup: (o) => lookups.push(o) });
    const answers = await Promise.all([pdf.render('a', meta), pdf.render('a', meta), pdf.render('a', meta)]);
    assert.equal(inner.rendered.length, 1);
    assert.equal(answers.length, 3);
    assert.deepEqual(lookups.sort(), ['hit', 'hit', 'miss']);
  });

  test('a failed render is not kept: the next request renders again', async () => {
    let calls = 0;
    const pdf = createCachedPdfRenderer(
      {
        async render() {
          calls += 1;
          if (calls === 1) throw new Error('layout failed');
          return new Uint8Array(10);
        },
      },
      { maxBytes: 1000 },
    );
    await assert.rejects(pdf.render('a', meta), /layout failed/);
    assert.equal((await pdf.render('a', meta)).byteLength, 10);
    assert.equal(calls, 2);
  });

  test('0 bytes keeps nothing: every request renders', async () => {
    const inner = countingRenderer();
    const lookups: string[] = [];
    const pdf = createCachedPdfRenderer(inner, { maxBytes: 0, onLookup: (o) => lookups.push(o) });
    await pdf.render('a', meta);
    await pdf.render('a', meta);
    assert.equal(inner.rendered.length, 2);
    assert.deepEqual(lookups, ['miss', 'miss']);
  });
});
