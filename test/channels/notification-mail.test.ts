import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../support/fixtures.ts';
import { DIALECTS, type TestApp } from '../support/harness.ts';
import { createMailTestApp, startSmtpServer, type TestSmtpServer } from './mail-support.ts';

/** Notifications that reach people: the email each user's preferences ask for, over real SMTP. */
for (const dialect of DIALECTS) {
  describe(`notification mail over SMTP (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let t: TestApp;
    let pipelineId: string;
    let stageIds: string[];
    let people = 0;

    before(async () => {
      smtp = await startSmtpServer();
      t = await createMailTestApp(dialect, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      const pipeline = await createPipeline(t, ['New', 'Notify']);
      pipelineId = pipeline.id;
      stageIds = pipeline.stageIds;
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    /** A user with these preferences (set by an admin), and their address. */
    async function person(
      preferences: Record<string, unknown>,
      user: Record<string, unknown> = {},
    ): Promise<{ id: string; email: string }> {
      people += 1;
      const email = `person-${people}@people.example`;
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: `Person ${people}`, email, role: 'manager', ...user },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const saved = await t.request({
        method: 'PUT',
        url: `/api/v1/users/${created.body.id}/notification-preferences`,
        body: preferences,
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      return { id: created.body.id, email };
    }

    async function item(title: string, responsibleId?: string): Promise<string> {
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, stageId: stageIds[0], title, ...(responsibleId && { responsibleId }) },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id;
    }

    async function notify(body: Record<string, unknown>) {
      const created = await t.request({ method: 'POST', url: '/api/v1/notifications', body });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body as { id: string };
    }

    const read = async (id: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/notifications/${id}` })).body;
    const mailTo = (address: string) => smtp.received.filter((mail) => mail.rcptTo.includes(address));

    test('a robot notification set to "immediately" is mailed at once with the item title and its link', async () => {
      const manager = await person({ email: { robot: 'immediately' } });
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Tell the manager',
          stageId: stageIds[1],
          action: {
            type: 'notify',
            params: {
              to: ['responsible'],
              title: 'Deal {{ item.title }} needs you',
              body: 'Call the client today.',
            },
          },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      const itemId = await item('Boilers', manager.id);
      const moved = await t.request({
        method: 'POST',
        url: `/api/v1/items/${itemId}/move`,
        body: { stageId: stageIds[1] },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));

      const [mail, ...more] = mailTo(manager.email);
      assert.ok(mail, 'the manager got an email');
      assert.equal(more.length, 0);
      assert.equal(mail.parsed.subject, 'Deal Boilers needs you');
      assert.match(mail.parsed.text ?? '', /Call the client today\./);
      assert.match(mail.parsed.text ?? '', new RegExp(`Open: http://crm\\.test/items/${itemId}`));
      assert.match(mail.parsed.text ?? '', /Received: 2 March 2026(,| at) 09:00 \(UTC\)/);

      const listed = await t.request({ method: 'GET', url: `/api/v1/notifications?userId=${manager.id}` });
      const [notification] = listed.body.data;
      assert.equal(notification.kind, 'robot');
      assert.equal(notification.email.mode, 'immediately');
      assert.equal(notification.email.status, 'sent');
      assert.equal(notification.email.attempts, 1);
      assert.equal(notification.email.lastError, null);
      assert.ok(notification.email.sentAt);
    });

    test('hourly: two notifications of one hour go out as one digest once the clock passes the hour', async () => {
      const user = await person({ email: { other: 'hourly' } });
      const itemId = await item('Chairs');
      // Start on the hour, so both notifications fall in the same one.
      const intoHour = t.clock.now().getTime() % 3_600_000;
      if (intoHour > 0) await t.advance(`PT${(3_600_000 - intoHour) / 1000}S`);
      const first = await notify({ userId: user.id, title: 'First news', body: 'One', itemId });
      await t.advance('PT20M');
      const second = await notify({ userId: user.id, title: 'Second news', body: 'Two' });
      assert.equal(mailTo(user.email).length, 0, 'nothing is mailed before the hour is over');
      assert.equal((await read(first.id)).email.status, 'pending');

      await t.advance('PT40M');
      const mails = mailTo(user.email);
      assert.equal(mails.length, 1, 'one digest');
      const [digest] = mails;
      assert.equal(digest?.parsed.subject, 'Stageflow: 2 new notifications');
      const text = digest?.parsed.text ?? '';
      assert.match(text, /First news\nOne\n/);
      assert.match(text, /Second news\nTwo\n/);
      assert.match(text, new RegExp(`http://crm\\.test/items/${itemId}`));
      for (const id of [first.id, second.id]) {
        const notification = await read(id);
        assert.equal(notification.email.mode, 'hourly');
        assert.equal(notification.email.status, 'sent');
      }

      await t.advance('PT2H');
      assert.equal(mailTo(user.email).length, 1, 'a digest goes out once');
    });

    test('a digest whose notifications were all deleted before the hour is not sent', async () => {
      const user = await person({ email: { other: 'hourly' } });
      const sent = await notify({ userId: user.id, title: 'Soon gone', body: '' });
      const deleted = await t.request({ method: 'DELETE', url: `/api/v1/notifications/${sent.id}` });
      assert.equal(deleted.status, 204);
      await t.advance('PT2H');
      assert.equal(mailTo(user.email).length, 0);
      assert.equal(await t.automation.notificationMail.nextDueInMs(), undefined, 'nothing left waiting');
    });

    test("a deactivated user's pending digest is failed, not sent, and new notifications queue no email", async () => {
      const user = await person({ email: { other: 'hourly', robot: 'immediately' } });
      const queued = await notify({ userId: user.id, title: 'Before leaving', body: '' });
      assert.equal((await read(queued.id)).email.status, 'pending');
      const deactivated = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${user.id}`,
        body: { active: false },
      });
      assert.equal(deactivated.status, 200, JSON.stringify(deactivated.body));
      const later = await notify({ userId: user.id, title: 'After leaving', body: '' });
      assert.equal((await read(later.id)).email, null, 'no email is queued for a deactivated user');

      await t.advance('PT2H');
      assert.equal(mailTo(user.email).length, 0);
      const failed = (await read(queued.id)).email;
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, 0, 'no attempt was made');
      assert.match(failed.lastError, /deactivated/);
      assert.equal(await t.automation.notificationMail.nextDueInMs(), undefined, 'nothing left waiting');
    });

    for (const [language, subject] of [
      ['en', 'Robot "Broken title" failed'],
      ['ru', 'Робот «Broken title» завершился ошибкой'],
    ] as const)
      test(`a robot that failed tells its responsible user by email as a "system" notification, in their language (${language})`, async () => {
        const manager = await person({ language, email: { system: 'immediately', robot: 'off' } });
        const pipeline = await createPipeline(t, ['Start']);
        const robot = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: {
            name: 'Broken title',
            stageId: pipeline.stageIds[0],
            action: {
              type: 'notify',
              params: { to: ['responsible'], title: '{{ item.fields.none }}', body: '' },
            },
          },
        });
        assert.equal(robot.status, 201, JSON.stringify(robot.body));
        const created = await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: pipeline.id, title: 'Desks', responsibleId: manager.id },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const [mail, ...more] = mailTo(manager.email);
        assert.equal(more.length, 0);
        assert.equal(mail?.parsed.subject, subject);
        assert.match(mail?.parsed.text ?? '', new RegExp(`http://crm\\.test/items/${created.body.id}`));
        const listed = await t.request({ method: 'GET', url: `/api/v1/notifications?userId=${manager.id}` });
        assert.deepEqual(
          listed.body.data.map((n: { kind: string; email: { status: string } }) => [n.kind, n.email.status]),
          [['system', 'sent']],
        );
      });

    test('a kind set to "off" sends no email; the notification still appears in the app', async () => {
      const user = await person({ email: { robot: 'immediately', other: 'off' } });
      const sent = await notify({ userId: user.id, title: 'Quiet one', body: '' });
      await t.advance('PT2H');
      assert.equal(mailTo(user.email).length, 0);
      const notification = await read(sent.id);
      assert.equal(notification.email, null);
      assert.equal(notification.read, false);
    });

    test('a mail server that keeps deferring is retried with backoff until the email is failed', async () => {
      const user = await person({ email: { other: 'immediately' } });
      smtp.replies.push(451, 451, 451, 451, 451);
      const sent = await notify({ userId: user.id, title: 'Try me', body: '' });
      let notification = await read(sent.id);
      assert.equal(notification.email.status, 'pending');
      assert.equal(notification.email.attempts, 1);
      assert.match(notification.email.lastError, /deferred/);

      // Retries come at most an hour apart (DEFAULT_RETRY); five attempts in all.
      for (let hour = 0; hour < 4; hour++) await t.advance('PT1H');
      notification = await read(sent.id);
      assert.equal(notification.email.status, 'failed');
      assert.equal(notification.email.attempts, 5);
      assert.match(notification.email.lastError, /Try again later/);
      assert.equal(notification.email.sentAt, null);
      assert.equal(mailTo(user.email).length, 0);
      assert.equal(smtp.replies.length, 0, 'every attempt reached the server');
    });

    test('a refusal by the mail server fails the email at once', async () => {
      const user = await person({ email: { other: 'immediately' } });
      smtp.replies.push(550);
      const sent = await notify({ userId: user.id, title: 'Refused', body: '' });
      const notification = await read(sent.id);
      assert.equal(notification.email.status, 'failed');
      assert.equal(notification.email.attempts, 1);
      assert.match(notification.email.lastError, /refused/);
    });

    test('a Russian user gets Russian text with times in their time zone', async () => {
      const user = await person(
        { language: 'ru', email: { other: 'immediately' } },
        { timeZone: 'Europe/Moscow' },
      );
      const itemId = await item('Котлы');
      const now = t.clock.now();
      await notify({ userId: user.id, title: 'Сделка «Котлы» ждёт', body: 'Позвоните клиенту.', itemId });
      const [mail] = mailTo(user.email);
      assert.ok(mail);
      assert.equal(mail.parsed.subject, 'Сделка «Котлы» ждёт');
      const text = mail.parsed.text ?? '';
      assert.match(text, new RegExp(`Открыть: http://crm\\.test/items/${itemId}`));
      const moscow = new Intl.DateTimeFormat('ru-RU', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'Europe/Moscow',
      }).format(now);
      assert.ok(text.includes(`Получено: ${moscow} (Europe/Moscow)`), text);
      // Three hours ahead of UTC: the time the text shows is Moscow's, not the server's.
      assert.match(moscow, new RegExp(`${String((now.getUTCHours() + 3) % 24).padStart(2, '0')}:00`));
    });
  });
}
