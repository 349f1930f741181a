/**
 * The events a subscription may ask for. All are rows of the `events` table written in the
 * transaction of the change (item events by the engine, run outcomes by the run executor,
 * notifications with the notification); the delivery planner reads them from there.
 */
export const WEBHOOK_EVENT_TYPES = [
  'item.created',
  'item.stage_changed',
  'item.field_changed',
  'run.succeeded',
  'run.failed',
  'notification.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface EventRow {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly subject: unknown;
  readonly data: unknown;
  readonly itemIds: unknown;
}

const parsed = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** The body receivers get, in the Standard Webhooks shape `{type, timestamp, data}`. */
export function webhookPayload(event: EventRow): string {
  const subject = (parsed(event.subject) ?? {}) as { itemId?: unknown };
  const data = (parsed(event.data) ?? {}) as Record<string, unknown>;
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurredAt,
    data: { eventId: event.id, itemId: subject.itemId ?? null, ...data },
  });
}
