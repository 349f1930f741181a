/**
 * The facts a condition or a template can read about an item, and their kinds. The engine builds
 * one `Facts` object per evaluation (see automation/facts-builder.ts); conditions, templates and
 * the save-time validation of triggers, robots and guards all name fields by these paths.
 */
export type FactKind = 'string' | 'number' | 'date' | 'boolean' | 'list' | 'any';

export const FACT_FIELDS = {
  'item.id': 'string',
  'item.title': 'string',
  /** Money in major units as a number (150000.5); exact decimal strings stay in the API. */
  'item.amount': 'number',
  'item.currency': 'string',
  'item.paidAmount': 'number',
  'item.pipelineId': 'string',
  'item.stageId': 'string',
  'item.responsibleId': 'string',
  'item.contactId': 'string',
  'item.stageEnteredAt': 'date',
  'item.createdAt': 'date',
  'contact.id': 'string',
  'contact.name': 'string',
  'contact.company': 'string',
  /** The first email and phone; `emails` and `phones` hold all of them. */
  'contact.email': 'string',
  'contact.phone': 'string',
  'contact.emails': 'list',
  'contact.phones': 'list',
  'responsible.id': 'string',
  'responsible.name': 'string',
  'responsible.email': 'string',
  'responsible.department': 'string',
  'responsible.timeZone': 'string',
  'supervisor.id': 'string',
  'supervisor.name': 'string',
  'supervisor.email': 'string',
  'stage.id': 'string',
  'stage.name': 'string',
  'stage.semantics': 'string',
  'stage.sort': 'number',
  'pipeline.id': 'string',
  'pipeline.name': 'string',
  'pipeline.entityType': 'string',
  /** Kinds of the item's documents (all, and those posted), e.g. ["quote", "order"]. */
  'documents.kinds': 'list',
  'documents.postedKinds': 'list',
  'documents.count': 'number',
  'payments.count': 'number',
  'payments.total': 'number',
  'event.id': 'string',
  'event.type': 'string',
  'event.occurredAt': 'date',
  /**
   * The task or activity a robot's run is timed against (timing `at` with `task.deadline` or
   * `activity.start`), as it is when the run fires. Only such robots read them (see WORK_ROOTS).
   */
  'task.id': 'string',
  'task.title': 'string',
  'task.description': 'string',
  'task.deadline': 'date',
  'task.status': 'string',
  /** A link to the task in the web UI (its item's page), absolute. */
  'task.url': 'string',
  'activity.id': 'string',
  'activity.subject': 'string',
  /** call, meeting, email or todo. */
  'activity.type': 'string',
  'activity.dueAt': 'date',
  'activity.description': 'string',
  'activity.url': 'string',
} as const satisfies Record<string, FactKind>;

export type FactField = keyof typeof FACT_FIELDS;

/** Open-ended roots: custom fields of items and contacts, and the data of the event. */
export const OPEN_FACT_PREFIXES = ['item.fields.', 'contact.fields.', 'event.data.'] as const;

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export interface FactScope {
  /**
   * The event data fields known for the rule's event type (top-level names), when the rule is
   * tied to one; undefined accepts any `event.data.*` name.
   */
  readonly eventDataFields?: readonly string[] | undefined;
  /** Whether `event.*` is readable at all (robots and guards may run without an event). */
  readonly hasEvent?: boolean;
  /**
   * The work the rule's runs are timed against, whose `task.*` or `activity.*` facts it may
   * read: a robot with timing `at` `task.deadline` or `activity.start`. Default: none.
   */
  readonly work?: WorkRoot | undefined;
}

/** The roots of the facts about the task or activity a run is timed against. */
export const WORK_ROOTS = ['task', 'activity'] as const;
export type WorkRoot = (typeof WORK_ROOTS)[number];

/** The work root a path belongs to (`task.title` → task), if it names one. */
export function workRootOf(path: string): WorkRoot | undefined {
  const root = path.split('.')[0];
  return WORK_ROOTS.find((candidate) => candidate === root);
}

/** Why `path` (of a work root) cannot be read in `scope`, or undefined when it can. */
export function explainWorkFact(path: string, scope: FactScope): string | undefined {
  const root = workRootOf(path);
  if (root === undefined || scope.work === root) return undefined;
  const timing =
    root === 'task' ? "a task's deadline (task.deadline)" : "an activity's start (activity.start)";
  return `"${path}": only a robot timed against ${timing} has a ${root} to read`;
}

/**
 * Why `path` is not a readable fact, or undefined when it is. Used when rules are saved, so a
 * typo is refused then instead of silently never matching.
 */
export function explainUnknownFact(path: string, scope: FactScope = {}): string | undefined {
  if (Object.hasOwn(FACT_FIELDS, path)) {
    if (path.startsWith('event.') && scope.hasEvent === false)
      return `"${path}": this rule runs without an event`;
    return explainWorkFact(path, scope);
  }
  const prefix = OPEN_FACT_PREFIXES.find((p) => path.startsWith(p));
  if (prefix === undefined) return `"${path}" is not a known field`;
  const rest = path.slice(prefix.length);
  if (!FIELD_NAME.test(rest)) return `"${path}" is not a valid field name`;
  if (prefix === 'event.data.') {
    if (scope.hasEvent === false) return `"${path}": this rule runs without an event`;
    const top = rest.split('.')[0] ?? '';
    if (scope.eventDataFields !== undefined && !scope.eventDataFields.includes(top)) {
      return `"${path}": the event has no field "${top}" (it has: ${scope.eventDataFields.join(', ') || 'none'})`;
    }
  }
  return undefined;
}

/** The facts about one item at one moment, as nested plain objects keyed like the paths above. */
export type Facts = Readonly<Record<string, unknown>>;

/** Reads a dotted path from facts; own properties only, so prototypes are never reachable. */
export function readFact(facts: Facts, path: string): unknown {
  let current: unknown = facts;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
