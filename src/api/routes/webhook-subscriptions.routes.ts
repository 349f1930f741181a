import { Type } from 'typebox';
import { generateWebhookSecret, isWebhookSecret } from '../../channels/webhooks/signing.ts';
import { invalid } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import {
  expectedVersion,
  IdParams,
  IfMatchHeaders,
  NoContent,
  PageQuery,
  pageOf,
  responses,
} from '../schemas/common.ts';
import {
  CreatedWebhookSubscriptionSchema,
  CreateWebhookSubscriptionSchema,
  UpdateWebhookSubscriptionSchema,
  WebhookDeliverySchema,
  WebhookSubscriptionSchema,
} from '../schemas/webhooks.ts';

const tags = ['webhooks'];
const PageOnly = Type.Object(PageQuery, { additionalProperties: false });

/** Receivers are reached over http(s) only; the address itself is checked when connecting (SSRF). */
function checkUrl(url: string | undefined): void {
  if (url === undefined) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('/body/url', 'must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw invalid('/body/url', 'must be an http or https URL');
  if (parsed.username !== '' || parsed.password !== '')
    throw invalid('/body/url', 'must not contain credentials');
}

/** Outgoing webhook subscriptions (admin only: they send CRM data out). */
export function registerWebhookSubscriptionsRoutes(app: App, { repos, clock }: AppContext): void {
  app.post(
    '/api/v1/webhook-subscriptions',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Subscribe a URL to events',
        description: 'The answer is the only place the signing secret is shown.',
        body: CreateWebhookSubscriptionSchema,
        response: responses({ 201: CreatedWebhookSubscriptionSchema }),
      },
    },
    async (request, reply) => {
      checkUrl(request.body.url);
      const secret = request.body.secret ?? generateWebhookSecret();
      if (!isWebhookSecret(secret))
        throw invalid('/body/secret', 'must be whsec_ followed by at least 24 bytes in base64');
      const subscription = await repos.webhooks.createSubscription({ ...request.body, secret }, clock.now());
      return reply
        .status(201)
        .header('etag', `"${subscription.version}"`)
        .send({ ...subscription, secret });
    },
  );

  app.get(
    '/api/v1/webhook-subscriptions',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'List webhook subscriptions',
        querystring: PageOnly,
        response: responses({ 200: pageOf(WebhookSubscriptionSchema, 'WebhookSubscription') }),
      },
    },
    async (request) => repos.webhooks.listSubscriptions(request.query),
  );

  app.get(
    '/api/v1/webhook-subscriptions/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Read a webhook subscription',
        params: IdParams,
        response: responses({ 200: WebhookSubscriptionSchema }),
      },
    },
    async (request, reply) => {
      const subscription = await repos.webhooks.getSubscriptionOrThrow(request.params.id);
      return reply.header('etag', `"${subscription.version}"`).send(subscription);
    },
  );

  app.patch(
    '/api/v1/webhook-subscriptions/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Update a webhook subscription (enable it again after a 410)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateWebhookSubscriptionSchema,
        response: responses({ 200: WebhookSubscriptionSchema }),
      },
    },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      checkUrl(changes.url);
      const expected = expectedVersion(version, request.headers['if-match']);
      const subscription = await repos.webhooks.updateSubscription(
        request.params.id,
        changes,
        expected,
        clock.now(),
      );
      return reply.header('etag', `"${subscription.version}"`).send(subscription);
    },
  );

  app.delete(
    '/api/v1/webhook-subscriptions/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Delete a webhook subscription and its deliveries',
        params: IdParams,
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      await repos.webhooks.deleteSubscription(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/webhook-subscriptions/:id/deliveries',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: "List a subscription's deliveries: status, attempts, the receiver's last answer",
        params: IdParams,
        querystring: PageOnly,
        response: responses({ 200: pageOf(WebhookDeliverySchema, 'WebhookDelivery') }),
      },
    },
    async (request) => {
      await repos.webhooks.getSubscriptionOrThrow(request.params.id);
      return repos.webhooks.listDeliveries(request.params.id, request.query);
    },
  );
}
