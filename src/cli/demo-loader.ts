import { AppError } from '../domain/errors.ts';
import type { ApiClient, ApiResponse } from './api-client.ts';
import type { ExampleContact, ExampleItem, ExampleScenario, ExampleWorkspace } from './workspace.ts';

export interface LoadReport {
  readonly usersCreated: number;
  /** Users that already existed with the same email and were used as they are. */
  readonly usersReused: number;
  readonly contacts: number;
  readonly pipelines: number;
  readonly items: number;
  readonly moves: number;
}

export const DEMO_LOAD_FAILED = 'demo_load_failed';
export const DEMO_WORKSPACE_INVALID = 'demo_workspace_invalid';

/**
 * Loads an example workspace through the HTTP API, so the examples exercise the same validation
 * and rules as any client. The workspace is checked as a whole first (unique keys, known
 * references and stage names), so a broken example fails before anything is written. Any answer
 * other than 2xx stops the load with an error naming the record.
 */
export async function loadWorkspace(api: ApiClient, workspace: ExampleWorkspace): Promise<LoadReport> {
  checkWorkspace(workspace);
  const ids = new Map<string, string>();
  const idOf = (key: string | undefined): string | undefined =>
    key === undefined ? undefined : ids.get(key);
  let usersCreated = 0;
  let usersReused = 0;
  let contacts = 0;
  let items = 0;
  let moves = 0;

  for (const user of workspace.people.users) {
    const label = `user "${user.key}"`;
    const url = `/api/v1/users?email=${encodeURIComponent(user.email)}`;
    const existing = expectOk(label, 'GET', url, await api.send('GET', url));
    const found = existing.data?.[0]?.id;
    if (typeof found === 'string') {
      ids.set(user.key, found);
      usersReused++;
      continue;
    }
    const { key: _key, supervisor, ...fields } = user;
    const created = await post(api, label, '/api/v1/users', { ...fields, supervisorId: idOf(supervisor) });
    ids.set(user.key, created.id);
    usersCreated++;
  }

  const allContacts = [
    ...(workspace.people.contacts ?? []),
    ...workspace.scenarios.flatMap((s) => s.contacts ?? []),
  ];
  for (const contact of allContacts) {
    const { key: _key, responsible, ...fields } = contact;
    const created = await post(api, `contact "${contact.key}"`, '/api/v1/contacts', {
      ...fields,
      responsibleId: idOf(responsible),
    });
    ids.set(contact.key, created.id);
    contacts++;
  }

  for (const scenario of workspace.scenarios) {
    const pipeline = await post(
      api,
      `pipeline "${scenario.pipeline.name}" of scenario "${scenario.key}"`,
      '/api/v1/pipelines',
      scenario.pipeline,
    );
    const stageIds = new Map<string, string>(
      (pipeline.stages as { id: string; name: string }[]).map((stage) => [stage.name, stage.id]),
    );
    await loadRules(api, scenario, stageIds, ids);
    for (const item of scenario.items ?? []) {
      const { key: _key, stage, moves: path = [], contact, responsible, ...fields } = item;
      let current = await post(api, `item "${item.key}"`, '/api/v1/items', {
        ...fields,
        pipelineId: pipeline.id,
        stageId: stage === undefined ? undefined : stageIds.get(stage),
        contactId: idOf(contact),
        responsibleId: idOf(responsible),
      });
      items++;
      for (const target of path) {
        current = await post(
          api,
          `item "${item.key}" (move to "${target}")`,
          `/api/v1/items/${current.id}/move`,
          {
            stageId: stageIds.get(target),
            version: current.version,
          },
        );
        moves++;
      }
    }
  }
  return { usersCreated, usersReused, contacts, pipelines: workspace.scenarios.length, items, moves };
}

