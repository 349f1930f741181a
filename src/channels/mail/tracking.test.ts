import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addTracking, newTrackingToken } from './tracking.ts';

describe('tracking of HTML mail', () => {
  const sequential = () => {
    let n = 0;
    return () => `t${++n}`;
  };

  test('rewrites each distinct http(s) link to one token and adds the pixel before </body>', () => {
    const html =
      '<html><body><a href="https://a.example/x?p=1&amp;q=2">A</a><A HREF=https://b.example>B</A>' +
      '<a class="c" href=\'https://a.example/x?p=1&amp;q=2\'>A again</a></body></html>';
    const tracked = addTracking(html, 'http://crm.test', sequential());
    assert.deepEqual(tracked.links, [
      { token: 't1', url: 'https://a.example/x?p=1&q=2' },
      { token: 't2', url: 'https://b.example' },
    ]);
    assert.equal(tracked.openToken, 't3');
    assert.equal(
      tracked.html,
      '<html><body><a href="http://crm.test/t/c/t1">A</a><A HREF="http://crm.test/t/c/t2">B</A>' +
        '<a class="c" href="http://crm.test/t/c/t1">A again</a>' +
        '<img src="http://crm.test/t/o/t3" width="1" height="1" alt="" style="display:none"></body></html>',
    );
  });

  test('leaves mailto, relative, anchor and javascript links alone', () => {
    const html =
      '<a href="mailto:a@b.example">m</a><a href="/p">r</a><a href="#top">t</a><a href="javascript:x()">j</a>';
    const tracked = addTracking(html, 'http://crm.test', sequential());
    assert.deepEqual(tracked.links, []);
    assert.ok(tracked.html.startsWith(html));
  });

  test('tokens are 256 random bits in base64url', () => {
    const a = newTrackingToken();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, newTrackingToken());
  });
});
