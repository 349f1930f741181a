import type { Guard, GuardDraft, Robot, RobotDraft, Trigger, TriggerDraft } from '../automation-types.ts';

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

/** The POST body that creates a copy of `ref` in `stageId` under `name` (ids, versions, sort left to the server). */
export function copyBody(
  ref: RuleRef,
  stageId: string,
  name: string,
): RobotDraft | TriggerDraft | GuardDraft {
  const common = { name, stageId, enabled: ref.rule.enabled };
  switch (ref.kind) {
    case 'robot': {
      const { action, timing, condition, afterPrevious, repeat, retry } = ref.rule;
      return { ...common, action, timing, condition, afterPrevious, repeat, retry };
    }
    case 'trigger': {
      const { eventType, filter, condition, allowBackward } = ref.rule;
      return { ...common, eventType, filter, condition, allowBackward };
    }
    case 'guard': {
      const { condition, message } = ref.rule;
      return { ...common, condition, message };
    }
  }
}