/** Triggers, guards and robots of a scenario, with stage and user references resolved. */
async function loadRules(
  api: ApiClient,
  scenario: ExampleScenario,
  stageIds: ReadonlyMap<string, string>,
  ids: ReadonlyMap<string, string>,
): Promise<void> {
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record['stage'] === 'string') return stageIds.get(record['stage']);
    if (keys.length === 1 && typeof record['user'] === 'string') return { userId: ids.get(record['user']) };
    return Object.fromEntries(keys.map((key) => [key, resolve(record[key])]));
  };
  const label = (kind: string, name: string) => `${kind} "${name}" of scenario "${scenario.key}"`;
  for (const { stage, ...trigger } of scenario.triggers ?? []) {
    await post(api, label('trigger', trigger.name), '/api/v1/triggers', {
      ...trigger,
      stageId: stageIds.get(stage),
    });
  }
  for (const { stage, ...guard } of scenario.guards ?? []) {
    await post(api, label('guard', guard.name), '/api/v1/guards', { ...guard, stageId: stageIds.get(stage) });
  }
  for (const { stage, action, ...robot } of scenario.robots ?? []) {
    await post(api, label('robot', robot.name), '/api/v1/robots', {
      ...robot,
      stageId: stageIds.get(stage),
      action: { type: action.type, params: resolve(action.params) },
    });
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the created record, read field by field
async function post(api: ApiClient, label: string, url: string, body: object): Promise<any> {
  // JSON has no undefined: drop unset references instead of sending nulls the API may refuse.
  const payload = JSON.parse(JSON.stringify(body));
  return expectOk(label, 'POST', url, await api.send('POST', url, payload));
}

// biome-ignore lint/suspicious/noExplicitAny: see post()
function expectOk(label: string, method: string, url: string, response: ApiResponse): any {
  if (response.status >= 200 && response.status < 300) return response.body;
  const problem = response.body as { detail?: string; errors?: { field: string; message: string }[] };
  const reasons = problem?.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
  const detail = reasons || problem?.detail || JSON.stringify(response.body);
  return failLoad(`Could not load ${label}: ${method} ${url} answered ${response.status}: ${detail}`, {
    status: response.status,
    problem: response.body,
  });
}

function failLoad(message: string, details: Record<string, unknown>): never {
  throw new AppError(DEMO_LOAD_FAILED, 'internal', message, { details, retryable: false });
}

/** Every key unique, every reference known, every stage named in its pipeline. */
export function checkWorkspace(workspace: ExampleWorkspace): void {
  const problems: string[] = [];
  const kinds = new Map<string, 'user' | 'contact' | 'item'>();
  const declare = (key: string, kind: 'user' | 'contact' | 'item') => {
    if (kinds.has(key)) problems.push(`key "${key}" is used twice`);
    kinds.set(key, kind);
  };
  const expect = (owner: string, key: string | undefined, kind: 'user' | 'contact') => {
    if (key !== undefined && kinds.get(key) !== kind) {
      problems.push(`${owner} names ${kind} "${key}", which is not defined before it`);
    }
  };

  for (const user of workspace.people.users) {
    expect(`user "${user.key}"`, user.supervisor, 'user');
    declare(user.key, 'user');
  }
  const contacts: ExampleContact[] = [
    ...(workspace.people.contacts ?? []),
    ...workspace.scenarios.flatMap((s) => s.contacts ?? []),
  ];
  for (const contact of contacts) {
    declare(contact.key, 'contact');
    expect(`contact "${contact.key}"`, contact.responsible, 'user');
  }
  for (const scenario of workspace.scenarios) {
    const stages = new Set(scenario.pipeline.stages.map((stage) => stage.name));
    const items: readonly ExampleItem[] = scenario.items ?? [];
    for (const item of items) {
      declare(item.key, 'item');
      expect(`item "${item.key}"`, item.contact, 'contact');
      expect(`item "${item.key}"`, item.responsible, 'user');
      for (const stage of [item.stage, ...(item.moves ?? [])]) {
        if (stage !== undefined && !stages.has(stage)) {
          problems.push(
            `item "${item.key}" names stage "${stage}", which pipeline "${scenario.pipeline.name}" lacks`,
          );
        }
      }
    }
    for (const [rule, stage] of ruleStages(scenario)) {
      if (!stages.has(stage)) {
        problems.push(`${rule} names stage "${stage}", which pipeline "${scenario.pipeline.name}" lacks`);
      }
    }
  }
  if (problems.length > 0) {
    throw new AppError(
      DEMO_WORKSPACE_INVALID,
      'invalid',
      `The demo workspace is broken: ${problems.join('; ')}`,
      {
        details: { problems },
      },
    );
  }
}

/** Every stage a scenario's rules name: their own stage and `{ stage }` references in params. */
function ruleStages(scenario: ExampleScenario): [string, string][] {
  const found: [string, string][] = [];
  const scan = (rule: string, value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (!Array.isArray(value) && Object.keys(record).length === 1 && typeof record['stage'] === 'string') {
      found.push([rule, record['stage']]);
      return;
    }
    for (const child of Object.values(record)) scan(rule, child);
  };
  for (const t of scenario.triggers ?? []) found.push([`trigger "${t.name}"`, t.stage]);
  for (const g of scenario.guards ?? []) found.push([`guard "${g.name}"`, g.stage]);
  for (const r of scenario.robots ?? []) {
    found.push([`robot "${r.name}"`, r.stage]);
    scan(`robot "${r.name}"`, r.action.params);
  }
  return found;
}
