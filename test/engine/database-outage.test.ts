import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import type { Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { EventsRepository } from '../../src/store/repositories/events-repository.ts';
import { buildTestApp, createTestStore, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * The database going away under the application in one process: every statement fails as it does
 * when the connection is refused, then the database is back. The API answers 503 problem documents
 * with Retry-After meanwhile, and events left pending by a failed call are processed once the
 * database answers again, without another request.
 */

/** Fails statements as a refused connection does: all of them while `down`, or those `only` picks. */
class Outage implements KyselyPlugin {
  down = false;
  only: ((node: RootOperationNode) => boolean) | undefined;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    if (this.down || this.only?.(args.node) === true) {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    }
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

/** The engine's read of pending events: the first statement after a change has committed. */
const readsPendingEvents = (node: RootOperationNode): boolean =>
  node.kind === 'SelectQueryNode' &&
  /"events"/.test(JSON.stringify(node)) &&
  /"pending"/.test(JSON.stringify(node));

async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`a database outage in process (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let t: TestApp;
    const outage = new Outage();
    let itemId = '';
    let replied = '';

    before(async () => {
      ({ store, cleanup } = await createTestStore(dialect));
      await migrateToLatest(store);
      t = await buildTestApp({ ...store, db: store.db.withPlugin(outage) }, cleanup);
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Outage', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Replied' }] },
      });
      replied = pipeline.body.stages[1].id;
      await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'reply', stageId: replied, eventType: 'chat.message' },
      });
      itemId = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: pipeline.body.id, title: 'Deal' },
        })
      ).body.id;
    });
    after(() => t.close());

    test('requests answer 503 problem documents with Retry-After while the database is unreachable', async () => {
      outage.down = true;
      try {
        for (const [method, url] of [
          ['GET', '/api/v1/items'],
          ['POST', '/api/v1/events'],
        ] as const) {
          const response = await t.app.inject({
            method,
            url,
            headers: { authorization: `Bearer ${t.tokens.admin}` },
            ...(method === 'POST' && {
              payload: { id: 'e-503', type: 'chat.message', subject: { itemId }, data: { text: 'hi' } },
            }),
          });
          assert.equal(response.statusCode, 503, `${method} ${url}: ${response.body}`);
          assert.match(String(response.headers['content-type']), /application\/problem\+json/);
          assert.match(String(response.headers['retry-after']), /^\d+$/);
          const problem = JSON.parse(response.body);
          assert.equal(problem.code, 'database_unavailable');
          assert.equal(problem.status, 503);
          assert.equal(problem.title, 'Service unavailable');
        }
        const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
        assert.equal(ready.statusCode, 503);
        assert.match(String(ready.headers['retry-after']), /^\d+$/);
      } finally {
        outage.down = false;
      }
      assert.equal((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    });

    test('an event left pending by a call that lost the database is processed once it is back, without another call', async () => {
      // Stored (acknowledged) but not processed yet, as when the database went away in between.
      const now = t.clock.now();
      await new EventsRepository(store.db).insert(
        {
          id: 'e-left',
          type: 'chat.message',
          source: 'test',
          occurredAt: now,
          subject: { itemId },
          data: {},
        },
        now,
      );
      outage.down = true;
      assert.equal(await t.automation.engine.processPending(), 0);
      outage.down = false;
      await eventually('the event to be processed', async () => {
        const event = await store.db
          .selectFrom('events')
          .select('status')
          .where('id', '=', 'e-left')
          .executeTakeFirst();
        return event?.status === 'processed';
      });
      const item = await store.db
        .selectFrom('items')
        .select('stageId')
        .where('id', '=', itemId)
        .executeTakeFirstOrThrow();
      assert.equal(item.stageId, replied);
    });

    test('a payment that committed before the database went away is answered 201, and its event is processed once it is back', async () => {
      outage.only = readsPendingEvents;
      let response: Awaited<ReturnType<typeof t.app.inject>>;
      try {
        response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/payments',
          headers: { authorization: `Bearer ${t.tokens.admin}` },
          payload: { itemId, amount: '10.00', reference: 'outage-payment' },
        });
        // The runner takes the payment's event up while the database is still away.
        assert.equal(await t.automation.engine.processPending(), 0);
      } finally {
        outage.only = undefined;
      }
      // Answering an error would make the client pay again; the payment is stored.
      assert.equal(response.statusCode, 201, response.body);
      const paymentId = JSON.parse(response.body).id;
      await eventually('the payment event to be processed', async () => {
        const pending = await store.db
          .selectFrom('events')
          .select('id')
          .where('status', '=', 'pending')
          .execute();
        return pending.length === 0;
      });
      const received = await store.db
        .selectFrom('events')
        .select('status')
        .where('type', '=', 'payment.received')
        .execute();
      assert.deepEqual(received, [{ status: 'processed' }]);
      const payments = await store.db
        .selectFrom('payments')
        .select('id')
        .where('reference', '=', 'outage-payment')
        .execute();
      assert.deepEqual(payments, [{ id: paymentId }]);
    });

    test('SQLite busy beyond its timeout answers 503 database_busy and changes nothing', {
      skip: dialect !== 'sqlite' && 'SQLite only',
    }, async () => {
      const path = (store.description.match(/^sqlite:(.*)$/) ?? [])[1] ?? '';
      const other = new DatabaseSync(path);
      other.exec('BEGIN IMMEDIATE');
      try {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/items',
          headers: { authorization: `Bearer ${t.tokens.admin}` },
          payload: {
            pipelineId: (await store.db.selectFrom('pipelines').select('id').executeTakeFirstOrThrow()).id,
            title: 'Busy',
          },
        });
        assert.equal(response.statusCode, 503, response.body);
        assert.equal(JSON.parse(response.body).code, 'database_busy');
        assert.match(String(response.headers['retry-after']), /^\d+$/);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      const busy = await store.db.selectFrom('items').select('id').where('title', '=', 'Busy').execute();
      assert.deepEqual(busy, []);
    });
  });
}
