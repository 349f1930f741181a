import { REQUEST_PUBLIC_URL } from '../../channels/http/public-url.ts';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import type { EventSubject } from '../../domain/events/event.ts';
import { addDuration, readDuration } from '../../domain/timing/duration.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, responses } from '../schemas/common.ts';
import {
  HookAnswerSchema,
  HookBodySchema,
  HookParams,
  HookTokenSchema,
  RotateHookTokenSchema,
} from '../schemas/inbound.ts';

const DEFAULT_GRACE = 'PT24H';
const MAX_GRACE_MS = 30 * 24 * 3_600_000;

function graceMillis(text: string, now: Date): number {
  const duration = readDuration(text);
  if ('problem' in duration) throw invalid('/body/gracePeriod', duration.problem);
  const millis = addDuration(now, duration, 'UTC').getTime() - now.getTime();
  if (duration.sign < 0 || millis > MAX_GRACE_MS)
    throw invalid('/body/gracePeriod', 'must be between PT0S and P30D');
  return millis;
}

/** The subject a hook body names: an item, or a contact by id, email or phone. */
function subjectOf(body: Record<string, unknown>): EventSubject {
  for (const key of ['itemId', 'contactId', 'email', 'phone'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '' || value.length > 320)
      throw invalid(`/body/${key}`, 'must be a non-empty string');
    return { [key]: value };
  }
  throw invalid('/body/itemId', 'name the item (itemId) or the contact (contactId, email or phone)');
}

/**
 * Per-trigger webhooks. The token in the URL is the credential: it is random, stored hashed, and
 * rotating it keeps the replaced one working for a grace period so senders can switch over.
 */
export function registerHookRoutes(
  app: App,
  { repos, engine, clock, ids, publicUrl = REQUEST_PUBLIC_URL }: AppContext,
): void {
  app.post(
    '/api/v1/triggers/:id/webhook-token',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['triggers'],
        summary: "Create or rotate a webhook.received trigger's URL",
        description:
          'Answers the new URL once. The token it replaces keeps working for the grace period (default PT24H).',
        params: IdParams,
        body: RotateHookTokenSchema,
        response: responses({ 201: HookTokenSchema }),
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const grace = graceMillis(request.body?.gracePeriod ?? DEFAULT_GRACE, now);
      const trigger = await repos.rules.findTrigger(request.params.id);
      if (trigger === undefined) throw notFound('trigger', request.params.id);
      if (trigger.eventType !== 'webhook.received') {
        throw new AppError(
          'not_a_webhook_trigger',
          'conflict',
          `Trigger ${trigger.id} reacts to ${trigger.eventType}; only webhook.received triggers have a URL`,
        );
      }
      const issued = await repos.inbound.rotateWebhookToken(trigger.id, now, grace);
      return reply.status(201).send({
        triggerId: trigger.id,
        token: issued.token,
        url: publicUrl.to(`/hooks/${issued.token}`, request),
        previousExpiresAt: issued.previousExpireAt,
      });
    },
  );

  app.post(
    '/hooks/:token',
    {
      config: { public: true },
      schema: {
        tags: ['inbound'],
        summary: 'Call a webhook.received trigger',
        description:
          'Public: the token is the credential. The JSON body becomes the event data; it names the item ' +
          "(itemId) or a contact (contactId, email, phone), whose items in the trigger's pipeline get the event. " +
          'An Idempotency-Key (or webhook-id) header makes a repeated call a duplicate.',
        security: [],
        params: HookParams,
        body: HookBodySchema,
        response: responses({ 202: HookAnswerSchema }),
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const triggerId = await repos.inbound.findTriggerIdByWebhookToken(request.params.token, now);
      const trigger = triggerId === undefined ? undefined : await repos.rules.findTrigger(triggerId);
      // A wrong, expired and deleted token look the same: nothing tells a guesser which it was.
      if (trigger === undefined || !trigger.enabled || trigger.eventType !== 'webhook.received') {
        throw new AppError('hook_not_found', 'not_found', 'No webhook at this URL');
      }
      const subject = subjectOf(request.body);
      const itemIds = await repos.inbound.itemsOfPipeline(trigger.pipelineId, subject);
      if (itemIds.length === 0) {
        throw new AppError(
          'hook_subject_not_found',
          'not_found',
          "No item of the trigger's pipeline matches",
          {
            fields: [
              {
                field: `/body/${Object.keys(subject)[0]}`,
                message: "names no item of the trigger's pipeline",
              },
            ],
          },
        );
      }
      const header = request.headers['idempotency-key'] ?? request.headers['webhook-id'];
      const key = typeof header === 'string' && header !== '' ? header.slice(0, 100) : ids();
      const results = await engine.accept(
        itemIds.map((itemId) => ({
          id: `hook:${trigger.id}:${key}:${itemId}`,
          type: 'webhook.received',
          source: `hook:${trigger.id}`,
          occurredAt: now,
          subject: { itemId },
          data: request.body,
        })),
      );
      return reply
        .status(202)
        .send({ results: results.map((result, index) => ({ ...result, itemId: itemIds[index] as string })) });
    },
  );
}
