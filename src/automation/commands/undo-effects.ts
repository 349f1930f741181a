import { isDeepStrictEqual } from 'node:util';
import type { Item } from '../../domain/item.ts';
import type { Run } from '../../domain/run.ts';
import type { EngineTx } from '../ports.ts';
import { refusingGuard } from '../transition.ts';

/**
 * What undoing a run would do, read from what the run recorded (its `result`, the changes of its
 * action) and compared with the records as they are now. Each effect of the run is one of:
 *   undo         — it can be put back: the record still holds what the run wrote;
 *   refused      — putting it back would overwrite a later change (the field was changed since,
 *                  the item moved on, the task was completed or edited): the whole undo is refused;
 *   not_undoable — it cannot be taken back (mail sent, a webhook called) or is kept on purpose
 *                  (history entries, created items): listed, and it does not stop the undo.
 * Reading only: the same plan is shown as a preview and applied by the undo.
 */
export type UndoVerdict = 'undo' | 'refused' | 'not_undoable';

export type UndoEffectKind =
  | 'field'
  | 'responsible'
  | 'stage'
  | 'task'
  | 'activity'
  | 'outside'
  | 'record'
  | 'nothing';

export interface UndoEffect {
  readonly kind: UndoEffectKind;
  readonly verdict: UndoVerdict;
  /** What the effect is, for a person ("item.fields.region set to \"North\""). */
  readonly description: string;
  /** Why it is refused or not undoable. */
  readonly reason?: string | undefined;
  /** The field path, stage, task or activity the effect is about. */
  readonly target?: string | undefined;
  /** The value the run wrote, and the value an undo puts back. */
  readonly after?: unknown;
  readonly before?: unknown;
}

const OUTSIDE: Readonly<Record<string, string>> = {
  send_email: 'an email was sent; it cannot be called back',
  send_sms: 'an SMS was sent; it cannot be called back',
  send_webhook: 'a webhook was called; the receiver keeps what it got',
  notify: 'a notification was delivered; the user may have read it',
};

const KEPT: Readonly<Record<string, string>> = {
  add_timeline_entry: 'the item history keeps its entries',
  create_item: 'the created item stays; delete it by hand if it should go',
  create_document: 'the created document stays; cancel it by hand if it should go',
  complete_tasks: 'completed tasks stay completed; reopen them by hand if needed',
};

/** The effects of a succeeded run, each with its verdict, against the item as it is now. */
export async function planUndo(tx: EngineTx, run: Run, item: Item): Promise<UndoEffect[]> {
  const result = run.result ?? {};
  switch (run.actionType) {
    case 'update_fields':
    case 'change_responsible':
      return fieldEffects(result, item, run.actionType === 'change_responsible' ? 'responsible' : 'field');
    case 'move_to_stage':
      return [await moveEffect(tx, result, item)];
    case 'create_task':
      return [await taskEffect(tx, result)];
    case 'schedule_activity':
      return [await activityEffect(tx, result)];
  }
  const outside = OUTSIDE[run.actionType];
  if (outside !== undefined) {
    return [{ kind: 'outside', verdict: 'not_undoable', description: run.actionType, reason: outside }];
  }
  const kept = KEPT[run.actionType] ?? `${run.actionType} is not undone`;
  return [{ kind: 'record', verdict: 'not_undoable', description: run.actionType, reason: kept }];
}

/** The current value of a path `update_fields` or `change_responsible` reports as changed. */
export function currentValue(item: Item, path: string): unknown {
  if (path === 'item.title') return item.title;
  if (path === 'item.amount') return item.amount;
  if (path === 'item.responsibleId') return item.responsibleId;
  const name = path.slice('item.fields.'.length);
  return Object.hasOwn(item.fields, name) ? item.fields[name] : null;
}

const show = (value: unknown): string => (value === null ? 'empty' : JSON.stringify(value));

function fieldEffects(
  result: Readonly<Record<string, unknown>>,
  item: Item,
  kind: 'field' | 'responsible',
): UndoEffect[] {
  const paths = Array.isArray(result['fields']) ? (result['fields'] as unknown[]) : [];
  const before = record(result['before']);
  const after = record(result['after']);
  const effects: UndoEffect[] = [];
  for (const path of paths) {
    if (typeof path !== 'string' || !isUndoablePath(path)) continue;
    const wrote = after[path] ?? null;
    const was = before[path] ?? null;
    const now = currentValue(item, path);
    const description = `${path} set from ${show(was)} to ${show(wrote)}`;
    const base = { kind, target: path, before: was, after: wrote, description };
    if (isDeepStrictEqual(now, wrote)) effects.push({ ...base, verdict: 'undo' });
    else {
      const reason = `${path} was changed since: it is ${show(now)} now, the run set ${show(wrote)}`;
      effects.push({ ...base, verdict: 'refused', reason });
    }
  }
  if (effects.length === 0) {
    return [
      {
        kind: 'nothing',
        verdict: 'not_undoable',
        description: 'no value changed',
        reason: 'nothing to undo',
      },
    ];
  }
  return effects;
}

