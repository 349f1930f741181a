import type { Actor, NewRevision, RevisionChange, RevisionRuleKind } from '../../domain/revisions.ts';
import { ACTION_TYPES, findAction } from '../actions/registry.ts';
import type { RuleTx } from '../rule-ports.ts';
import type { RuleValidationDeps } from '../rule-validation.ts';
import { createTemplateEngine } from '../templates/template-engine.ts';

/** Save-time validation only parses templates; it never renders, so one engine serves every command. */
const templates = createTemplateEngine();

/** Validation of rules against what the transaction sees (stages, pipelines, users). */
export function validationDeps(tx: RuleTx): RuleValidationDeps {
  return {
    lookup: {
      findStage: (id) => tx.pipelines.findStage(id),
      findPipeline: (id) => tx.pipelines.find(id),
      userExists: async (id) => (await tx.users.find(id)) !== undefined,
      documentTemplateExists: async (id) => (await tx.documentTemplates.find(id)) !== undefined,
      findUser: (id) => tx.users.find(id),
    },
    actions: { find: findAction, types: ACTION_TYPES },
    templates,
  };
}

/** A rule as a revision keeps it: the object as the API shows it, secrets as the rule stores them. */
export const snapshot = (rule: object): Readonly<Record<string, unknown>> =>
  JSON.parse(JSON.stringify(rule)) as Record<string, unknown>;

export interface RevisionNote {
  readonly ruleKind: RevisionRuleKind;
  readonly change: RevisionChange;
  readonly actor: Actor;
}

/**
 * Writes the revision of one change, in the change's own transaction: if either fails, neither
 * is kept, so the history never misses a change nor tells of one that did not happen.
 */
export function recordRevision(
  tx: RuleTx,
  now: Date,
  note: RevisionNote,
  change: {
    readonly ruleId: string;
    readonly pipelineId: string;
    readonly version: number;
    readonly before: object | null;
    readonly after: object | null;
  },
): Promise<unknown> {
  const revision: NewRevision = {
    ruleKind: note.ruleKind,
    change: note.change,
    actor: note.actor,
    ruleId: change.ruleId,
    pipelineId: change.pipelineId,
    version: change.version,
    before: change.before === null ? null : snapshot(change.before),
    after: change.after === null ? null : snapshot(change.after),
  };
  return tx.revisions.add(revision, now);
}
