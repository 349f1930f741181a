import type { Guard, Robot, Trigger } from '../automation-types.ts';

/** A rule with its kind, as the editor's menus and dialogs pass it around. */
export type RuleRef =
  | { readonly kind: 'robot'; readonly rule: Robot }
  | { readonly kind: 'trigger'; readonly rule: Trigger }
  | { readonly kind: 'guard'; readonly rule: Guard };

/** The collection of each kind in the API: /robots, /triggers, /guards. */
export const RULE_PATH = { robot: '/robots', trigger: '/triggers', guard: '/guards' } as const;

/**
 * The name a copy gets in its new stage: the same name when no rule of that kind there has it,
 * else "<name> <suffix>" ("(copy)"), numbered when that is taken too.
 */
export function copyName(name: string, taken: readonly string[], suffix: string): string {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  const first = `${name} ${suffix}`;
  if (!names.has(first)) return first;
  for (let n = 2; ; n++) {
    const numbered = `${name} ${suffix} ${n}`;
    if (!names.has(numbered)) return numbered;
  }
}

/** What POST /{robots,triggers,guards}/{id}/copy takes: the target stage, and a name only if not the rule's. */
export interface CopyRuleBody {
  readonly stageId: string;
  readonly name?: string;
}

/**
 * The request that copies `ref` into `stageId` under `name`. The server copies the stored rule, so
 * secrets the API shows masked (a webhook's signing secret) go with the copy; the name is sent only
 * when it differs from the rule's, that is when the rule's own name is taken in that stage.
 */
export function copyRequest(
  ref: RuleRef,
  stageId: string,
  name: string,
): { readonly path: string; readonly body: CopyRuleBody } {
  return {
    path: `${RULE_PATH[ref.kind]}/${ref.rule.id}/copy`,
    body: name === ref.rule.name ? { stageId } : { stageId, name },
  };
}
