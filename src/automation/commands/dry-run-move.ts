import { explainCondition } from '../../domain/conditions/explain-condition.ts';
import type { Item } from '../../domain/item.ts';
import type { Stage } from '../../domain/pipeline.ts';
import { buildFacts } from '../facts-builder.ts';
import type { MoveOutcome } from '../transition.ts';
import type { DryRunSession } from './dry-run-session.ts';
import type { DryRunGuard, DryRunMove } from './dry-run-types.ts';

/**
 * Every guard of the target stage on the item as it is before the move (the facts the engine's
 * move reads), each with its trace. The engine stops at the first that refuses; all are shown.
 */
export async function explainGuards(session: DryRunSession, item: Item, to: Stage): Promise<DryRunGuard[]> {
  const { facts } = await buildFacts(session.tx, item);
  return (await session.tx.rules.guardsOf(to.id)).map((guard) => {
    const trace = explainCondition(guard.condition, facts);
    return { guardId: guard.id, name: guard.name, passed: trace.matched, message: guard.message, trace };
  });
}

/** The move as the engine made it in the sandbox, with the guards it passed through. */
export function describeMove(
  from: Stage,
  to: Stage,
  guards: readonly DryRunGuard[],
  outcome: MoveOutcome['kind'],
  message: string | null,
): DryRunMove {
  return {
    fromStageId: from.id,
    fromStageName: from.name,
    toStageId: to.id,
    toStageName: to.name,
    outcome,
    message,
    guards,
  };
}
