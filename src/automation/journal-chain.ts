import type { NewJournalEntry } from '../domain/journal.ts';
import type { Cause } from './engine-context.ts';

/** The fields that place a journal record in its chain of causes. */
export type ChainFields = Required<Pick<NewJournalEntry, 'rootEventId' | 'depth' | 'causeId'>>;

/**
 * Where a record made because of `cause` stands: the chain's root event, its depth, and the
 * record that led to it (the journal shows the record under that one).
 */
export function chainFields(cause: Cause): ChainFields {
  return { rootEventId: cause.rootEventId, depth: cause.depth, causeId: cause.journalId ?? null };
}

/** The chain fields plus what the cause names itself: the event, run and trigger behind it. */
export function causeFields(
  cause: Cause,
): ChainFields & Required<Pick<NewJournalEntry, 'eventId' | 'runId' | 'triggerId'>> {
  return {
    ...chainFields(cause),
    eventId: cause.eventId ?? null,
    runId: cause.runId ?? null,
    triggerId: cause.triggerId ?? null,
  };
}
