import type {
  Guard,
  GuardDraft,
  RetryPolicy,
  Robot,
  RobotDraft,
  Trigger,
  TriggerDraft,
} from '../automation-types.ts';

/**
 * The drafts the rule dialogs edit: a saved rule's fields, or a new rule's starting values (the
 * server's own defaults, so a new rule saved untouched means what the API documents).
 */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialDelay: 'PT30S', maxDelay: 'PT1H' };

export function robotDraft(robot: Robot | undefined, stageId: string, actionType = ''): RobotDraft {
  if (robot !== undefined) {
    const { name, action, timing, condition, afterPrevious, repeat, retry, enabled } = robot;
    const actAs = robot.actAs ?? null;
    return {
      name,
      stageId: robot.stageId,
      action,
      timing,
      condition,
      afterPrevious,
      repeat,
      retry,
      actAs,
      enabled,
    };
  }
  return {
    name: '',
    stageId,
    action: { type: actionType, params: {} },
    timing: { kind: 'immediately' },
    condition: null,
    afterPrevious: false,
    repeat: 'every-entry',
    retry: DEFAULT_RETRY,
    actAs: null,
    enabled: true,
  };
}

export function triggerDraft(trigger: Trigger | undefined, stageId: string, eventType = ''): TriggerDraft {
  if (trigger !== undefined) {
    const { name, eventType: type, filter, condition, allowBackward, enabled } = trigger;
    const actAs = trigger.actAs ?? null;
    return {
      name,
      stageId: trigger.stageId,
      eventType: type,
      filter,
      condition,
      allowBackward,
      actAs,
      enabled,
    };
  }
  return {
    name: '',
    stageId,
    eventType,
    filter: null,
    condition: null,
    allowBackward: false,
    actAs: null,
    enabled: true,
  };
}

export function guardDraft(guard: Guard | undefined, stageId: string): GuardDraft {
  if (guard !== undefined) {
    const { name, condition, message, enabled } = guard;
    return { name, stageId: guard.stageId, condition, message, enabled };
  }
  return { name: '', stageId, condition: { all: [] }, message: '', enabled: true };
}

/** The body of POST (a new rule, with its pipeline) or PATCH (with the version it was read at). */
export function saveBody<D extends { readonly stageId: string }>(
  draft: D,
  pipelineId: string,
  version: number | undefined,
): Readonly<Record<string, unknown>> {
  return version === undefined ? { ...draft, pipelineId } : { ...draft, version };
}
