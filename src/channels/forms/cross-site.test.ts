import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { postedFromAnotherSite } from './cross-site.ts';

const PUBLIC = 'https://crm.example.com';

describe('where a form post comes from', () => {
  test('Sec-Fetch-Site decides when a browser sends it, whatever the Origin says', () => {
    // Chromium, from a page under Referrer-Policy: no-referrer, posting to its own origin.
    assert.equal(postedFromAnotherSite({ secFetchSite: 'same-origin', origin: 'null' }, PUBLIC), false);
    assert.equal(postedFromAnotherSite({ secFetchSite: 'none', origin: undefined }, PUBLIC), false);
    for (const site of ['same-site', 'cross-site', 'bogus'])
      assert.equal(postedFromAnotherSite({ secFetchSite: site, origin: PUBLIC }, PUBLIC), true, site);
  });

  test('without it, the Origin must be the public origin; no Origin at all is not a browser', () => {
    assert.equal(postedFromAnotherSite({ secFetchSite: undefined, origin: PUBLIC }, PUBLIC), false);
    assert.equal(postedFromAnotherSite({ secFetchSite: undefined, origin: `${PUBLIC}:443` }, PUBLIC), false);
    assert.equal(postedFromAnotherSite({ secFetchSite: undefined, origin: undefined }, PUBLIC), false);
    for (const origin of ['null', 'https://evil.example', 'http://crm.example.com', 'not a url'])
      assert.equal(postedFromAnotherSite({ secFetchSite: undefined, origin }, PUBLIC), true, origin);
  });
});
