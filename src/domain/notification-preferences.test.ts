import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeNotificationMail } from './notification-mail.ts';
import { DEFAULT_NOTIFICATION_PREFERENCES, planEmail, preferencesFrom } from './notification-preferences.ts';

describe('notification preferences', () => {
  test('immediately is due now, hourly at the next full hour, off plans nothing', () => {
    const now = new Date('2026-03-02T09:20:31.000Z');
    assert.deepEqual(planEmail('immediately', now), { mode: 'immediately', dueAt: now });
    assert.deepEqual(planEmail('hourly', now), {
      mode: 'hourly',
      dueAt: new Date('2026-03-02T10:00:00.000Z'),
    });
    assert.deepEqual(planEmail('hourly', new Date('2026-03-02T10:00:00.000Z')), {
      mode: 'hourly',
      dueAt: new Date('2026-03-02T11:00:00.000Z'),
    });
    assert.equal(planEmail('off', now), undefined);
  });

  test('stored preferences keep the defaults for kinds they do not name or cannot be read', () => {
    assert.deepEqual(preferencesFrom('ru', { robot: 'hourly', task: 'sometimes', gossip: 'immediately' }), {
      language: 'ru',
      email: { ...DEFAULT_NOTIFICATION_PREFERENCES.email, robot: 'hourly' },
    });
    assert.deepEqual(preferencesFrom('de', null), DEFAULT_NOTIFICATION_PREFERENCES);
  });
});

describe('notification mail text', () => {
  const notification = {
    title: 'Deal needs you',
    body: 'Call today.',
    url: 'http://crm.test/items/1',
    createdAt: '2026-03-02T09:00:00.000Z',
  };

  test('one notification: its title is the subject; the body names the time in the zone and the link', () => {
    const mail = composeNotificationMail({
      language: 'en',
      timeZone: 'America/New_York',
      digest: false,
      notifications: [notification],
    });
    assert.equal(mail.subject, 'Deal needs you');
    assert.match(
      mail.text,
      /^Deal needs you\nCall today\.\nReceived: 2 March 2026(,| at) 04:00 \(America\/New_York\)\nOpen: http:\/\/crm\.test\/items\/1\n/,
    );
  });

  test('a Russian digest counts its notifications in Russian', () => {
    const digest = (count: number) =>
      composeNotificationMail({
        language: 'ru',
        timeZone: 'Europe/Moscow',
        digest: true,
        notifications: Array.from({ length: count }, () => notification),
      });
    assert.equal(digest(1).subject, 'Stageflow: 1 новое уведомление');
    assert.equal(digest(2).subject, 'Stageflow: 2 новых уведомления');
    assert.equal(digest(5).subject, 'Stageflow: 5 новых уведомлений');
    assert.match(digest(2).text, /^Ваши уведомления за последний час:\n/);
    assert.match(digest(2).text, /Получено: 2 марта 2026 г\.(,| в) 12:00 \(Europe\/Moscow\)/);
  });
});
