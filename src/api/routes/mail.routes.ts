import { Type } from 'typebox';
import { PIXEL_GIF } from '../../channels/mail/tracking.ts';
import { AppError } from '../../domain/errors.ts';
import type { IncomingEvent } from '../../domain/events/event.ts';
import type { TrackingToken } from '../../store/repositories/mail-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { ProblemSchema, pageOf, responses } from '../schemas/common.ts';
import { OutboxMessageSchema, OutboxQuery, TrackingParams } from '../schemas/mail.ts';

const unknownToken = () =>
  new AppError('tracking_token_unknown', 'not_found', 'This tracking link is not known');

/**
 * The outbox, and the public tracking endpoints of sent mail. A token's first use becomes the
 * event (`email.opened` for the pixel, `email.link_clicked` per link): its id is derived from the
 * token, so reopening a mail or clicking a link again is answered as a duplicate by the engine,
 * while the token's `uses` still counts every hit.
 */
export function registerMailRoutes(app: App, { repos, clock, engine }: AppContext): void {
  app.get(
    '/api/v1/outbox',
    {
      schema: {
        tags: ['mail'],
        summary: 'List sent mail (the outbox)',
        description:
          'Every message robots sent, oldest first. Without SMTP_URL this is the outbox (transport "outbox"); ' +
          'with it, the log of SMTP deliveries.',
        querystring: OutboxQuery,
        response: responses({ 200: pageOf(OutboxMessageSchema, 'OutboxMessage') }),
      },
    },
    async (request) => {
      const { limit, cursor, itemId } = request.query;
      return repos.mail.listMessages({ itemId }, { limit, cursor });
    },
  );

  async function emit(token: TrackingToken, type: string, data: Record<string, unknown>): Promise<void> {
    if (token.itemId === null) return;
    const event: IncomingEvent = {
      id: `${type}:${token.token}`,
      type,
      source: 'tracking',
      occurredAt: clock.now(),
      subject: { itemId: token.itemId },
      data: { messageId: token.messageId, ...data },
    };
    await engine.accept([event]);
  }

  app.get(
    '/t/o/:token',
    {
      schema: {
        tags: ['mail'],
        summary: 'Open pixel of a sent email',
        description: 'Public. Answers a 1×1 GIF; the first open becomes an email.opened event.',
        security: [],
        params: TrackingParams,
        response: {
          200: {
            description: 'A 1×1 transparent GIF',
            content: { 'image/gif': { schema: Type.String({ format: 'binary' }) } },
          },
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const token = await repos.mail.useToken(request.params.token, 'open', clock.now());
      if (token === undefined) throw unknownToken();
      const message = await repos.mail.findMessage(token.messageId);
      await emit(token, 'email.opened', message === undefined ? {} : { subject: message.subject });
      return reply
        .header('content-type', 'image/gif')
        .header('cache-control', 'no-store, private')
        .send(PIXEL_GIF as unknown as string);
    },
  );

  app.get(
    '/t/c/:token',
    {
      schema: {
        tags: ['mail'],
        summary: 'Tracked link of a sent email',
        description:
          'Public. Redirects (302) to the link the mail contained; the token alone decides the target, so ' +
          'it leads nowhere the mail did not. The first click of each link becomes an email.link_clicked event ' +
          'with its url.',
        security: [],
        params: TrackingParams,
        response: {
          302: {
            description: 'Redirect to the original link',
            headers: { location: Type.String({ description: 'The link as the mail contained it' }) },
          },
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const token = await repos.mail.useToken(request.params.token, 'click', clock.now());
      if (token?.url == null) throw unknownToken();
      await emit(token, 'email.link_clicked', { url: token.url });
      return reply.header('cache-control', 'no-store, private').redirect(token.url, 302);
    },
  );
}
