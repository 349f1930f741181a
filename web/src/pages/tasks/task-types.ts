export type TaskStatus = 'new' | 'in_progress' | 'completed' | 'deferred' | 'cancelled';

/** Statuses in which a task waits for nobody. */
export const CLOSED: readonly TaskStatus[] = ['completed', 'cancelled'];

export interface Task {
  readonly id: string;
  readonly itemId: string | null;
  readonly title: string;
  readonly description: string | null;
  readonly responsibleId: string | null;
  readonly deadline: string | null;
  readonly status: TaskStatus;
  readonly createdByRobotId: string | null;
  /** The person who created it, or whom the robot that created it acted as. */
  readonly createdByUserId: string | null;
  readonly version: number;
}
