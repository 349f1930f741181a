import type { Browser, Page } from 'playwright-core';
import { newPage, signInThroughUi, type UiServer } from './browser.ts';

/**
 * The pipeline the automation editor's browser tests open: four stages, two robots in the first,
 * two triggers in the second, a guard on the won stage and one item, with an admin and a viewer.
 */

export const PASSWORD = 'automation-test-password-1';

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
    const user = await server.api('POST', '/users', { name, email: `${role}@automation.example`, role });
    await server.api('PUT', `/users/${user.id}/password`, { password: PASSWORD });
    people.push(user.email as string);
  }
  const welcome = await server.api('POST', '/robots', {
    name: 'Welcome call',
    stageId: stages.new,
    action: { type: 'create_task', params: { title: 'Call {{ item.title }}' } },
  });
  const remind = await server.api('POST', '/robots', {
    name: 'Remind the supervisor',
    stageId: stages.new,
    timing: { kind: 'after', duration: 'P2D' },
    condition: { field: 'item.amount', op: 'gt', value: 1000 },
    action: {
      type: 'notify',
      params: { to: ['supervisor'], title: 'Still new: {{ item.title }}', body: '' },
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
  const page = await newPage(browser, { baseUrl: server.baseUrl, ...options });
  await signInThroughUi(page, server.baseUrl, email, PASSWORD);
  await page.goto(`${server.baseUrl}/automation/${fixture.pipelineId}`);
  await page.locator(`[data-robot-id="${fixture.robots.welcome}"]`).waitFor();
  return page;
}
