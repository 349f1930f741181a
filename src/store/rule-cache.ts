import type { Kysely } from 'kysely';
import type { Pipeline, Stage } from '../domain/pipeline.ts';
import type { Guard, Robot, Trigger } from '../domain/rules.ts';
import type { ItemsRepository } from './repositories/items-repository.ts';
import type { PipelinesRepository } from './repositories/pipelines-repository.ts';
import type { RulesRepository } from './repositories/rules-repository.ts';
import type { Database } from './schema.ts';

/** Past this many entries a generation starts again empty: memory stays bounded with many pipelines. */
const MAX_ENTRIES = 20_000;

interface Generation {
  readonly version: string;
  readonly entries: Map<string, Promise<unknown>>;
}

/**
 * The rules (triggers, robots, guards), stages and pipelines the engine reads on every event, kept
 * in this process's memory for as long as the database's rule version (migration 0018) stays the
 * same. Every transaction reads the version once, before its first lookup, so a change committed by
 * any process is used from the next transaction on. Entries are loaded after the version was read,
 * so an entry is never older than the version it is filed under.
 */
export class RuleCache {
  #generation: Generation | undefined;

  /** The entries valid at `version`: those of the current generation, or a new empty one. */
  at(version: string): Map<string, Promise<unknown>> {
    const current = this.#generation;
    if (current !== undefined && current.version === version && current.entries.size < MAX_ENTRIES)
      return current.entries;
    const next: Generation = { version, entries: new Map() };
    this.#generation = next;
    return next.entries;
  }
}

export interface RuleSources {
  readonly rules: RulesRepository;
  readonly items: ItemsRepository;
  readonly pipelines: PipelinesRepository;
}

/** The cached lookups of one transaction. Callers must not change what they are given: it is shared. */
export interface CachedRules {
  triggersFor(pipelineId: string, eventType: string): Promise<Trigger[]>;
  guardsOf(stageId: string): Promise<Guard[]>;
  robotsOf(stageId: string): Promise<Robot[]>;
  findRobot(id: string): Promise<Robot | undefined>;
  stageOf(stageId: string): Promise<Stage | undefined>;
  entryStageOf(pipelineId: string): Promise<Stage | undefined>;
  findPipeline(id: string): Promise<Pipeline | undefined>;
}

export function cachedRules(cache: RuleCache, db: Kysely<Database>, sources: RuleSources): CachedRules {
  let entries: Promise<Map<string, Promise<unknown>>> | undefined;
  const current = () => {
    entries ??= readVersion(db).then((version) => cache.at(version));
    return entries;
  };
  const lookup = async <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const map = await current();
    const shared = map.get(key) as Promise<T> | undefined;
    if (shared !== undefined) {
      try {
        return await shared;
      } catch {
        // Another transaction's read failed (its own trouble, an aborted transaction say): that is
        // no answer for this one, which reads for itself.
        return load();
      }
    }
    const loading = load();
    map.set(key, loading);
    // A failed read is not remembered: the next lookup reads again.
    loading.catch(() => {
      if (map.get(key) === loading) map.delete(key);
    });
    return loading;
  };
  const { rules, items, pipelines } = sources;
  return {
    triggersFor: (pipelineId, eventType) =>
      lookup(`triggers:${pipelineId}:${eventType}`, () => rules.triggersFor(pipelineId, eventType)),
    guardsOf: (stageId) => lookup(`guards:${stageId}`, () => rules.guardsOf(stageId)),
    robotsOf: (stageId) => lookup(`robots:${stageId}`, () => rules.robotsOf(stageId)),
    findRobot: (id) => lookup(`robot:${id}`, () => rules.findRobot(id)),
    stageOf: (stageId) => lookup(`stage:${stageId}`, () => items.stageOf(stageId)),
    entryStageOf: (pipelineId) => lookup(`entry:${pipelineId}`, () => items.entryStageOf(pipelineId)),
    findPipeline: (id) => lookup(`pipeline:${id}`, () => pipelines.find(id)),
  };
}

async function readVersion(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('ruleVersions').select('version').where('id', '=', 1).executeTakeFirst();
  // No row (a database not migrated this far): every transaction reads afresh.
  return row === undefined ? `none:${Math.random()}` : String(row.version);
}
