import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Clock } from '../../domain/clock.ts';
import type { DocumentLanguage } from '../../domain/documents/default-templates.ts';
import type { FieldProblem } from '../../domain/errors.ts';
import type { FactScope, Facts } from '../../domain/facts.ts';
import type { Author, Document, Item } from '../../domain/item.ts';
import type { PhoneNumbers } from '../../domain/phone-numbers.ts';
import type { Pipeline } from '../../domain/pipeline.ts';
import type { Robot } from '../../domain/rules.ts';
import type { Run } from '../../domain/run.ts';
import type { User } from '../../domain/user.ts';
import type { OutsidePorts } from '../outside-ports.ts';
import type { ActionPorts } from './action-ports.ts';

/** Renders Liquid templates over facts in a sandbox (see automation/templates). */
export interface TemplateRenderer {
  render(source: string, facts: Facts): Promise<string>;
  /** Renders HTML: every output is escaped unless the template says `| raw` (send_email's html). */
  renderHtml?(source: string, facts: Facts): Promise<string>;
}

/** The engine operations an action may start; they cascade (depth + 1) through the one move path. */
export interface ActionEngine {
  /** Moves the item through guards; a refusal is journaled and returned, not thrown. */
  moveItem(
    itemId: string,
    toStageId: string,
  ): Promise<{
    moved: boolean;
    refusedBy?: string | undefined;
    /** The stage entry the move made: an undo checks the item is still in it. */
    stageEntryId?: string | undefined;
  }>;
  /** Creates an item (it enters its stage, so that stage's robots are planned). */
  createItem(input: {
    pipelineId: string;
    stageId?: string | undefined;
    title: string;
    amountMinor?: number | undefined;
    currency?: string | undefined;
    contactId?: string | null | undefined;
    responsibleId?: string | null | undefined;
    fields?: Readonly<Record<string, unknown>> | undefined;
  }): Promise<Item>;
  /**
   * Makes a document of the item from its kind's template (see commands/issue-document.ts);
   * `share` also issues a share link, answered as its path `/d/{token}`.
   */
  createDocument(input: {
    kind: string;
    templateId?: string | undefined;
    language?: DocumentLanguage | undefined;
    fromKind?: string | undefined;
    share?: boolean | undefined;
  }): Promise<{ document: Document; sharePath?: string | undefined }>;
}

export interface ActionContext {
  /** Storage, on the run's transaction: internal actions commit atomically with the run's status. */
  readonly tx: ActionPorts;
  readonly item: Item;
  readonly facts: Facts;
  readonly robot: Robot;
  readonly run: Run;
  readonly responsible: User | undefined;
  readonly supervisor: User | undefined;
  readonly clock: Clock;
  /** Stable for every attempt of the run: outside effects use it to happen once. */
  readonly idempotencyKey: string;
  readonly abortSignal: AbortSignal;
  readonly templates: TemplateRenderer;
  readonly engine: ActionEngine;
  /** The robot, as the author of timeline entries. */
  readonly author: Author;
  /** Mail, HTTP: the outside world, for external actions. */
  readonly outside: OutsidePorts;
  /** Reads phone numbers in the default region (STAGEFLOW_DEFAULT_REGION). */
  readonly phones: PhoneNumbers;
}

/** What the action changed, in a form the journal can show ("taskId", "fields", ...). */
export interface ActionResult {
  readonly changes: Readonly<Record<string, unknown>>;
}

/** Checks made when a robot is saved, beyond the params schema. */
export interface ActionValidationContext {
  /** The robot's pipeline, with its stages. */
  readonly pipeline: Pipeline;
  readonly stageId: string;
  readonly scope: FactScope;
  readonly userExists: (id: string) => Promise<boolean>;
  readonly pipelineOf: (id: string) => Promise<Pipeline | undefined>;
  /** Whether a stored document template has this id. */
  readonly documentTemplateExists: (id: string) => Promise<boolean>;
  /** Validates a template param (syntax, tags, known fields). */
  readonly validateTemplate: (source: string, pointer: string) => FieldProblem[];
}

export interface ActionDefinition<S extends TSchema = TSchema, T extends string = string> {
  /** Stored in robots: never renamed, only added. */
  readonly type: T;
  readonly description: string;
  /** TypeBox schema of the params; unknown params are refused. */
  readonly params: S;
  /** Params that are Liquid templates (top-level names). */
  readonly templateParams: readonly string[];
  /** Whether the action reaches outside the CRM (mail, SMS, webhooks): runs outside the transaction. */
  readonly external: boolean;
  validate?(params: Static<S>, context: ActionValidationContext, pointer: string): Promise<FieldProblem[]>;
  run(params: Static<S>, context: ActionContext): Promise<ActionResult>;
}

export const defineAction = <S extends TSchema, const T extends string>(
  definition: ActionDefinition<S, T>,
): ActionDefinition<S, T> => definition;

/** An action whose params were checked against its schema: it runs with them as typed. */
export interface BoundAction {
  readonly definition: ActionDefinition;
  run(context: ActionContext): Promise<ActionResult>;
}

/**
 * Narrows stored params to the action's own type, once, where a run starts. Params were checked
 * when the robot was saved; params that no longer match (written past the API, or an action whose
 * schema changed) answer undefined instead of reaching the action.
 */
export function bindAction<S extends TSchema>(
  definition: ActionDefinition<S>,
  params: unknown,
): BoundAction | undefined {
  if (!Value.Check(definition.params, params)) return undefined;
  return { definition, run: (context) => definition.run(params, context) };
}
