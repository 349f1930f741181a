/** Shapes of the item card's API answers (see /api/openapi.json). */

export interface Contact {
  readonly id: string;
  readonly name: string;
  readonly company: string | null;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
}

export interface Task {
  readonly id: string;
  readonly title: string;
  readonly responsibleId: string | null;
  readonly deadline: string | null;
  readonly status: string;
  readonly createdByRobotId: string | null;
  readonly createdByUserId: string | null;
}

export interface Activity {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly dueAt: string | null;
  readonly status: string;
  readonly createdByUserId: string | null;
}

export interface ItemDocument {
  readonly id: string;
  readonly kind: string;
  readonly number: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: string;
  readonly createdAt: string;
}

export interface Payment {
  readonly id: string;
  readonly documentId: string | null;
  readonly amount: string;
  readonly currency: string;
  readonly paidAt: string;
  readonly reference: string | null;
}

export interface TimelineEntry {
  readonly id: string;
  readonly kind: string;
  readonly text: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly authorType: string;
  readonly authorId: string | null;
  readonly createdAt: string;
}

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly attempt: number;
}

export interface Run {
  readonly id: string;
  readonly robotId: string;
  readonly robotName?: string;
  readonly actionType: string;
  readonly action?: string;
  readonly stageId: string;
  readonly stageName?: string;
  readonly status: string;
  readonly dueAt: string | null;
  readonly finishedAt: string | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly reason: string | null;
  readonly error: RunError | null;
  readonly itemId: string;
  /** When a person undid the run; null while not undone. */
  readonly undoneAt?: string | null;
}

export interface JournalEntry {
  readonly id: string;
  readonly kind: string;
  readonly itemId: string | null;
  readonly eventId: string | null;
  readonly runId: string | null;
  readonly triggerId: string | null;
  readonly robotId: string | null;
  readonly guardId: string | null;
  readonly stageId: string | null;
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly rootEventId: string | null;
  readonly causeId: string | null;
  readonly depth: number;
  readonly createdAt: string;
  readonly triggerName?: string | null;
  readonly robotName?: string | null;
  readonly guardName?: string | null;
  readonly stageName?: string | null;
  readonly fromStageName?: string | null;
  readonly authorName?: string | null;
}
