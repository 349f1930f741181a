import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type {
  ActionPorts,
  ItemChangesInput,
  NewActivityInput,
  NewNotificationInput,
  NewTaskInput,
  RobotTaskScope,
} from '../../src/automation/actions/action-ports.ts';
import type {
  ActionContext,
  ActionDefinition,
  ActionEngine,
  ActionValidationContext,
} from '../../src/automation/actions/define-action.ts';
import { createTemplateEngine } from '../../src/automation/templates/template-engine.ts';
import type { FieldProblem } from '../../src/domain/errors.ts';
import type { FactScope, Facts } from '../../src/domain/facts.ts';
import type { Item, NewTimelineEntry } from '../../src/domain/item.ts';
import { DEFAULT_NOTIFICATION_PREFERENCES } from '../../src/domain/notification-preferences.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import type { Pipeline } from '../../src/domain/pipeline.ts';
import type { Robot } from '../../src/domain/rules.ts';
import type { Run } from '../../src/domain/run.ts';
import { DEFAULT_CALENDAR, type User } from '../../src/domain/user.ts';

/**
 * An in-memory ActionContext for the actions' unit tests: the ports record what actions write,
 * templates are the real sandboxed engine, and time stands still at NOW (a Friday, 12:00 UTC).
 */
export const NOW = new Date('2026-03-06T12:00:00.000Z');

const STAGES = [
  { id: 'stage-info', name: 'Info letter', semantics: 'open' },
  { id: 'stage-proposal', name: 'Proposal', semantics: 'open' },
  { id: 'stage-won', name: 'Won', semantics: 'won' },
] as const;

export const SALES: Pipeline = {
  id: 'pipeline-sales',
  name: 'Sales',
  entityType: 'deal',
  settings: {},
  stages: STAGES.map((stage, index) => ({
    ...stage,
    pipelineId: 'pipeline-sales',
    sort: (index + 1) * 100,
    color: null,
  })),
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  version: 1,
};

export function testUser(id: string, overrides: Partial<User> = {}): User {
  return {
    id,
    name: id.charAt(0).toUpperCase() + id.slice(1),
    email: `${id}@example.com`,
    role: 'manager',
    supervisorId: null,
    department: null,
    timeZone: 'UTC',
    calendar: DEFAULT_CALENDAR,
    active: true,
    hasPassword: false,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    version: 1,
    ...overrides,
  };
}

export interface World {
  readonly users?: readonly User[];
  readonly item?: Partial<Item>;
  /** Data of the event that caused the stage entry (`event.data.*`). */
  readonly eventData?: Readonly<Record<string, unknown>>;
  /** What `openItemCounts` answers per user; others count 0. */
  readonly openItems?: Readonly<Record<string, number>>;
  readonly moveOutcome?: { moved: boolean; refusedBy?: string };
  /** The default region phone numbers are read in. Default: none. */
  readonly phoneRegion?: string;
}

export interface Recorded {
  readonly tasks: NewTaskInput[];
  readonly activities: NewActivityInput[];
  readonly notifications: { userId: string; title: string; body: string; itemId?: string | null }[];
  readonly itemUpdates: { id: string; changes: ItemChangesInput; expectedVersion: number | undefined }[];
  readonly timeline: NewTimelineEntry[];
  readonly completions: { itemId: string; scope: RobotTaskScope }[];
  readonly moves: { itemId: string; toStageId: string }[];
  readonly creates: Parameters<ActionEngine['createItem']>[0][];
  readonly documents: Parameters<ActionEngine['createDocument']>[0][];
}

