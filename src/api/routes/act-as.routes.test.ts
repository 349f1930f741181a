import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp, type TestUser } from '../../../test/support/harness.ts';
import { sessionHeaders, signIn } from '../../../test/support/sign-in.ts';
import type { ActionDefinition } from '../../automation/actions/define-action.ts';
import { dryRun } from '../../automation/commands/dry-run.ts';
import type { TimelineEntry as StoredEntry } from '../../domain/item.ts';
import { dryRunDeps } from './dry-run.routes.ts';

interface PipelineBody {
  id: string;
  stages: { id: string; name: string }[];
}

interface TimelineEntry {
  kind: string;
  text: string;
  authorType: string;
  authorId: string | null;
}

/** A trigger or robot acting as a person: its moves and entries are theirs, the journal names the rule. */
for (const dialect of DIALECTS) {
  describe(`rules acting as a user (${dialect})`, () => {
    let t: TestApp;
    let deals: PipelineBody;
    let anna: TestUser;
    let boris: TestUser;
    let gone: TestUser;
    const stage = (index: number): string => {
      const found = deals.stages[index];
      assert.ok(found);
      return found.id;
    };

    before(async () => {
      t = await createTestApp(dialect);
      anna = await t.createUser({ role: 'manager', name: 'Anna Petrova', email: 'anna@example.test' });
      boris = await t.createUser({ role: 'manager', name: 'Boris Orlov', email: 'boris@example.test' });
      gone = await t.createUser({ role: 'manager', name: 'Former Employee', active: false });
      deals = (
        await t.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: {
            name: 'Deals',
            entityType: 'deal',
            stages: [{ name: 'New' }, { name: 'Contacted' }, { name: 'Proposal' }],
          },
        })
      ).body;
    });
    after(() => t.close());

    const timeline = async (itemId: string): Promise<TimelineEntry[]> =>
      (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}/timeline?limit=100` })).body.data;
    const journal = async (itemId: string): Promise<{ kind: string; message: string }[]> =>
      (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}/journal?limit=200` })).body.data;

    test('a user who does not exist or is not active is refused when the rule is saved', async () => {
      const count = async () => (await t.request({ method: 'GET', url: '/api/v1/robots' })).body.data.length;
      const before = await count();
      for (const [userId, message] of [
        ['no-such-user', /user no-such-user does not exist/],
        [gone.id, /user Former Employee \(.*\) is not active/],
      ] as const) {
        const robot = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: {
            name: 'Note',
            stageId: stage(0),
            actAs: { userId },
            action: { type: 'add_timeline_entry', params: { text: 'Hello' } },
          },
        });
        assert.equal(robot.status, 400, JSON.stringify(robot.body));
        assert.equal(robot.body.errors[0].field, '/body/actAs/userId');
        assert.match(robot.body.errors[0].message, message);
        const trigger = await t.request({
          method: 'POST',
          url: '/api/v1/triggers',
          body: { name: 'Chat', stageId: stage(1), eventType: 'chat.message', actAs: { userId } },
        });
        assert.equal(trigger.status, 400, JSON.stringify(trigger.body));
        assert.equal(trigger.body.errors[0].field, '/body/actAs/userId');
      }
      assert.equal(await count(), before);
    });

    test("a robot acting as a user writes the item's history and moves as that user", async () => {
      const note = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Welcome note',
          stageId: stage(1),
          actAs: { userId: anna.id },
          action: { type: 'add_timeline_entry', params: { text: 'Welcome aboard' } },
        },
      });
      assert.equal(note.status, 201, JSON.stringify(note.body));
      assert.deepEqual(note.body.actAs, { userId: anna.id });
      const mover = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'On to proposal',
          stageId: stage(1),
          actAs: { userId: anna.id },
          action: { type: 'move_to_stage', params: { stageId: stage(2) } },
        },
      });
      assert.equal(mover.status, 201, JSON.stringify(mover.body));

      const item = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: deals.id, title: 'Deal' },
        })
      ).body;
      await t.request({ method: 'POST', url: `/api/v1/items/${item.id}/move`, body: { stageId: stage(1) } });

      const entries = await timeline(item.id);
      const welcome = entries.find((entry) => entry.text === 'Welcome aboard');
      assert.deepEqual([welcome?.authorType, welcome?.authorId], ['user', anna.id]);
      const moved = entries.find(
        (entry) => entry.kind === 'stage_changed' && entry.text.endsWith('"Proposal"'),
      );
      assert.deepEqual([moved?.authorType, moved?.authorId], ['user', anna.id]);
      const record = (await journal(item.id)).find(
        (entry) => entry.kind === 'moved' && entry.message.includes('to "Proposal"'),
      );
      assert.match(record?.message ?? '', /robot "On to proposal" acting as Anna Petrova/);

      // Without actAs the robot is the author, as before.
      await t.request({ method: 'PATCH', url: `/api/v1/robots/${note.body.id}`, body: { actAs: null } });
      const other = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: deals.id, title: 'Other', stageId: stage(1) },
        })
      ).body;
      const plain = (await timeline(other.id)).find((entry) => entry.text === 'Welcome aboard');
      assert.deepEqual([plain?.authorType, plain?.authorId], ['robot', note.body.id]);
      await t.request({ method: 'DELETE', url: `/api/v1/robots/${note.body.id}` });
      await t.request({ method: 'DELETE', url: `/api/v1/robots/${mover.body.id}` });
    });

    test('a trigger acting as the responsible user moves the item as them', async () => {
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'Client wrote', stageId: stage(1), eventType: 'chat.message', actAs: 'responsible' },
      });
      assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
      assert.equal(trigger.body.actAs, 'responsible');
      const item = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: deals.id, title: 'Chat deal', responsibleId: boris.id },
        })
      ).body;
      const sent = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          id: `chat-${item.id}`,
          type: 'chat.message',
          subject: { itemId: item.id },
          data: { text: 'Hi' },
        },
      });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      const moved = (await timeline(item.id)).find((entry) => entry.kind === 'stage_changed');
      assert.deepEqual([moved?.authorType, moved?.authorId], ['user', boris.id]);
      const record = (await journal(item.id)).find(
        (entry) => entry.kind === 'moved' && entry.message.includes('Contacted'),
      );
      assert.match(record?.message ?? '', /trigger "Client wrote" acting as Boris Orlov/);
      await t.request({ method: 'DELETE', url: `/api/v1/triggers/${trigger.body.id}` });
    });

    test("a robot acting as a user creates its tasks and activities in that user's name, still as the robot's", async () => {
      const robot = async (name: string, action: unknown, actAs?: unknown) => {
        const saved = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: { name, stageId: stage(2), action, ...(actAs !== undefined && { actAs }) },
        });
        assert.equal(saved.status, 201, JSON.stringify(saved.body));
        return saved.body.id as string;
      };
      const call = await robot(
        'Call task',
        { type: 'create_task', params: { title: 'Call back' } },
        {
          userId: anna.id,
        },
      );
      const meeting = await robot(
        'Meeting',
        { type: 'schedule_activity', params: { type: 'meeting', subject: 'Demo' } },
        { userId: anna.id },
      );
      const plain = await robot('Plain task', { type: 'create_task', params: { title: 'Check the offer' } });
      const item = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: deals.id, title: 'Tasks deal', stageId: stage(2), responsibleId: boris.id },
        })
      ).body;

      const tasks = (await t.request({ method: 'GET', url: `/api/v1/tasks?itemId=${item.id}` })).body.data;
      const byTitle = (title: string) => tasks.find((task: { title: string }) => task.title === title);
      // The robot stays the creator complete_tasks looks for; the person is whom it acted as.
      assert.deepEqual(
        [byTitle('Call back')?.createdByRobotId, byTitle('Call back')?.createdByUserId],
        [call, anna.id],
      );
      assert.deepEqual(
        [byTitle('Check the offer')?.createdByRobotId, byTitle('Check the offer')?.createdByUserId],
        [plain, null],
      );
      const mine = (
        await t.request({ method: 'GET', url: `/api/v1/tasks?itemId=${item.id}&createdByUserId=${anna.id}` })
      ).body.data;
      assert.deepEqual(
        mine.map((task: { title: string }) => task.title),
        ['Call back'],
      );
      const activities = (await t.request({ method: 'GET', url: `/api/v1/activities?itemId=${item.id}` }))
        .body.data;
      assert.deepEqual(
        activities.map((activity: { createdByRobotId: string; createdByUserId: string | null }) => [
          activity.createdByRobotId,
          activity.createdByUserId,
        ]),
        [[meeting, anna.id]],
      );
      for (const id of [call, meeting, plain]) {
        await t.request({ method: 'DELETE', url: `/api/v1/robots/${id}` });
      }
    });

    test('a task or activity made by a signed-in user names them; one made with a token names nobody', async () => {
      const session = await signIn(t.app, boris.email, boris.password);
      const asBoris = { as: null, headers: sessionHeaders(session) } as const;
      const task = await t.request({
        method: 'POST',
        url: '/api/v1/tasks',
        body: { title: 'Prepare the contract' },
        ...asBoris,
      });
      assert.equal(task.status, 201, JSON.stringify(task.body));
      assert.equal(task.body.createdByUserId, boris.id);
      assert.equal(task.body.createdByRobotId, null);
      const activity = await t.request({
        method: 'POST',
        url: '/api/v1/activities',
        body: { type: 'call', subject: 'Ring the client' },
        ...asBoris,
      });
      assert.equal(activity.status, 201, JSON.stringify(activity.body));
      assert.equal(activity.body.createdByUserId, boris.id);
      // A later change by someone else leaves the creator as it was.
      const renamed = await t.request({
        method: 'PATCH',
        url: `/api/v1/tasks/${task.body.id}`,
        body: { title: 'Prepare the contract today' },
      });
      assert.equal(renamed.body.createdByUserId, boris.id);

      const byToken = await t.request({
        method: 'POST',
        url: '/api/v1/tasks',
        body: { title: 'Token task' },
      });
      assert.equal(byToken.body.createdByUserId, null);
      const plannedByToken = await t.request({
        method: 'POST',
        url: '/api/v1/activities',
        body: { type: 'todo', subject: 'Token activity' },
      });
      assert.equal(plannedByToken.body.createdByUserId, null);
      const named = await t.request({
        method: 'POST',
        url: '/api/v1/activities',
        body: { type: 'todo', subject: 'Not mine', createdByUserId: anna.id },
      });
      assert.equal(named.status, 400);
      assert.equal(named.body.errors[0].field, '/body/createdByUserId');
    });

    test('export names the user acted as by email, and import gives the rule back', async () => {
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Exported',
          stageId: stage(2),
          actAs: { userId: anna.id },
          action: { type: 'add_timeline_entry', params: { text: 'x' } },
        },
      });
      assert.equal(robot.status, 201);
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'Exported trigger', stageId: stage(2), eventType: 'chat.message', actAs: 'supervisor' },
      });
      assert.equal(trigger.status, 201);
      const document = (await t.request({ method: 'GET', url: `/api/v1/pipelines/${deals.id}/automation` }))
        .body;
      const exportedRobot = document.robots.find((rule: { name: string }) => rule.name === 'Exported');
      assert.deepEqual(exportedRobot.actAs, { userEmail: 'anna@example.test' });
      const exportedTrigger = document.triggers.find(
        (rule: { name: string }) => rule.name === 'Exported trigger',
      );
      assert.equal(exportedTrigger.actAs, 'supervisor');

      const imported = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines/import?name=Deals%20copy',
        body: document,
      });
      assert.equal(imported.status, 201, JSON.stringify(imported.body));
      const copyId = imported.body.pipeline.id;
      const robots = (await t.request({ method: 'GET', url: `/api/v1/robots?pipelineId=${copyId}` })).body
        .data;
      assert.deepEqual(robots.find((rule: { name: string }) => rule.name === 'Exported').actAs, {
        userId: anna.id,
      });
      const triggers = (await t.request({ method: 'GET', url: `/api/v1/triggers?pipelineId=${copyId}` })).body
        .data;
      assert.equal(
        triggers.find((rule: { name: string }) => rule.name === 'Exported trigger').actAs,
        'supervisor',
      );

      const unknown = structuredClone(document);
      unknown.robots.find((rule: { name: string }) => rule.name === 'Exported').actAs = {
        userEmail: 'nobody@example.test',
      };
      const refused = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines/import?name=Broken',
        body: unknown,
      });
      assert.equal(refused.status, 400);
      assert.match(
        JSON.stringify(refused.body.errors),
        /actAs\/userEmail","message":"no user has the email nobody@example.test/,
      );
    });

    test('a dry run of a robot acting as a user writes its sandbox history as that user, as its run would', async () => {
      const saved = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Noted by the owner',
          stageId: stage(2),
          actAs: 'responsible',
          action: { type: 'add_timeline_entry', params: { text: 'Checked' } },
        },
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const item = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: deals.id, title: 'Tried deal', responsibleId: boris.id },
        })
      ).body;

      const tried = await t.request({
        method: 'POST',
        url: '/api/v1/dry-run',
        body: { itemId: item.id, robotId: saved.body.id },
      });
      assert.equal(tried.status, 200, JSON.stringify(tried.body));
      assert.deepEqual(tried.body.runs[0].actingAs, { userId: boris.id, name: 'Boris Orlov' });
      const draft = await t.request({
        method: 'POST',
        url: '/api/v1/dry-run',
        body: {
          itemId: item.id,
          robot: {
            name: 'Draft note',
            stageId: stage(2),
            action: { type: 'add_timeline_entry', params: { text: 'Draft' } },
          },
        },
      });
      assert.equal(draft.status, 200, JSON.stringify(draft.body));
      assert.equal(draft.body.runs[0].actingAs, null);

      // The entry the action writes inside the sandbox, read as it is stored there.
      const deps = dryRunDeps(t.context);
      const written: StoredEntry[] = [];
      const watched = (definition: ActionDefinition): ActionDefinition => ({
        ...definition,
        run: (params, ctx) => {
          const timeline = {
            add: async (...args: Parameters<typeof ctx.tx.timeline.add>) => {
              const entry = await ctx.tx.timeline.add(...args);
              written.push(entry);
              return entry;
            },
          };
          const tx = new Proxy(ctx.tx, {
            get: (target, key) => (key === 'timeline' ? timeline : Reflect.get(target, key)),
          });
          return definition.run(params, { ...ctx, tx });
        },
      });
      const findAction = (type: string) => {
        const definition = deps.findAction(type);
        return definition === undefined ? undefined : watched(definition);
      };
      const result = await dryRun({ ...deps, findAction }, { itemId: item.id, robotId: saved.body.id });
      assert.equal(result.runs[0]?.action.error, null);
      assert.deepEqual(
        written.map((entry) => [entry.text, entry.authorType, entry.authorId]),
        [['Checked', 'user', boris.id]],
      );
      assert.equal((await timeline(item.id)).filter((entry) => entry.text === 'Checked').length, 0);
      await t.request({ method: 'DELETE', url: `/api/v1/robots/${saved.body.id}` });
    });

    test('a dry run of a trigger acting as the responsible user names them as the author of its move', async () => {
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'Client chatted', stageId: stage(1), eventType: 'chat.message', actAs: 'responsible' },
      });
      assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
      const item = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: deals.id, title: 'Tried chat deal', responsibleId: anna.id },
        })
      ).body;
      const tried = await t.request({
        method: 'POST',
        url: '/api/v1/dry-run',
        body: { itemId: item.id, triggerId: trigger.body.id },
      });
      assert.equal(tried.status, 200, JSON.stringify(tried.body));
      assert.equal(tried.body.move.outcome, 'moved');
      assert.deepEqual(tried.body.trigger.actingAs, { userId: anna.id, name: 'Anna Petrova' });
      await t.request({ method: 'DELETE', url: `/api/v1/triggers/${trigger.body.id}` });
    });
  });
}
