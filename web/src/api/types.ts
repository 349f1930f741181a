/** Shapes of the public API the UI reads (see /api/openapi.json for the full documents). */

export type Role = 'admin' | 'manager' | 'viewer';

export interface Page<T> {
  readonly data: readonly T[];
  readonly nextCursor: string | null;
}

export interface SessionUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly timeZone: string;
}

export interface Session {
  readonly via: 'session' | 'token';
  readonly role: Role;
  readonly user: SessionUser | null;
  readonly csrfToken?: string;
}

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly supervisorId: string | null;
  readonly timeZone: string;
  readonly active: boolean;
}

export type StageSemantics = 'open' | 'won' | 'lost';

export interface Stage {
  readonly id: string;
  readonly name: string;
  readonly sort: number;
  readonly semantics: StageSemantics;
  readonly color?: string | null;
}

export interface Pipeline {
  readonly id: string;
  readonly name: string;
  readonly entityType: string;
  /** As stored: `currency`, `inbound` switches, and keys the UI does not know, kept on save. */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly stages: readonly Stage[];
  readonly version: number;
}

export interface Item {
  readonly id: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly title: string;
  readonly amount: string;
  readonly currency: string;
  readonly paidAmount: string;
  readonly contactId: string | null;
  readonly responsibleId: string | null;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly stageEnteredAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** One message of GET /api/v1/stream (`event: change`). */
export interface ChangeMessage {
  readonly kind: 'item' | 'run' | 'notification' | 'task' | 'activity' | 'payment' | 'document' | 'timeline';
  readonly op: 'created' | 'updated' | 'moved' | 'deleted';
  readonly id: string;
  readonly itemId: string | null;
  readonly pipelineId: string | null;
  readonly userId: string | null;
  readonly at: string;
}