export function fakeActionContext(world: World = {}): { ctx: ActionContext; recorded: Recorded } {
  const users = new Map((world.users ?? []).map((user) => [user.id, user]));
  const item: Item = {
    id: 'item-1',
    pipelineId: SALES.id,
    stageId: 'stage-proposal',
    title: 'Boilers for Romashka',
    amount: '150000.00',
    currency: 'RUB',
    paidAmount: '0.00',
    contactId: 'contact-1',
    responsibleId: null,
    fields: {},
    stageEnteredAt: NOW.toISOString(),
    stageEntryId: 'entry-1',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    version: 3,
    ...world.item,
  };
  const responsible = item.responsibleId === null ? undefined : users.get(item.responsibleId);
  const supervisor = responsible?.supervisorId == null ? undefined : users.get(responsible.supervisorId);
  const recorded: Recorded = {
    tasks: [],
    activities: [],
    notifications: [],
    itemUpdates: [],
    timeline: [],
    completions: [],
    moves: [],
    creates: [],
    documents: [],
  };
  let sequence = 0;
  const nextId = (prefix: string) => {
    sequence += 1;
    return `${prefix}-${sequence}`;
  };
  const stamps = { createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), version: 1 };
  const tx: ActionPorts = {
    itemFiles: { findWithContent: async () => undefined },
    documents: {
      find: async () => undefined,
      latestOfKind: async () => undefined,
      rendering: async () => undefined,
    },
    documentTemplates: { find: async () => undefined, defaultOf: async () => undefined },
    users: { find: async (id: string) => users.get(id) },
    contacts: { find: async () => undefined },
    events: { insert: async () => true },
    approvals: {
      create: async () => {
        throw new Error('approvals are tested against the store (test/engine/approvals.test.ts)');
      },
    },
    tasks: {
      async create(input: NewTaskInput) {
        recorded.tasks.push(input);
        return {
          ...stamps,
          id: nextId('task'),
          itemId: input.itemId ?? null,
          title: input.title,
          description: input.description ?? null,
          responsibleId: input.responsibleId ?? null,
          observerIds: [...(input.observerIds ?? [])],
          deadline: input.deadline?.toISOString() ?? null,
          status: 'new',
          stageId: input.stageId ?? null,
          createdByRobotId: input.createdByRobotId ?? null,
          createdByUserId: input.createdByUserId ?? null,
          completedAt: null,
        };
      },
      async completeCreatedByRobots(itemId: string, scope: RobotTaskScope) {
        recorded.completions.push({ itemId, scope });
        return ['task-a', 'task-b'];
      },
    },
    activities: {
      async create(input: NewActivityInput) {
        recorded.activities.push(input);
        return {
          ...stamps,
          id: nextId('activity'),
          itemId: input.itemId ?? null,
          type: input.type,
          subject: input.subject,
          description: input.description ?? null,
          dueAt: input.dueAt?.toISOString() ?? null,
          responsibleId: input.responsibleId ?? null,
          status: 'planned',
          autoComplete: input.autoComplete ?? false,
          stageId: input.stageId ?? null,
          createdByRobotId: input.createdByRobotId ?? null,
          createdByUserId: input.createdByUserId ?? null,
          completedAt: null,
        };
      },
    },
    notifications: {
      async preferencesOf() {
        return DEFAULT_NOTIFICATION_PREFERENCES;
      },
      async create({ kind, link, email, ...input }: NewNotificationInput) {
        recorded.notifications.push(input);
        return {
          ...input,
          id: nextId('notification'),
          itemId: input.itemId ?? null,
          readAt: null,
          read: false,
          createdAt: stamps.createdAt,
          kind: kind ?? 'other',
          link: link ?? null,
          email:
            email === undefined
              ? null
              : { mode: email.mode, status: 'pending', attempts: 0, lastError: null, sentAt: null },
        };
      },
    },
    itemWrites: {
      async update(id: string, changes: ItemChangesInput, expectedVersion: number | undefined) {
        recorded.itemUpdates.push({ id, changes, expectedVersion });
        return { ...item, ...changes, version: item.version + 1 };
      },
      async openItemCounts(_pipelineId: string, userIds: readonly string[]) {
        return new Map(userIds.map((id) => [id, world.openItems?.[id] ?? 0]));
      },
    },
    timeline: {
      async add(entry: NewTimelineEntry) {
        recorded.timeline.push(entry);
        return {
          id: nextId('entry'),
          itemId: entry.itemId,
          kind: entry.kind,
          text: entry.text,
          data: entry.data ?? {},
          authorType: entry.author.type,
          authorId: entry.author.id,
          rootEventId: entry.rootEventId ?? null,
          createdAt: stamps.createdAt,
        };
      },
    },
  };
  const engine: ActionEngine = {
    async moveItem(itemId, toStageId) {
      recorded.moves.push({ itemId, toStageId });
      return world.moveOutcome ?? { moved: true };
    },
    async createItem(input) {
      recorded.creates.push(input);
      return {
        ...item,
        id: 'item-created',
        pipelineId: input.pipelineId,
        stageId: input.stageId ?? 'stage-entry',
      };
    },
    async createDocument(input) {
      recorded.documents.push(input);
      const document = {
        ...stamps,
        id: nextId('document'),
        itemId: item.id,
        kind: input.kind,
        number: 'DOC-1',
        amount: item.amount,
        currency: item.currency,
        status: 'draft' as const,
        templateId: input.templateId ?? 'default',
        language: input.language ?? 'en',
        sourceDocumentId: null,
      };
      return { document, ...(input.share === true && { sharePath: '/d/sfd_test' }) };
    },
  };
  const robot = { id: 'robot-1', pipelineId: SALES.id, stageId: item.stageId } as Robot;
  const run = { id: 'run-1', robotId: robot.id, stageId: item.stageId, rootEventId: 'event-root' } as Run;
  const ctx: ActionContext = {
    tx,
    item,
    facts: factsOf(item, responsible, supervisor, world.eventData),
    robot,
    run,
    responsible,
    supervisor,
    clock: { now: () => new Date(NOW.getTime()) },
    idempotencyKey: run.id,
    outside: {},
    abortSignal: new AbortController().signal,
    templates: createTemplateEngine({ clock: { now: () => NOW } }),
    engine,
    author: { type: 'robot', id: robot.id },
    phones: new PhoneNumbers(world.phoneRegion),
  };
  return { ctx, recorded };
}

