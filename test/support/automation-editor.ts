import type { Browser, Page } from 'playwright-core';
import type { UiServer } from './browser.ts';
import { createUserWithPassword, signedInPage } from './browser-suite.ts';

/**
 * The pipeline the automation editor's browser tests open: four stages, two robots in the first
 * (the second changed once after it was saved), two triggers in the second, a guard on the won
 * stage and one item, with an admin and a viewer.
 */

export const PASSWORD = 'automation-test-password-1';

/** The reminder's text: since when the deal waits, in the deal's own time zone (a custom field). */
const REMIND_BODY = 'In New since {{ item.stageEnteredAt | date: "%d.%m.%Y %H:%M", item.fields.timeZone }}';

export interface Fixture {
  readonly pipelineId: string;
  readonly stages: Record<'new' | 'proposal' | 'won' | 'lost', string>;
  readonly robots: Record<'welcome' | 'remind', string>;
  readonly admin: string;
  readonly viewer: string;
}

export async function setUp(server: UiServer): Promise<Fixture> {
  const pipeline = await server.api('POST', '/pipelines', {
    name: 'Wholesale',
    entityType: 'deal',
    stages: [
      { name: 'New', color: '#2453d6' },
      { name: 'Proposal sent' },
      { name: 'Won', semantics: 'won' },
      { name: 'Lost', semantics: 'lost' },
    ],
  });
  const [fresh, proposal, won, lost] = pipeline.stages.map((stage: { id: string }) => stage.id);
  const stages = { new: fresh, proposal, won, lost };
  const people = [];
  for (const [name, role] of [
    ['Ada Admin', 'admin'],
    ['Victor Viewer', 'viewer'],
  ] as const) {
    const user = await createUserWithPassword(
      server,
      { name, email: `${role}@automation.example`, role },
      PASSWORD,
    );
    people.push(user.email as string);
  }
  const welcome = await server.api('POST', '/robots', {
    name: 'Welcome call',
    stageId: stages.new,
    action: { type: 'create_task', params: { title: 'Call {{ item.title }}' } },
  });
  const remind = await server.api('POST', '/robots', {
    name: 'Remind',
    stageId: stages.new,
    timing: { kind: 'after', duration: 'P1D' },
    condition: { field: 'item.amount', op: 'gt', value: 1000 },
    action: {
      type: 'notify',
      params: { to: ['supervisor'], title: 'Still new: {{ item.title }}', body: '' },
    },
  });
  // Changed once after it was saved, so the reminder has a history of two versions to show.
  await server.api('PATCH', `/robots/${remind.id}`, {
    version: remind.version,
    name: 'Remind the supervisor',
    timing: { kind: 'after', duration: 'P2D' },
    action: {
      type: 'notify',
      params: { to: ['supervisor'], title: 'Still new: {{ item.title }}', body: REMIND_BODY },
    },
  });
  await server.api('POST', '/triggers', {
    name: 'Proposal opened',
    stageId: stages.proposal,
    eventType: 'email.opened',
  });
  await server.api('POST', '/triggers', {
    name: 'Long call',
    stageId: stages.proposal,
    eventType: 'call.completed',
    filter: { field: 'event.data.durationSeconds', op: 'gte', value: 60 },
  });
  await server.api('POST', '/guards', {
    name: 'Paid in full',
    stageId: stages.won,
    condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' },
    message: 'Only a fully paid deal is won',
  });
  await server.api('POST', '/items', {
    pipelineId: pipeline.id,
    stageId: stages.new,
    title: 'Alpha',
    amount: '5000',
    currency: 'EUR',
  });
  return {
    pipelineId: pipeline.id,
    stages,
    robots: { welcome: welcome.id, remind: remind.id },
    admin: people[0] as string,
    viewer: people[1] as string,
  };
}

export const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** The names of a column's robots, top to bottom. */
export const robotOrder = (page: Page, stageId: string) =>
  page.locator(`section[data-stage-id="${stageId}"] [data-robot-id] .rule-name`).allInnerTexts();

/** Signs in as `email` and opens the fixture pipeline's editor once its robots are shown. */
export async function openEditor(
  browser: Browser,
  server: UiServer,
  fixture: Fixture,
  email: string,
  options: { locale?: 'en' | 'ru'; viewport?: 'desktop' | 'phone' } = {},
): Promise<Page> {
  const page = await signedInPage(browser, server, email, PASSWORD, options);
  await page.goto(`${server.baseUrl}/automation/${fixture.pipelineId}`);
  await page.locator(`[data-robot-id="${fixture.robots.welcome}"]`).waitFor();
  return page;
}

export interface RecordItems {
  /** 500: below the reminder's condition, so its reminder is skipped. */
  readonly bravo: string;
  /** Its time zone field names no time zone, so its reminder's text cannot be written. */
  readonly charlie: string;
  /** Opens the proposal email and moves on before its reminder is due. */
  readonly delta: string;
}

/**
 * Gives the rules a record the way a working day does, on the real server: three more deals enter
 * New, Delta opens the proposal email (the trigger moves it on and its reminder is cancelled),
 * Bravo's short call does not match the "Long call" trigger, and two days later on the test clock
 * the reminder notifies for Alpha, is skipped for Bravo (500 is not over 1000) and fails for
 * Charlie, whose time zone field holds "Moscow" rather than an IANA name.
 */
export async function makeRecord(server: UiServer, fixture: Fixture): Promise<RecordItems> {
  // The reminder writes its text only when there is a supervisor to tell: Charlie's manager has one.
  const [admin] = (await server.api('GET', `/users?email=${encodeURIComponent(fixture.admin)}`)).data;
  const manager = await server.api('POST', '/users', {
    name: 'Mia Manager',
    email: 'manager@automation.example',
    role: 'manager',
    supervisorId: admin.id,
  });
  const deal = async (title: string, amount: string, more: Record<string, unknown> = {}) =>
    (
      await server.api('POST', '/items', {
        pipelineId: fixture.pipelineId,
        stageId: fixture.stages.new,
        title,
        amount,
        currency: 'EUR',
        ...more,
      })
    ).id as string;
  const items = {
    bravo: await deal('Bravo', '500'),
    charlie: await deal('Charlie', '8000', { responsibleId: manager.id, fields: { timeZone: 'Moscow' } }),
    delta: await deal('Delta', '3000'),
  };
  await server.api('POST', '/events', {
    id: 'record-proposal-opened',
    type: 'email.opened',
    subject: { itemId: items.delta },
    data: { subject: 'Our proposal' },
  });
  await server.api('POST', '/events', {
    id: 'record-short-call',
    type: 'call.completed',
    subject: { itemId: items.bravo },
    data: { phone: '+49 30 1234567', durationSeconds: 30 },
  });
  // The first step processes the two events; the second makes the reminders due and runs them.
  await server.api('POST', '/clock/advance', { by: 'PT1M' });
  await server.api('POST', '/clock/advance', { by: 'P2D' });
  return items;
}
