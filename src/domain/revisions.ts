/**
 * The history of automation rules: every change of a trigger, robot, guard or stage is one
 * revision with the rule before and after it and who made it, so a change can be read back and
 * restored. Stored kinds and changes are never renamed, only added.
 */
export const REVISION_RULE_KINDS = ['trigger', 'robot', 'guard', 'stage'] as const;
export type RevisionRuleKind = (typeof REVISION_RULE_KINDS)[number];

export const REVISION_CHANGES = ['created', 'updated', 'deleted', 'restored', 'imported'] as const;
export type RevisionChange = (typeof REVISION_CHANGES)[number];

/** Who made a change: a signed-in user, or an API token (then only its name is known). */
export interface Actor {
  readonly userId: string | null;
  readonly name: string;
}

export interface NewRevision {
  readonly ruleKind: RevisionRuleKind;
  readonly ruleId: string;
  readonly pipelineId: string;
  /**
   * The rule's version after the change (before it, for a deletion). Stages have no version of
   * their own: theirs is the pipeline's version, which every stage change bumps.
   */
  readonly version: number;
  readonly change: RevisionChange;
  /** The rule as it was; null before a creation. */
  readonly before: Readonly<Record<string, unknown>> | null;
  /** The rule as it became; null after a deletion. */
  readonly after: Readonly<Record<string, unknown>> | null;
  readonly actor: Actor;
}

export interface Revision extends NewRevision {
  readonly id: string;
  readonly at: string;
}

/** The state a restore brings back: what the change made, or for a deletion what it removed. */
export const restoredState = (revision: Revision): Readonly<Record<string, unknown>> | null =>
  revision.change === 'deleted' ? revision.before : revision.after;
