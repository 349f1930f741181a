import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { money, resolveTimeZone } from './filters.ts';
import { createTemplateEngine } from './template-engine.ts';

const clock = { now: () => new Date('2025-03-01T09:30:00Z') };
const engine = createTemplateEngine({ clock });

describe('money filter', () => {
  test('groups thousands with a space, shows two decimals and appends the currency', () => {
    assert.equal(money(150000, 'RUB'), '150 000.00 RUB');
    assert.equal(money(1234567.5, 'USD'), '1 234 567.50 USD');
    assert.equal(money(999, 'EUR'), '999.00 EUR');
  });

  test('rounds to two decimals', () => {
    assert.equal(money(10.126), '10.13');
    assert.equal(money(0.004), '0.00');
  });

  test('keeps the sign of a negative amount but never prints minus zero', () => {
    assert.equal(money(-1500.5, 'RUB'), '-1 500.50 RUB');
    assert.equal(money(-0.001), '0.00');
  });

  test('reads decimal strings and omits a missing currency', () => {
    assert.equal(money('150000.5'), '150 000.50');
    assert.equal(money(42, null), '42.00');
  });

  test('returns input that is not an amount unchanged, and nothing for nil', () => {
    assert.equal(money('n/a', 'RUB'), 'n/a');
    assert.equal(money(undefined, 'RUB'), '');
    assert.equal(money(Number.NaN), Number.NaN);
  });

  test('is applied by templates to item facts', async () => {
    const text = await engine.render('{{ item.amount | money: item.currency }}', {
      item: { amount: 150000, currency: 'RUB' },
    });
    assert.equal(text, '150 000.00 RUB');
  });
});

describe('date filter', () => {
  const facts = {
    item: { createdAt: new Date('2025-01-02T21:30:00Z'), stageEnteredAt: '2025-06-15T08:05:00Z' },
    responsible: { timeZone: 'Europe/Moscow' },
  };

  test('formats with strftime in UTC when no zone is named', async () => {
    const text = await engine.render('{{ item.createdAt | date: "%d.%m.%Y %H:%M" }}', facts);
    assert.equal(text, '02.01.2025 21:30');
  });

  test('shows the time in the IANA zone the template names, including the date change', async () => {
    const text = await engine.render(
      '{{ item.createdAt | date: "%d.%m.%Y %H:%M", responsible.timeZone }}|{{ item.stageEnteredAt | date: "%H:%M", "America/New_York" }}',
      facts,
    );
    assert.equal(text, '03.01.2025 00:30|04:05');
  });

  test('uses a fixed default format without a format argument', async () => {
    assert.equal(await engine.render('{{ item.stageEnteredAt | date }}', facts), '2025-06-15 08:05');
  });

  test('prints month names in English whatever the server locale', async () => {
    assert.equal(await engine.render('{{ item.createdAt | date: "%B %-d" }}', facts), 'January 2');
  });

  test('reads "now" from the engine clock, not the machine clock', async () => {
    const text = await engine.render('{{ "now" | date: "%Y-%m-%d %H:%M", "Asia/Tokyo" }}', {});
    assert.equal(text, '2025-03-01 18:30');
    assert.equal(await engine.render('{{ "now" | date_to_xmlschema }}', {}), '2025-03-01T09:30:00+00:00');
  });

  test('returns a value that is not a date unchanged', async () => {
    assert.equal(await engine.render('{{ "soon" | date: "%Y" }}', {}), 'soon');
  });

  test('fails the render on an unknown zone instead of showing another zone', async () => {
    await assert.rejects(engine.render('{{ item.createdAt | date: "%Y", "Mars/Base" }}', facts), {
      code: 'template_failed',
      message: /unknown time zone "Mars\/Base"/,
    });
  });

  test('falls back to the default zone when the named zone is empty', () => {
    assert.equal(resolveTimeZone(''), 'UTC');
    assert.equal(resolveTimeZone(undefined), 'UTC');
    assert.equal(resolveTimeZone('Europe/Berlin'), 'Europe/Berlin');
  });
});
