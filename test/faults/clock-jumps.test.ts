import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { parseAllowList } from '../../src/channels/http/address-policy.ts';
import { SafeHttpSender } from '../../src/channels/http/safe-http-sender.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { WebhookReceiver } from '../channels/webhook-receiver.ts';
import { createPipeline } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, TEST_START, type TestApp } from '../support/harness.ts';
import { eventually, inject, type RunView, runsOf } from './fault-support.ts';

const HOUR = 3_600_000;
const allow = parseAllowList('127.0.0.1');
if ('problem' in allow) throw new Error(allow.problem);

/** A wall clock that an administrator (or NTP) may set forward and back. */
class WallClock extends ManualClock {
  #offset = 0;

  override now(): Date {
    return new Date(super.now().getTime() + this.#offset);
  }

  /** Sets the clock `ms` forward (or back, when negative) at once. */
  jump(ms: number): void {
    this.#offset += ms;
  }
}

/**
 * The wall clock jumps an hour forward, then back. Forward, the lease of a run the worker is
 * executing looks expired, and runs due within the hour fire; back, nothing that fired fires
 * again. No run runs twice, none is lost: the rest fire once their time comes.
 */
for (const dialect of DIALECTS) {
  describe(`the wall clock jumping (${dialect})`, () => {
    const clock = new WallClock(TEST_START);
    const receiver = new WebhookReceiver();
    let t: TestApp;
    let base: string;

    before(async () => {
      t = await createTestApp(dialect, { clock, outside: { http: new SafeHttpSender({ allow }) } });
      base = await receiver.listen();
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    async function stage(robots: { name: string; timing?: unknown; action: unknown }[]) {
      const pipeline = await createPipeline(t, ['Go']);
      const stageId = pipeline.stageIds[0] ?? '';
      for (const robot of robots) {
        const created = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: { ...robot, stageId },
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
      return { pipelineId: pipeline.id, stageId };
    }
    async function newItem(at: { pipelineId: string; stageId: string }, title: string): Promise<string> {
      const item = await inject(t, 'POST', '/api/v1/items', { ...at, title });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      return item.body.id;
    }
    const byRobot = async (itemId: string): Promise<Map<string, RunView>> => {
      const robots = (await inject(t, 'GET', '/api/v1/robots?limit=200')).body.data as {
        id: string;
        name: string;
      }[];
      const names = new Map(robots.map((robot) => [robot.id, robot.name]));
      return new Map((await runsOf(t, itemId)).map((run) => [names.get(run.robotId) ?? run.robotId, run]));
    };

    test('forward and back an hour: every run fires once, none is lost', async () => {
      const notes = await stage(
        [30, 90, 150].map((minutes) => ({
          name: `after ${minutes} minutes`,
          timing: { kind: 'after', duration: `PT${minutes}M` },
          action: { type: 'add_timeline_entry', params: { text: `${minutes} minutes later` } },
        })),
      );
      const calls = await stage([
        { name: 'call', action: { type: 'send_webhook', params: { url: `${base}/orders`, body: { a: 1 } } } },
      ]);
      const held: ServerResponse[] = [];
      receiver.answers.push((response) => held.push(response));
      await t.automation.start({ retention: false });
      const noted = await newItem(notes, 'Noted');
      const called = await newItem(calls, 'Called');
      await eventually('the webhook call', async () => receiver.received.length === 1);

      // Forward: the call's lease looks expired, and the 30-minute run is due.
      clock.jump(HOUR);
      t.automation.worker.wake();
      await eventually(
        'the 30-minute run',
        async () => (await byRobot(noted)).get('after 30 minutes')?.status === 'succeeded',
      );
      const [call] = await runsOf(t, called);
      assert.deepEqual(
        [call?.status, call?.attempts],
        ['running', 1],
        'the call under way is not started again',
      );
      assert.equal(receiver.received.length, 1);

      // Back: what fired stays done; the call finishes once.
      clock.jump(-HOUR);
      t.automation.worker.wake();
      held[0]?.writeHead(200).end('ok');
      await eventually(
        'the call to finish',
        async () => (await runsOf(t, called))[0]?.status === 'succeeded',
      );
      let runs = await byRobot(noted);
      assert.deepEqual([...runs.values()].map((run) => run.status).sort(), [
        'scheduled',
        'scheduled',
        'succeeded',
      ]);

      // Time goes on: the other runs fire when due, once.
      clock.advance(3 * HOUR);
      t.automation.worker.wake();
      await eventually('the other runs', async () =>
        [...(await byRobot(noted)).values()].every((run) => run.status === 'succeeded'),
      );
      runs = await byRobot(noted);
      assert.deepEqual(
        [...runs.values()].map((run) => run.attempts),
        [1, 1, 1],
      );
      const [done] = await runsOf(t, called);
      assert.deepEqual([done?.status, done?.attempts], ['succeeded', 1]);
      assert.equal(receiver.received.length, 1, 'one call');
      const timeline = await inject(t, 'GET', `/api/v1/items/${noted}/timeline`);
      const entries = timeline.body.data.filter((entry: { kind: string }) => entry.kind === 'robot_entry');
      assert.equal(entries.length, 3, 'one note per run');
    });
  });
}
