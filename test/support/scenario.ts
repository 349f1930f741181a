import assert from 'node:assert/strict';
import { demoWorkspace } from '../../examples/index.ts';
import { injectClient } from '../../src/cli/api-client.ts';
import { loadWorkspace } from '../../src/cli/demo-loader.ts';
import type { TestApp } from './harness.ts';

/** A scenario of examples/ loaded through the API, with its ids looked up by example keys and names. */
export interface LoadedScenario {
  readonly pipelineId: string;
  stage(name: string): string;
  stageName(id: string): string | undefined;
  user(key: string): string;
  contact(key: string): string;
}

/**
 * Loads the shared people and one scenario's pipeline and rules (not its demo items, so tests
 * start from a clean pipeline) exactly as `stageflow demo` does.
 */
export async function loadScenario(t: TestApp, key: string): Promise<LoadedScenario> {
  const scenario = demoWorkspace.scenarios.find((s) => s.key === key);
  assert.ok(scenario, `scenario ${key} exists`);
  await loadWorkspace(injectClient(t.app, t.tokens.admin), {
    people: demoWorkspace.people,
    scenarios: [{ ...scenario, items: [] }],
  });
  const pipelines = await t.request({ method: 'GET', url: '/api/v1/pipelines?limit=200' });
  const pipeline = pipelines.body.data.find((p: { name: string }) => p.name === scenario.pipeline.name);
  const stages = new Map<string, string>(
    pipeline.stages.map((s: { id: string; name: string }) => [s.name, s.id]),
  );
  const users = new Map<string, string>();
  for (const user of demoWorkspace.people.users) {
    const found = await t.request({
      method: 'GET',
      url: `/api/v1/users?email=${encodeURIComponent(user.email)}`,
    });
    users.set(user.key, found.body.data[0].id);
  }
  const contacts = new Map<string, string>();
  for (const contact of [...(demoWorkspace.people.contacts ?? []), ...(scenario.contacts ?? [])]) {
    const found = await t.request({
      method: 'GET',
      url: `/api/v1/contacts?q=${encodeURIComponent(contact.name)}`,
    });
    contacts.set(contact.key, found.body.data[0].id);
  }
  const get = (map: Map<string, string>, what: string, name: string): string => {
    const id = map.get(name);
    assert.ok(id, `${what} "${name}" exists in scenario ${key}`);
    return id;
  };
  return {
    pipelineId: pipeline.id,
    stage: (name) => get(stages, 'stage', name),
    stageName: (id) => [...stages].find(([, value]) => value === id)?.[0],
    user: (userKey) => get(users, 'user', userKey),
    contact: (contactKey) => get(contacts, 'contact', contactKey),
  };
}