const isUndoablePath = (path: string): boolean =>
  ['item.title', 'item.amount', 'item.responsibleId'].includes(path) || path.startsWith('item.fields.');

const record = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

async function moveEffect(
  tx: EngineTx,
  result: Readonly<Record<string, unknown>>,
  item: Item,
): Promise<UndoEffect> {
  const fromStageId = String(result['fromStageId'] ?? '');
  const toStageId = String(result['toStageId'] ?? '');
  if (result['moved'] !== true) {
    const reason = 'the run did not move the item';
    return { kind: 'nothing', verdict: 'not_undoable', description: 'no move', reason };
  }
  const from = await tx.items.stageOf(fromStageId);
  const to = await tx.items.stageOf(toStageId);
  const toName = to?.name ?? toStageId;
  const fromName = from?.name ?? fromStageId;
  const base = {
    kind: 'stage' as const,
    target: fromStageId,
    before: fromStageId,
    after: toStageId,
    description: `moved from "${fromName}" to "${toName}"`,
  };
  if (item.stageId !== toStageId) {
    const now = await tx.items.stageOf(item.stageId);
    const reason = `the item moved on from "${toName}" since: it is in "${now?.name ?? item.stageId}" now`;
    return { ...base, verdict: 'refused', reason };
  }
  const entry = result['stageEntryId'];
  if (typeof entry === 'string' && entry !== item.stageEntryId) {
    return { ...base, verdict: 'refused', reason: `the item left "${toName}" and entered it again since` };
  }
  if (from === undefined) {
    return { ...base, verdict: 'refused', reason: `the stage ${fromStageId} was deleted since` };
  }
  const refusal = await refusingGuard(tx, item, from);
  if (refusal !== undefined) {
    const reason = `guard "${refusal.guard.name}" of "${fromName}" refuses the item now: ${refusal.guard.message}`;
    return { ...base, verdict: 'refused', reason };
  }
  return { ...base, verdict: 'undo' };
}

async function taskEffect(tx: EngineTx, result: Readonly<Record<string, unknown>>): Promise<UndoEffect> {
  const id = String(result['taskId'] ?? '');
  const task = await tx.tasks.find(id);
  if (task === undefined) {
    const reason = 'the task was deleted since: nothing is left to undo';
    return { kind: 'task', verdict: 'not_undoable', target: id, description: `task ${id} created`, reason };
  }
  const base = { kind: 'task' as const, target: id, description: `task "${task.title}" created` };
  if (task.status === 'completed')
    return { ...base, verdict: 'refused', reason: 'the task was completed since' };
  if (task.status === 'cancelled') {
    return { ...base, verdict: 'not_undoable', reason: 'the task was cancelled already' };
  }
  // Runs from before versions were recorded created their tasks at version 1.
  const created = typeof result['taskVersion'] === 'number' ? result['taskVersion'] : 1;
  if (task.version !== created) return { ...base, verdict: 'refused', reason: 'the task was edited since' };
  return { ...base, verdict: 'undo', before: 'cancelled', after: task.status };
}

async function activityEffect(tx: EngineTx, result: Readonly<Record<string, unknown>>): Promise<UndoEffect> {
  const id = String(result['activityId'] ?? '');
  const activity = await tx.activities.find(id);
  if (activity === undefined) {
    const reason = 'the activity was deleted since: nothing is left to undo';
    return {
      kind: 'activity',
      verdict: 'not_undoable',
      target: id,
      description: `activity ${id} planned`,
      reason,
    };
  }
  const base = {
    kind: 'activity' as const,
    target: id,
    description: `activity "${activity.subject}" planned`,
  };
  if (activity.status === 'completed') {
    return { ...base, verdict: 'refused', reason: 'the activity was completed since' };
  }
  if (activity.status === 'cancelled') {
    return { ...base, verdict: 'not_undoable', reason: 'the activity was cancelled already' };
  }
  const created = typeof result['activityVersion'] === 'number' ? result['activityVersion'] : 1;
  if (activity.version !== created) {
    return { ...base, verdict: 'refused', reason: 'the activity was edited since' };
  }
  return { ...base, verdict: 'undo', before: 'cancelled', after: activity.status };
}
