import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asLanguage, preferredLanguage } from './localized.ts';

describe('languages', () => {
  test('Accept-Language picks the highest-weighted language Stageflow speaks, else English', () => {
    assert.equal(preferredLanguage('ru-RU,ru;q=0.9,en;q=0.8'), 'ru');
    assert.equal(preferredLanguage('en-GB, ru;q=0.5'), 'en');
    assert.equal(preferredLanguage('de-DE, ru;q=0.4, en;q=0.7'), 'en');
    assert.equal(preferredLanguage('de-DE, fr;q=0.8'), 'en');
    assert.equal(preferredLanguage('RU'), 'ru');
    assert.equal(preferredLanguage('ru;q=0'), 'en');
    assert.equal(preferredLanguage(undefined), 'en');
    assert.equal(preferredLanguage(''), 'en');
  });

  test('a stored code reads back as one of the languages', () => {
    assert.equal(asLanguage('ru'), 'ru');
    assert.equal(asLanguage('en'), 'en');
    assert.equal(asLanguage('xx'), 'en');
  });
});
