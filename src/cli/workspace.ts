import type { Role } from '../domain/roles.ts';

/**
 * The shape of an example workspace (examples/). Records name each other by local `key`s that the
 * loader turns into the ids the API hands out; stages are named by their `name` within the
 * scenario's pipeline. Keys are unique across the whole workspace.
 */

export interface ExampleUser {
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  /** Key of the supervisor, who must be listed before this user. */
  readonly supervisor?: string;
  readonly department?: string;
  /** IANA time zone. */
  readonly timeZone?: string;
}

export interface ExampleContact {
  readonly key: string;
  readonly name: string;
  readonly company?: string;
  readonly emails?: readonly string[];
  readonly phones?: readonly string[];
  /** Key of the responsible user. */
  readonly responsible?: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface ExampleStage {
  readonly name: string;
  readonly semantics?: 'open' | 'won' | 'lost';
  readonly color?: string;
}

export interface ExamplePipeline {
  readonly name: string;
  readonly entityType: string;
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly stages: readonly ExampleStage[];
}

export interface ExampleItem {
  readonly key: string;
  readonly title: string;
  /** The stage the item is created in. Default: the pipeline's first open stage. */
  readonly stage?: string;
  /** Stages the item then moves through, in order, so its timeline tells a story. */
  readonly moves?: readonly string[];
  /** Decimal string with up to two decimals, e.g. "150000.00". */
  readonly amount?: string;
  /** ISO 4217 code. Default: the API's default (USD). */
  readonly currency?: string;
  /** Key of the contact. */
  readonly contact?: string;
  /** Key of the responsible user. */
  readonly responsible?: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * A reference inside rule params, resolved by the loader: `{ stage: "Won" }` becomes the stage's
 * id, `{ user: "boris" }` the user's id. Any other value is sent as it is.
 */
export type ExampleParams = Readonly<Record<string, unknown>>;

export interface ExampleTrigger {
  readonly name: string;
  /** Name of the target stage. */
  readonly stage: string;
  readonly eventType: string;
  readonly filter?: unknown;
  readonly condition?: unknown;
  readonly allowBackward?: boolean;
}

export interface ExampleRobot {
  readonly name: string;
  /** Name of the stage whose entry starts the robot. */
  readonly stage: string;
  readonly action: { readonly type: string; readonly params: ExampleParams };
  readonly timing?: unknown;
  readonly condition?: unknown;
  readonly afterPrevious?: boolean;
  readonly repeat?: 'every-entry' | 'once-per-item';
}

export interface ExampleGuard {
  readonly name: string;
  readonly stage: string;
  readonly condition: unknown;
  readonly message: string;
}

/** One scenario of /work/shared/SCENARIOS.md: its pipeline, the contacts it needs, its items. */
export interface ExampleScenario {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  readonly contacts?: readonly ExampleContact[];
  readonly pipeline: ExamplePipeline;
  readonly triggers?: readonly ExampleTrigger[];
  readonly robots?: readonly ExampleRobot[];
  readonly guards?: readonly ExampleGuard[];
  readonly items?: readonly ExampleItem[];
}

/** People shared by every scenario: the sales team and some long-standing contacts. */
export interface ExamplePeople {
  readonly users: readonly ExampleUser[];
  readonly contacts?: readonly ExampleContact[];
}

export interface ExampleWorkspace {
  readonly people: ExamplePeople;
  readonly scenarios: readonly ExampleScenario[];
}
