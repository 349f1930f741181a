import type { Kysely, Selectable } from 'kysely';
import { conflict, invalid, notFound } from '../../domain/errors.ts';
import { SORT_STEP, type Stage, type StageSemantics } from '../../domain/pipeline.ts';
import type { Database, StagesTable } from '../schema.ts';

/**
 * Stage edits of one pipeline. Each runs inside a transaction that has already bumped (and so,
 * on PostgreSQL, locked) the pipeline row, and receives the stages read after that lock: the
 * checks here cannot be raced by a concurrent change of the same pipeline.
 */

/** Most stages one pipeline may have. */
export const MAX_STAGES = 100;

export interface NewStage {
  readonly name: string;
  /** Default: open. */
  readonly semantics?: StageSemantics | undefined;
  readonly color?: string | null | undefined;
}

export interface StagePlacement extends NewStage {
  /** The stage to insert after; null puts it first. Default: at the end. */
  readonly afterStageId?: string | null | undefined;
}

export type StageChanges = Partial<NewStage>;

export function toStage(row: Selectable<StagesTable>): Stage {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    name: row.name,
    sort: row.sort,
    semantics: row.semantics as StageSemantics,
    color: row.color,
  };
}

/** The stages of a pipeline in board order. */
export async function loadStages(db: Kysely<Database>, pipelineId: string): Promise<Stage[]> {
  const rows = await db
    .selectFrom('stages')
    .selectAll()
    .where('pipelineId', '=', pipelineId)
    .orderBy('sort')
    .orderBy('id')
    .execute();
  return rows.map(toStage);
}

