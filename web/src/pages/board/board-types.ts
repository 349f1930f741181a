import type { Stage } from '../../api/types.ts';

/** Shapes of GET /api/v1/pipelines/:id/board. */

export interface Named {
  readonly id: string;
  readonly name: string;
}

export interface NextRun {
  readonly runId: string;
  readonly robotId: string;
  readonly robotName: string;
  readonly action: string;
  readonly dueAt: string | null;
}

export interface Card {
  readonly id: string;
  readonly title: string;
  readonly amount: string;
  readonly currency: string;
  readonly version: number;
  readonly stageId: string;
  readonly stageEnteredAt: string;
  readonly createdAt: string;
  readonly contact: Named | null;
  readonly responsible: Named | null;
  readonly paidSum: string;
  readonly overdue: boolean;
  readonly openTasks: number;
  readonly nextRun: NextRun | null;
  readonly pendingRuns: number;
}

export interface Column {
  readonly stageId: string;
  readonly count: number;
  readonly sums: readonly { readonly currency: string; readonly amount: string }[];
  readonly items: readonly Card[];
}

export interface Board {
  readonly pipeline: {
    readonly id: string;
    readonly name: string;
    readonly entityType: string;
    readonly stages: readonly Stage[];
  };
  readonly columns: readonly Column[];
  readonly generatedAt: string;
}

/** The board's filters, as in the URL query and the API query. */
export interface BoardFilters {
  readonly responsibleId?: string;
  readonly q?: string;
  readonly overdue?: boolean;
}
