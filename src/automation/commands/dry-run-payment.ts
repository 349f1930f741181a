import type { StoredEvent } from '../../domain/events/event.ts';
import type { Item } from '../../domain/item.ts';
import type { DryRunSession } from './dry-run-session.ts';
import { recordPaymentFromEvent } from './payment-from-event.ts';

/** Why a payment.received stops before the triggers: a stored code, as the trigger verdicts are. */
export type PaymentStop = { readonly verdict: 'event_failed' | 'payment_repeated'; readonly reason: string };

/**
 * What the engine does with a payment.received before it decides triggers: it records the payment
 * (in the sandbox here), so conditions on the paid sum read it; a payment it cannot record fails
 * the event, and one recorded already moves nothing. Other events pass untouched.
 */
export async function applyPaymentEvent(
  session: DryRunSession,
  event: StoredEvent,
  item: Item,
): Promise<PaymentStop | undefined> {
  if (event.type !== 'payment.received') return undefined;
  const { tx } = session;
  const received = await tx.journal.add(
    {
      kind: 'event_received',
      itemId: item.id,
      eventId: event.id,
      rootEventId: event.rootEventId,
      depth: event.depth,
      message: `Event ${event.type} received`,
    },
    session.now,
  );
  try {
    const counted = await tx.attempt(() =>
      recordPaymentFromEvent(session.engine, tx, event, item.id, received.id),
    );
    if (counted) return undefined;
    return {
      verdict: 'payment_repeated',
      reason: 'the payment is recorded already: it is not counted again and moves nothing',
    };
  } catch (error) {
    return {
      verdict: 'event_failed',
      reason: `the event would fail: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
