import type { Item } from '../domain/item.ts';
import type { Robot } from '../domain/rules.ts';
import type { Run } from '../domain/run.ts';
import type { Acting } from './acting-as.ts';
import type { ActionContext, ActionEngine } from './actions/define-action.ts';
import { issueDocument } from './commands/issue-document.ts';
import { itemDocumentInput } from './commands/save-document.ts';
import type { EngineContext } from './engine-context.ts';
import type { FactsContext } from './facts-builder.ts';
import { createItemInTransaction } from './item-creation.ts';
import type { EngineTx } from './ports.ts';
import { moveInTransaction } from './transition.ts';

/** What an action is given for one run; a dry run builds it the same way. */
export function makeActionContext(
  context: EngineContext,
  tx: EngineTx,
  run: Run,
  robot: Robot,
  item: Item,
  facts: FactsContext,
  signal: AbortSignal,
  acting: Acting = { author: { type: 'robot', id: robot.id } },
): ActionContext {
  const cause = {
    rootEventId: run.rootEventId,
    depth: run.depth + 1,
    runId: run.id,
    eventId: run.causeEventId,
  };
  const { author, movedBy } = acting;
  const engine: ActionEngine = {
    async moveItem(itemId, toStageId) {
      const target = await tx.items.findForUpdate(itemId);
      if (target === undefined) return { moved: false, refusedBy: 'the item no longer exists' };
      const outcome = await moveInTransaction(context, tx, {
        item: target,
        toStageId,
        author,
        cause,
        manual: false,
        movedBy,
      });
      if (outcome.kind === 'moved') return { moved: true, stageEntryId: outcome.item.stageEntryId };
      if (outcome.kind === 'same_stage') return { moved: false };
      return { moved: false, refusedBy: outcome.message };
    },
    createItem: (input) => createItemInTransaction(context, tx, input, author, cause),
    async createDocument({ share, ...request }) {
      const input = await itemDocumentInput(tx, { ...request, itemId: item.id });
      const document = await issueDocument(context, tx, input, author, cause);
      if (share !== true) return { document };
      const token = await tx.documentShares.issueShareToken(document.id, context.clock.now(), null);
      return { document, sharePath: `/d/${token}` };
    },
  };
  return {
    tx,
    item,
    facts: facts.facts,
    robot,
    run,
    responsible: facts.responsible,
    supervisor: facts.supervisor,
    clock: context.clock,
    idempotencyKey: run.id,
    abortSignal: signal,
    templates: context.templates,
    engine,
    author,
    outside: context.outside ?? {},
    phones: context.phones,
  };
}
