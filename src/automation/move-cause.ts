import type { Author } from '../domain/item.ts';
import type { Cause } from './engine-context.ts';

/** What made a move, for the journal: a trigger, a robot's run, a person (API or UI), the system. */
export type MoveCause =
  | { readonly kind: 'trigger'; readonly triggerId: string | null }
  | { readonly kind: 'robot'; readonly robotId: string | null; readonly runId: string | null }
  | { readonly kind: 'manual'; readonly authorType: 'api' | 'user'; readonly authorId: string | null }
  | { readonly kind: 'system' };

export function moveCause(author: Author, cause: Cause): MoveCause {
  switch (author.type) {
    case 'trigger':
      return { kind: 'trigger', triggerId: cause.triggerId ?? author.id };
    case 'robot':
      return { kind: 'robot', robotId: author.id, runId: cause.runId ?? null };
    case 'api':
    case 'user':
      // A rule acting as a person (actAs) is still the cause: the person is only the author.
      if (cause.triggerId != null) return { kind: 'trigger', triggerId: cause.triggerId };
      if (cause.runId != null && author.type === 'user') {
        return { kind: 'robot', robotId: null, runId: cause.runId };
      }
      return { kind: 'manual', authorType: author.type, authorId: author.id };
    default:
      return { kind: 'system' };
  }
}