function factsOf(
  item: Item,
  responsible: User | undefined,
  supervisor: User | undefined,
  eventData: Readonly<Record<string, unknown>> | undefined,
): Facts {
  const person = (user: User | undefined) => (user === undefined ? null : { id: user.id, name: user.name });
  return {
    item: {
      id: item.id,
      title: item.title,
      amount: Number(item.amount),
      currency: item.currency,
      fields: item.fields,
    },
    contact: { id: 'contact-1', name: 'Ivan Petrov', company: 'Romashka Ltd' },
    responsible: person(responsible),
    supervisor: person(supervisor),
    ...(eventData !== undefined && { event: { id: 'event-1', type: 'document.posted', data: eventData } }),
  };
}

/** The save-time context of a robot on SALES's Proposal stage; users named exist. */
export function validationContext(
  existingUsers: readonly string[] = [],
  scope: FactScope = {},
): ActionValidationContext {
  const templates = createTemplateEngine();
  return {
    pipeline: SALES,
    stageId: 'stage-proposal',
    scope,
    userExists: async (id) => existingUsers.includes(id),
    pipelineOf: async (id) => (id === SALES.id ? SALES : undefined),
    documentTemplateExists: async () => false,
    validateTemplate: (source, pointer) => templates.validate(source, scope, pointer),
  };
}

/** Pointers and messages of every check a robot's save makes on the params: schema, then `validate`. */
export async function paramProblems<S extends TSchema>(
  definition: ActionDefinition<S>,
  params: unknown,
  context = validationContext(),
): Promise<FieldProblem[]> {
  const pointer = '/body/action/params';
  if (!Value.Check(definition.params, params)) {
    return [...Value.Errors(definition.params, params)].map((error) => ({
      field: `${pointer}${error.instancePath}`,
      message: error.message,
    }));
  }
  return (await definition.validate?.(params, context, pointer)) ?? [];
}
