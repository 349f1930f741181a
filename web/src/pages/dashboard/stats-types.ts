import type { StageSemantics } from '../../api/types.ts';

export interface FunnelStage {
  readonly stageId: string;
  readonly name: string;
  readonly semantics: StageSemantics;
  /** Items in the stage now. */
  readonly current: number;
  /** Items that ever entered this stage or a later open or won one. */
  readonly reached: number;
  /** reached / reached of the previous open stage, 0..1; null for the first stage. */
  readonly conversion: number | null;
}

export interface Funnel {
  readonly pipelineId: string;
  readonly stages: readonly FunnelStage[];
}

export const DAY_STATUSES = ['succeeded', 'failed', 'skipped', 'cancelled', 'scheduled'] as const;
export type DayStatus = (typeof DAY_STATUSES)[number];

export type RunDay = { readonly day: string } & Readonly<Record<DayStatus, number>>;

export interface RunsPerDay {
  readonly days: readonly RunDay[];
}
