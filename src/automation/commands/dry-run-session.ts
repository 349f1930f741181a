import { notFound } from '../../domain/errors.ts';
import type { Item } from '../../domain/item.ts';
import type { TemplateValidator } from '../action-validation.ts';
import type { TemplateRenderer } from '../actions/define-action.ts';
import type { EngineContext } from '../engine-context.ts';
import type { RuleValidationDeps } from '../rule-validation.ts';
import type { Sandbox, SandboxTx } from '../sandbox.ts';
import type { DryRunMove, OutsideCall } from './dry-run-types.ts';
import { recordingOutside } from './outside-recorder.ts';

/** What a dry run is built from: the engine's parts, a sandbox instead of the store, and validation. */
export interface DryRunDeps extends Omit<EngineContext, 'store' | 'wake' | 'outside' | 'templates'> {
  readonly sandbox: Sandbox;
  /** The renderer runs use (text and HTML), which also checks templates as saving does. */
  readonly templates: Required<TemplateRenderer> & TemplateValidator;
  readonly validation: RuleValidationDeps;
}

/** One dry run in progress, inside its sandbox transaction. */
export interface DryRunSession {
  readonly deps: DryRunDeps;
  readonly tx: SandboxTx;
  /**
   * The engine as a dry run drives it: every step joins the sandbox transaction (a nested
   * `transaction` or `direct()` included, so nothing reaches the database outside it), nothing is
   * woken, and the outside world is a recorder.
   */
  readonly engine: EngineContext;
  /** Mail, SMS and HTTP the actions would send, in order. */
  readonly calls: OutsideCall[];
  readonly now: Date;
  /** The move a move_to_stage action made of the tried item, once it made one. */
  move: DryRunMove | null;
}

export function openSession(deps: DryRunDeps, tx: SandboxTx): DryRunSession {
  const calls: OutsideCall[] = [];
  const engine: EngineContext = {
    clock: deps.clock,
    ids: deps.ids,
    phones: deps.phones,
    defaultCurrency: deps.defaultCurrency,
    limits: deps.limits,
    templates: deps.templates,
    findAction: deps.findAction,
    random: deps.random,
    store: {
      transaction: (work) => work(tx),
      grouped: (work) => work(tx),
      direct: () => tx,
      isTransient: () => false,
    },
    // A run planned in the sandbox is rolled back: there is nothing to wake anyone for.
    wake: () => {},
    outside: recordingOutside(calls),
  };
  return { deps, tx, engine, calls, now: deps.clock.now(), move: null };
}

/** The item tried, locked until the sandbox ends (as a real move or run would lock it). */
export async function itemOrThrow(tx: SandboxTx, itemId: string): Promise<Item> {
  const item = await tx.items.findForUpdate(itemId);
  if (item === undefined) throw notFound('item', itemId);
  return item;
}
