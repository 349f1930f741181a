import assert from 'node:assert/strict';
import { databaseUrlOf } from '../fixtures/queue-runs.ts';
import { LONG } from '../support/e2e.ts';
import { createPipeline } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * The set-up of the fault tests with real `stageflow worker` processes. The test process plans
 * runs through the API of an in-process application whose manual clock stands at TEST_START and
 * never moves; the robots fire a minute after their stage is entered, which is long past by the
 * real clock the worker processes run on, and never reached by the test's clock. So the workers
 * execute every run, and the test process none.
 */

export const DIALECT = DIALECTS[0] ?? 'sqlite';

/** The reason to skip a case on SQLite: scale-out workers share the runs of one PostgreSQL database. */
export const NEEDS_POSTGRES =
  DIALECT !== 'postgres' && '"stageflow worker" needs PostgreSQL (run with DATABASE_URL set)';

export interface FaultApp {
  readonly t: TestApp;
  /** The database URL to give worker processes. */
  readonly databaseUrl: string;
}

export async function createFaultApp(): Promise<FaultApp> {
  const t = await createTestApp(DIALECT);
  return { t, databaseUrl: await databaseUrlOf(t.context.store) };
}

export interface RobotSpec {
  readonly name: string;
  readonly action: { readonly type: string; readonly params: Record<string, unknown> };
  readonly retry?: { maxAttempts: number; initialDelay: string; maxDelay: string };
}

/** A pipeline "Start" → "Go" whose robots on "Go" fire a minute after an item enters it. */
export async function pipelineWithRobots(
  t: TestApp,
  robots: readonly RobotSpec[],
): Promise<{ id: string; start: string; go: string }> {
  const pipeline = await createPipeline(t, ['Start', 'Go']);
  const [start, go] = pipeline.stageIds;
  assert.ok(start && go);
  for (const robot of robots) {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/robots',
      body: { ...robot, stageId: go, timing: { kind: 'after', duration: 'PT1M' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  return { id: pipeline.id, start, go };
}

/** Creates an item in "Start" and moves it to "Go", which plans the robots' runs. */
export async function enterGo(
  t: TestApp,
  pipeline: { id: string; start: string; go: string },
  title: string,
): Promise<string> {
  const item = await t.request({
    method: 'POST',
    url: '/api/v1/items',
    body: { pipelineId: pipeline.id, stageId: pipeline.start, title },
  });
  assert.equal(item.status, 201, JSON.stringify(item.body));
  const moved = await t.request({
    method: 'POST',
    url: `/api/v1/items/${item.body.id}/move`,
    body: { stageId: pipeline.go },
  });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  return item.body.id;
}

export interface RunView {
  readonly id: string;
  readonly robotId: string;
  readonly actionType: string;
  readonly status: string;
  readonly attempts: number;
}

export async function runsOf(t: TestApp, itemId: string): Promise<RunView[]> {
  return (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}` })).body.data;
}

/** The kinds of the item's journal entries about runs, oldest first. */
export async function runJournal(t: TestApp, itemId: string): Promise<string[]> {
  const kinds: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await t.request({
      method: 'GET',
      url: `/api/v1/items/${itemId}/journal?limit=200${cursor === undefined ? '' : `&cursor=${cursor}`}`,
    });
    for (const entry of page.body.data as { kind: string }[]) kinds.push(entry.kind);
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return kinds.filter((kind) => kind.startsWith('run_'));
}

/** How many times each value occurs. */
export function countOf<T>(values: readonly T[], value: T): number {
  return values.filter((entry) => entry === value).length;
}

/** A request straight to the application, without running what became due (the worker loop does). */
export async function inject(
  t: TestApp,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
): Promise<{ status: number; body: any }> {
  const response = await t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${t.tokens.admin}` },
    ...(body !== undefined && { payload: body as object }),
  });
  return { status: response.statusCode, body: response.body === '' ? undefined : JSON.parse(response.body) };
}

/** Polls `check` until it holds, within a generous bound (the worker loop runs in the background). */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  context: () => Promise<string> = async () => '',
): Promise<void> {
  const deadline = Date.now() + LONG;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}\n${await context()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
