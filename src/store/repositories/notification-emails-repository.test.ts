import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestStore, DIALECTS, TEST_START, type TestStore } from '../../../test/support/harness.ts';
import { notifyUser } from '../../automation/commands/notify-user.ts';
import { PhoneNumbers } from '../../domain/phone-numbers.ts';
import { uuidv7 } from '../ids.ts';
import { migrateToLatest } from '../migrate.ts';
import { createRepositories, type Repositories } from './index.ts';
import { NotificationEmailsRepository } from './notification-emails-repository.ts';
import { NotificationsRepository } from './notifications-repository.ts';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(TEST_START.getTime() + minutes * MINUTE);

for (const dialect of DIALECTS) {
  describe(`notification mail queue (${dialect})`, () => {
    let testStore: TestStore;
    let repos: Repositories;
    let queue: NotificationEmailsRepository;

    before(async () => {
      testStore = await createTestStore(dialect);
      await migrateToLatest(testStore.store);
      repos = createRepositories(testStore.store.db, uuidv7, new PhoneNumbers());
      queue = new NotificationEmailsRepository(testStore.store.db);
    });
    after(() => testStore.cleanup());

    let people = 0;
    async function userWanting(delivery: 'immediately' | 'hourly'): Promise<string> {
      people += 1;
      const user = await repos.users.create(
        { name: `User ${people}`, email: `queue-${people}@users.example`, role: 'manager' },
        TEST_START,
      );
      await repos.notifications.savePreferences(
        user.id,
        {
          language: 'en',
          email: { robot: delivery, task: 'off', approval: 'off', system: 'off', other: 'off' },
        },
        TEST_START,
      );
      return user.id;
    }

    test('a notification rolled back takes its email with it', async () => {
      const userId = await userWanting('immediately');
      await assert.rejects(
        testStore.store.db.transaction().execute(async (trx) => {
          await notifyUser(
            { notifications: new NotificationsRepository(trx, uuidv7) },
            { userId, kind: 'robot', title: 'Never', body: '' },
            at(0),
          );
          throw new Error('the surrounding work failed');
        }),
        /the surrounding work failed/,
      );
      assert.deepEqual(await queue.due(at(10), 100), []);
      assert.equal((await repos.notifications.list({ userId }, {})).data.length, 0);
    });

    test('of two workers only one takes a due email; a taker that never finished leaves it due after its lease', async () => {
      const userId = await userWanting('immediately');
      const notification = await notifyUser(repos, { userId, kind: 'robot', title: 'Once', body: '' }, at(0));
      const [id] = await queue.due(at(0), 100);
      assert.ok(id);
      const first = await queue.take(id, at(0), at(5));
      assert.equal(first?.notifications[0]?.title, 'Once');
      assert.equal(first?.recipient.email, `queue-${people}@users.example`);
      assert.equal(await queue.take(id, at(0), at(5)), undefined, 'the second taker gets nothing');
      assert.deepEqual(await queue.due(at(4), 100), []);
      assert.deepEqual(await queue.due(at(5), 100), [id], 'due again once the lease ended');
      await queue.record(id, { status: 'sent', attempts: 1, at: at(6) });
      assert.deepEqual(await queue.due(at(60), 100), []);
      const sent = await repos.notifications.getOrThrow(notification.id);
      assert.deepEqual(sent.email, {
        mode: 'immediately',
        status: 'sent',
        attempts: 1,
        lastError: null,
        sentAt: at(6).toISOString(),
      });
    });

    test('an hourly digest closes when a worker takes it: a later notification starts another', async () => {
      const userId = await userWanting('hourly');
      await notifyUser(repos, { userId, kind: 'robot', title: 'One', body: '' }, at(10));
      await notifyUser(repos, { userId, kind: 'robot', title: 'Two', body: '' }, at(20));
      assert.deepEqual(await queue.due(at(59), 100), []);
      const [digest, ...others] = await queue.due(at(60), 100);
      assert.ok(digest);
      assert.deepEqual(others, []);
      const taken = await queue.take(digest, at(60), at(65));
      assert.deepEqual(
        taken?.notifications.map((n) => n.title),
        ['One', 'Two'],
      );
      // Written with a clock behind the worker's: it may not slip into the digest being sent.
      const late = await notifyUser(repos, { userId, kind: 'robot', title: 'Late', body: '' }, at(59));
      const row = await testStore.store.db
        .selectFrom('notifications')
        .select('emailId')
        .where('id', '=', late.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.emailId, digest);
      assert.equal(late.email?.status, 'pending');
    });

    // SQLite runs one writer at a time, so only PostgreSQL can interleave a worker with a writer.
    test('a worker taking a digest while a notification joins it waits, and sends that one too', {
      skip: dialect !== 'postgres',
    }, async () => {
      const userId = await userWanting('hourly');
      const first = await notifyUser(repos, { userId, kind: 'robot', title: 'First', body: '' }, at(130));
      let commit = (): void => undefined;
      const committed = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let joined = (): void => undefined;
      const joining = new Promise<void>((resolve) => {
        joined = resolve;
      });
      const writer = testStore.store.db.transaction().execute(async (trx) => {
        await notifyUser(
          { notifications: new NotificationsRepository(trx, uuidv7) },
          { userId, kind: 'robot', title: 'Joining', body: '' },
          at(150),
        );
        joined();
        await committed;
      });
      await joining;
      const { emailId: digest } = await testStore.store.db
        .selectFrom('notifications')
        .select('emailId')
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      assert.ok(digest);
      assert.ok((await queue.due(at(180), 100)).includes(digest));
      const taking = queue.take(digest, at(180), at(185));
      // The writer commits once the worker has finished, or after a grace period when the worker
      // waits for it: either way the order is what the assertion below tells apart.
      const grace = setTimeout(commit, 300);
      const taken = await taking;
      commit();
      clearTimeout(grace);
      await writer;
      assert.deepEqual(
        taken?.notifications.map((n) => n.title),
        ['First', 'Joining'],
      );
    });
  });
}
