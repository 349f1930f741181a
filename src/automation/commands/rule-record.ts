import type { Clock } from '../../domain/clock.ts';

/** How far back each rule's record looks, by the server's clock. */
export const RECORD_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What a rule did in a window: triggers matched or not; robots' runs by final status. */
export interface RuleRecord {
  readonly kind: 'trigger' | 'robot';
  readonly ruleId: string;
  /** Triggers: matched; robots: runs that did their action (succeeded or failed). */
  readonly fired: number;
  readonly notMatched: number;
  readonly skipped: number;
  readonly failed: number;
  readonly cancelled: number;
  /** The last time it fired, whenever that was (not only within the window). */
  readonly lastFiredAt: string | null;
}

export interface RuleRecords {
  readonly from: string;
  readonly to: string;
  readonly data: readonly RuleRecord[];
}

/** The counts of every trigger and robot of a pipeline, each kind in one grouped query. */
export interface RuleRecordReader {
  pipelineRecord(pipelineId: string, from: Date, to: Date): Promise<RuleRecord[]>;
}

/** The last 30 days of every trigger and robot of the pipeline, rules that did nothing included. */
export async function ruleRecords(
  deps: { readonly clock: Clock; readonly reader: RuleRecordReader },
  pipelineId: string,
): Promise<RuleRecords> {
  const to = deps.clock.now();
  const from = new Date(to.getTime() - RECORD_DAYS * DAY_MS);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    data: await deps.reader.pipelineRecord(pipelineId, from, to),
  };
}
