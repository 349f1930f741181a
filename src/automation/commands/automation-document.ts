import type { StageSemantics } from '../../domain/pipeline.ts';
import type { RepeatMode, RetryPolicy } from '../../domain/rules.ts';
import { isSecretName } from '../../domain/secrets.ts';

/**
 * A pipeline's whole automation as one JSON document, to keep in version control and to move
 * between workspaces: rules name stages by `stageKey` and users by `userEmail`, never by ids, and
 * secrets are left out (listed in `secretsOmitted`).
 */
export const AUTOMATION_FORMAT = 'stageflow.automation';
export const AUTOMATION_FORMAT_VERSION = 1;

export interface DocumentStage {
  readonly key: string;
  readonly name: string;
  readonly sort: number;
  readonly semantics: StageSemantics;
  readonly color: string | null;
}

export interface DocumentTrigger {
  readonly name: string;
  readonly stageKey: string;
  readonly eventType: string;
  readonly filter?: unknown;
  readonly condition?: unknown;
  readonly allowBackward?: boolean | undefined;
  readonly actAs?: DocumentActAs | undefined;
  readonly enabled?: boolean | undefined;
}

/** Who a rule acts as in a document: a user by email, so the file moves between workspaces. */
export type DocumentActAs =
  | 'responsible'
  | 'supervisor'
  | { readonly userEmail: string }
  | { readonly userId: string }
  | null;

export interface DocumentRobot {
  readonly name: string;
  readonly stageKey: string;
  readonly action: { readonly type: string; readonly params?: Readonly<Record<string, unknown>> | undefined };
  readonly timing?: unknown;
  readonly condition?: unknown;
  readonly afterPrevious?: boolean | undefined;
  readonly repeat?: RepeatMode | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  readonly actAs?: DocumentActAs | undefined;
  readonly enabled?: boolean | undefined;
}

export interface DocumentGuard {
  readonly name: string;
  readonly stageKey: string;
  readonly condition: unknown;
  readonly message: string;
  readonly enabled?: boolean | undefined;
}

export interface AutomationDocument {
  readonly format: typeof AUTOMATION_FORMAT;
  readonly version: typeof AUTOMATION_FORMAT_VERSION;
  readonly exportedAt?: string | undefined;
  readonly pipeline: {
    readonly name: string;
    readonly entityType: string;
    readonly stages: readonly DocumentStage[];
  };
  readonly triggers: readonly DocumentTrigger[];
  readonly robots: readonly DocumentRobot[];
  readonly guards: readonly DocumentGuard[];
  /** JSON pointers of the secrets the export left out; they must be set again after an import. */
  readonly secretsOmitted?: readonly string[] | undefined;
}

/** Stage keys from names: lower case, words joined by `-`, made unique with a number. */
export function stageKeys(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base =
      name
        .normalize('NFKD')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-+|-+$/g, '') || 'stage';
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
    used.add(key);
    return key;
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Params without their secrets (as maskSecrets finds them), and the pointers of those left out. */
export function withoutSecrets(
  params: Readonly<Record<string, unknown>>,
  pointer: string,
): { params: Record<string, unknown>; omitted: string[] } {
  const omitted: string[] = [];
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (isSecretName(name) && typeof value === 'string') {
      omitted.push(`${pointer}/${name}`);
    } else if (name === 'headers' && isRecord(value)) {
      const inner = withoutSecrets(value, `${pointer}/${name}`);
      kept[name] = inner.params;
      omitted.push(...inner.omitted);
    } else {
      kept[name] = value;
    }
  }
  return { params: kept, omitted };
}

/**
 * Params members that hold a list of user ids (change_responsible's `roundRobin`). In a document
 * each user of such a list is `{"userEmail": ...}`, as a single `{"userId"}` reference becomes;
 * an id whose user is gone stays as it is. A new action with a user-id list names it here
 * (automation-document.test.ts checks that every list of user ids among the actions is named).
 */
export const USER_ID_LISTS: ReadonlySet<string> = new Set(['roundRobin']);

/** A user named by email in a document. */
export interface EmailRef {
  readonly userEmail: string;
}

export const isEmailRef = (value: unknown): value is EmailRef =>
  isRecord(value) && Object.keys(value).length === 1 && typeof value['userEmail'] === 'string';

/** Every user id the params name: `{"userId"}` references and the members of USER_ID_LISTS. */
export function userIdsIn(params: unknown): Set<string> {
  const ids = new Set<string>();
  rewriteRefs(params, '', (key, child) => {
    if (key === 'userId' && typeof child === 'string') ids.add(child);
    if (USER_ID_LISTS.has(key) && Array.isArray(child)) {
      for (const id of child) if (typeof id === 'string') ids.add(id);
    }
    return undefined;
  });
  return ids;
}

/**
 * Rewrites references inside params, depth first: `{"userId": id}` objects and `stageId` members
 * go through `rewrite`, which answers the replacement entry or undefined to keep it.
 */
export function rewriteRefs(
  value: unknown,
  pointer: string,
  rewrite: (key: string, value: unknown, pointer: string) => [string, unknown] | undefined,
): unknown {
  if (Array.isArray(value))
    return value.map((entry, index) => rewriteRefs(entry, `${pointer}/${index}`, rewrite));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const at = `${pointer}/${key}`;
    const replaced = rewrite(key, child, at);
    if (replaced !== undefined) out[replaced[0]] = replaced[1];
    else out[key] = rewriteRefs(child, at, rewrite);
  }
  return out;
}
