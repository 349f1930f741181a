/** Stage semantics: `open` stages are work in progress; `won` and `lost` are final. */
export const STAGE_SEMANTICS = ['open', 'won', 'lost'] as const;
export type StageSemantics = (typeof STAGE_SEMANTICS)[number];

export interface Stage {
  readonly id: string;
  readonly pipelineId: string;
  readonly name: string;
  readonly sort: number;
  readonly semantics: StageSemantics;
  readonly color: string | null;
}

export interface Pipeline {
  readonly id: string;
  readonly name: string;
  readonly entityType: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly stages: Stage[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export const isFinalStage = (stage: Pick<Stage, 'semantics'>): boolean => stage.semantics !== 'open';

/** The stage a new item starts in when none is named: the first open stage by sort. */
export function entryStage(stages: readonly Stage[]): Stage | undefined {
  return [...stages].sort((a, b) => a.sort - b.sort).find((stage) => stage.semantics === 'open');
}

/** Gap between consecutive sort values, so a stage can later be slotted in between two others. */
export const SORT_STEP = 100;

/** Channels whose unknown senders a pipeline may take as leads (its `inbound` settings). */
export type LeadChannel = 'email' | 'calls' | 'chats';