export async function countItems(
  db: Kysely<Database>,
  column: 'pipelineId' | 'stageId',
  id: string,
): Promise<number> {
  const row = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where(column, '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

const nameKey = (name: string): string => name.trim().toLowerCase();
const isOpen = (stage: { readonly semantics?: StageSemantics | undefined }): boolean =>
  (stage.semantics ?? 'open') === 'open';

/** The stages of a new pipeline: at least one open, names unique (whatever their case). */
export function checkNewStages(stages: readonly NewStage[]): void {
  if (!stages.some(isOpen)) throw invalid('/body/stages', 'a pipeline needs at least one open stage');
  const seen = new Set<string>();
  stages.forEach((stage, index) => {
    if (seen.has(nameKey(stage.name))) {
      throw invalid(`/body/stages/${index}/name`, `the stage name "${stage.name}" is used twice`);
    }
    seen.add(nameKey(stage.name));
  });
}

/** New items need an open stage to enter, so the last one cannot go or become final. */
function requireOpenStage(stages: readonly { readonly semantics?: StageSemantics | undefined }[]): void {
  if (!stages.some(isOpen)) {
    throw conflict('last_open_stage', 'A pipeline needs at least one open stage');
  }
}

function requireUniqueName(stages: readonly Stage[], name: string, selfId?: string): void {
  if (stages.some((stage) => stage.id !== selfId && nameKey(stage.name) === nameKey(name))) {
    throw invalid('/body/name', `the pipeline already has a stage named "${name}"`);
  }
}

function stageOf(stages: readonly Stage[], stageId: string): Stage {
  const stage = stages.find((candidate) => candidate.id === stageId);
  if (stage === undefined) throw notFound('stage', stageId);
  return stage;
}

export async function insertStages(
  db: Kysely<Database>,
  pipelineId: string,
  stages: readonly (NewStage & { readonly id: string; readonly sort: number })[],
  at: string,
): Promise<void> {
  await db
    .insertInto('stages')
    .values(
      stages.map((stage) => ({
        id: stage.id,
        pipelineId,
        name: stage.name,
        sort: stage.sort,
        semantics: stage.semantics ?? 'open',
        color: stage.color ?? null,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .execute();
}

export async function placeStage(
  trx: Kysely<Database>,
  pipelineId: string,
  stages: readonly Stage[],
  input: StagePlacement & { readonly id: string },
  at: string,
): Promise<void> {
  if (stages.length >= MAX_STAGES) {
    throw conflict('too_many_stages', `A pipeline has at most ${MAX_STAGES} stages`);
  }
  requireUniqueName(stages, input.name);
  const after = input.afterStageId;
  let index = stages.length - 1;
  if (after !== undefined) index = after === null ? -1 : stages.findIndex((stage) => stage.id === after);
  if (index === -1 && typeof after === 'string') {
    throw invalid('/body/afterStageId', `stage ${after} is not a stage of pipeline ${pipelineId}`);
  }
  const previous = stages[index]?.sort ?? 0;
  const next = stages[index + 1]?.sort;
  // Slot in between the neighbours while a gap is left; otherwise spread the whole board again.
  const crowded = next !== undefined && next - previous < 2;
  let sort = previous + SORT_STEP;
  if (next !== undefined)
    sort = crowded ? (index + 2) * SORT_STEP : previous + Math.floor((next - previous) / 2);
  await insertStages(trx, pipelineId, [{ ...input, sort }], at);
  if (crowded) {
    const order = stages.map((stage) => stage.id);
    order.splice(index + 1, 0, input.id);
    await writeSorts(trx, stages, order, at);
  }
}

/** A deleted stage back with its own id and sort (history restore); its name must still be free. */
export async function reinsertStage(
  trx: Kysely<Database>,
  pipelineId: string,
  stages: readonly Stage[],
  stage: NewStage & { readonly id: string; readonly sort: number },
  at: string,
): Promise<void> {
  if (stages.length >= MAX_STAGES) {
    throw conflict('too_many_stages', `A pipeline has at most ${MAX_STAGES} stages`);
  }
  requireUniqueName(stages, stage.name);
  await insertStages(trx, pipelineId, [stage], at);
}

export async function changeStage(
  trx: Kysely<Database>,
  stages: readonly Stage[],
  stageId: string,
  changes: StageChanges,
  at: string,
): Promise<void> {
  stageOf(stages, stageId);
  if (changes.name !== undefined) requireUniqueName(stages, changes.name, stageId);
  const semantics = changes.semantics;
  if (semantics !== undefined) {
    requireOpenStage(stages.map((stage) => (stage.id === stageId ? { semantics } : stage)));
  }
  await trx
    .updateTable('stages')
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(semantics !== undefined && { semantics }),
      ...(changes.color !== undefined && { color: changes.color }),
      updatedAt: at,
    })
    .where('id', '=', stageId)
    .execute();
}

export async function removeStage(
  trx: Kysely<Database>,
  stages: readonly Stage[],
  stageId: string,
): Promise<void> {
  stageOf(stages, stageId);
  const items = await countItems(trx, 'stageId', stageId);
  if (items > 0) {
    throw conflict('stage_in_use', `Stage ${stageId} still has ${items} item(s); move them first`, {
      stageId,
      items,
    });
  }
  requireOpenStage(stages.filter((stage) => stage.id !== stageId));
  await trx.deleteFrom('stages').where('id', '=', stageId).execute();
}

export async function reorderStages(
  trx: Kysely<Database>,
  stages: readonly Stage[],
  stageIds: readonly string[],
  at: string,
): Promise<void> {
  const known = new Set(stages.map((stage) => stage.id));
  const given = new Set(stageIds);
  if (given.size !== stageIds.length || given.size !== known.size || stageIds.some((id) => !known.has(id))) {
    throw invalid('/body/stageIds', 'must list every stage of the pipeline exactly once');
  }
  await writeSorts(trx, stages, stageIds, at);
}

/** Gives each stage in `order` the sort (index + 1) × SORT_STEP, writing only those that change. */
async function writeSorts(
  trx: Kysely<Database>,
  stages: readonly Stage[],
  order: readonly string[],
  at: string,
): Promise<void> {
  const current = new Map(stages.map((stage) => [stage.id, stage.sort]));
  for (const [index, id] of order.entries()) {
    const sort = (index + 1) * SORT_STEP;
    if (current.get(id) === sort) continue;
    await trx.updateTable('stages').set({ sort, updatedAt: at }).where('id', '=', id).execute();
  }
}
