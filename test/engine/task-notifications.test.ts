import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Mailer, OutgoingEmail } from '../../src/automation/outside-ports.ts';
import { createTestApp, DIALECTS, eventually, type TestApp, type TestUser } from '../support/harness.ts';
import { type SignedInSession, sessionHeaders, signIn } from '../support/sign-in.ts';

/**
 * A person hears about their tasks (notification kind `task`): a task someone else gave them, and
 * a task of theirs whose deadline passed, once. Not the tasks they gave themselves.
 */
for (const dialect of DIALECTS) {
  describe(`task notifications (${dialect})`, () => {
    let t: TestApp;
    let nina: TestUser;
    let oleg: TestUser;
    let ninaSession: SignedInSession;
    let olegSession: SignedInSession;
    let pipelineId: string;
    let stage: Record<string, string>;
    before(async () => {
      t = await createTestApp(dialect);
      nina = await t.createUser({ role: 'manager', name: 'Nina' });
      oleg = await t.createUser({ role: 'manager', name: 'Oleg' });
      ninaSession = await signIn(t.app, nina.email, nina.password);
      olegSession = await signIn(t.app, oleg.email, oleg.password);
      const created = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: ['New', 'Call'].map((name) => ({ name, semantics: 'open' })),
      });
      pipelineId = created.id;
      stage = Object.fromEntries(created.stages.map((s: { id: string; name: string }) => [s.name, s.id]));
      await post('/api/v1/robots', {
        name: 'call task',
        stageId: stage['Call'],
        // Acting as the responsible person, the robot still tells them about the task it made.
        actAs: 'responsible',
        action: { type: 'create_task', params: { title: 'Call {{ item.title }}' } },
      });
    });
    after(() => t.close());

    async function post(url: string, body: unknown, session?: SignedInSession) {
      const response = await t.request({
        method: 'POST',
        url,
        body,
        ...(session !== undefined && { as: null, headers: sessionHeaders(session) }),
      });
      assert.ok(response.status < 300, `${url}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    }
    async function patch(url: string, body: unknown, session?: SignedInSession) {
      const response = await t.request({
        method: 'PATCH',
        url,
        body,
        ...(session !== undefined && { as: null, headers: sessionHeaders(session) }),
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    }
    type Note = { kind: string; title: string; body: string; itemId: string | null; link: string | null };
    const taskNotes = async (user: TestUser) =>
      (
        (await t.request({ method: 'GET', url: `/api/v1/notifications?userId=${user.id}&limit=200` })).body
          .data as Note[]
      ).filter((note) => note.kind === 'task');
    const ofItem = (notes: readonly Note[], itemId: string) =>
      notes.filter((note) => note.itemId === itemId).map((note) => note.title);
    const inHours = (hours: number) => new Date(t.clock.now().getTime() + hours * 3_600_000).toISOString();
    const deal = (title: string, stageName = 'New') =>
      post('/api/v1/items', { pipelineId, stageId: stage[stageName], title, responsibleId: nina.id });

    test('a task given by another person tells its responsible, with its deadline and a link to its item', async () => {
      const item = await deal('Acme');
      const before = (await taskNotes(nina)).length;
      await post(
        '/api/v1/tasks',
        {
          itemId: item.id,
          title: 'Send the quote',
          responsibleId: nina.id,
          deadline: '2026-03-05T12:00:00Z',
        },
        olegSession,
      );
      const notes = await taskNotes(nina);
      assert.equal(notes.length, before + 1);
      const note = notes.find((candidate) => candidate.itemId === item.id);
      assert.equal(note?.title, 'New task for you: Send the quote');
      assert.match(note?.body ?? '', /^Deadline: 5 March 2026/);
      assert.equal(note?.itemId, item.id);
    });

    test('self-assigned: no notification, neither on creation nor when taking a task over', async () => {
      const item = await deal('Globex');
      const before = (await taskNotes(nina)).length;
      await post('/api/v1/tasks', { itemId: item.id, title: 'My own', responsibleId: nina.id }, ninaSession);
      const olegs = await post(
        '/api/v1/tasks',
        { itemId: item.id, title: 'Oleg first', responsibleId: oleg.id },
        olegSession,
      );
      await patch(`/api/v1/tasks/${olegs.id}`, { responsibleId: nina.id }, ninaSession);
      assert.equal((await taskNotes(nina)).length, before);
    });

    test('a responsible changed to someone by another person tells them once; other edits tell nobody', async () => {
      const item = await deal('Initech');
      const task = await post(
        '/api/v1/tasks',
        { itemId: item.id, title: 'Visit', responsibleId: oleg.id },
        olegSession,
      );
      const before = (await taskNotes(nina)).length;
      await patch(`/api/v1/tasks/${task.id}`, { responsibleId: nina.id }, olegSession);
      await patch(`/api/v1/tasks/${task.id}`, { title: 'Visit them' }, olegSession);
      const notes = await taskNotes(nina);
      assert.equal(notes.length, before + 1);
      assert.deepEqual(ofItem(notes, item.id), ['New task for you: Visit']);
    });

    test('an API token and a robot assign too; the text is in the person’s language', async () => {
      await t.request({
        method: 'PUT',
        url: `/api/v1/users/${oleg.id}/notification-preferences`,
        body: { language: 'ru' },
      });
      const item = await deal('Umbrella');
      await post('/api/v1/tasks', { itemId: item.id, title: 'Токен', responsibleId: oleg.id });
      assert.deepEqual(ofItem(await taskNotes(oleg), item.id), ['Вам поручена задача: Токен']);
      const before = (await taskNotes(nina)).length;
      await post(`/api/v1/items/${item.id}/move`, { stageId: stage['Call'] });
      const notes = await taskNotes(nina);
      assert.equal(notes.length, before + 1);
      assert.deepEqual(ofItem(notes, item.id), ['New task for you: Call Umbrella']);
    });

    test('overdue once: a task past its deadline tells its responsible one time', async () => {
      const item = await deal('Late');
      const task = await post('/api/v1/tasks', {
        itemId: item.id,
        title: 'Call back',
        responsibleId: oleg.id,
        deadline: inHours(2),
      });
      const loose = await post('/api/v1/tasks', {
        title: 'No item',
        responsibleId: oleg.id,
        deadline: inHours(2),
      });
      const overdue = async () =>
        (await taskNotes(oleg)).filter((note) => note.title.startsWith('Задача просрочена'));
      await t.advance('PT1H59M');
      assert.equal((await overdue()).length, 0);
      await t.advance('PT1M');
      const notes = await overdue();
      assert.deepEqual(notes.map((note) => note.title).sort(), [
        'Задача просрочена: Call back',
        'Задача просрочена: No item',
      ]);
      assert.equal(notes.find((note) => note.title.endsWith('Call back'))?.itemId, item.id);
      const free = notes.find((note) => note.title.endsWith('No item'));
      assert.equal(free?.link, '/tasks');
      assert.match(free?.body ?? '', /^Срок был /);
      await t.advance('P1D');
      assert.equal((await overdue()).length, 2, 'overdue once');
      await patch(`/api/v1/tasks/${task.id}`, { status: 'completed' });
      await patch(`/api/v1/tasks/${loose.id}`, { status: 'completed' });
      await t.advance('P1D');
      assert.equal((await overdue()).length, 2);
    });

    test('a task closed before its deadline is not announced as overdue', async () => {
      const item = await deal('In time');
      const task = await post('/api/v1/tasks', {
        itemId: item.id,
        title: 'Done in time',
        responsibleId: nina.id,
        deadline: inHours(1),
      });
      await patch(`/api/v1/tasks/${task.id}`, { status: 'completed' });
      await t.advance('PT2H');
      assert.equal((await taskNotes(nina)).filter((note) => note.title.startsWith('Task overdue')).length, 0);
    });
  });
}

/** A mailer that keeps what it was given. */
class KeptMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  async send(email: OutgoingEmail) {
    this.sent.push(email);
    return { transport: 'outbox' as const };
  }
}

/**
 * The mail of a task notification leaves with the started automation's mail loop, woken by the
 * change that notified: no drain and no clock move. On the manual clock an idle loop sleeps until
 * it is woken, so a change that forgot the wake-up shows as a timeout.
 */
for (const dialect of DIALECTS) {
  describe(`task notification mail of a started automation (${dialect})`, () => {
    const mailer = new KeptMailer();
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { outside: { mailer, publicUrl: 'http://crm.test' } });
    });
    after(() => t?.close());

    /** Through the API with nothing settled after it: the started automation does the rest. */
    async function call(method: 'POST' | 'PUT' | 'PATCH', url: string, body: object) {
      const response = await t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        payload: body,
      });
      assert.ok(response.statusCode < 300, `${url}: ${response.statusCode} ${response.body}`);
      return response.json();
    }
    const mailsTo = (user: TestUser) => mailer.sent.filter((m) => m.to.some((to) => to.includes(user.email)));

    test('a task created for a person, then given to another, mails each of them at once', async () => {
      const vera = await t.createUser({ role: 'manager', name: 'Vera' });
      const yuri = await t.createUser({ role: 'manager', name: 'Yuri' });
      for (const user of [vera, yuri]) {
        await call('PUT', `/api/v1/users/${user.id}/notification-preferences`, {
          email: { task: 'immediately' },
        });
      }
      await t.automation.start({ retention: false });
      const task = await call('POST', '/api/v1/tasks', {
        title: 'Send the contract',
        responsibleId: vera.id,
      });
      await eventually('Vera to be mailed', () => mailsTo(vera).length === 1, 20_000);
      await call('PATCH', `/api/v1/tasks/${task.id}`, { responsibleId: yuri.id });
      await eventually('Yuri to be mailed', () => mailsTo(yuri).length === 1, 20_000);
      assert.match(mailsTo(yuri)[0]?.subject ?? '', /Send the contract/);
      assert.equal(mailsTo(vera).length, 1);
    });
  });
}
