import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FixedWindowLimiter } from '../../channels/visits/rate-limiter.ts';
import { VISIT_SNIPPET } from '../../channels/visits/snippet.ts';
import { AppError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { sendProblem } from '../problem.ts';
import { IdParams, ProblemSchema, pageOf, responses } from '../schemas/common.ts';
import { SmsMessageSchema, SmsQuery, VisitBodySchema, VisitorTokenSchema } from '../schemas/site-tracking.ts';
import { registerDocumentShareRoutes } from './document-share.routes.ts';

/** A page view more than this after the visitor's last one starts a new visit (as web analytics count). */
const VISIT_SESSION_MS = 30 * 60_000;
/** Visit reports one address may send per minute. */
const VISITS_PER_MINUTE = 60;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '86400',
};

/**
 * Site visits of known contacts, the SMS outbox, and document share links. Only visitors carrying
 * a token issued for a contact are recorded: an anonymous visitor is answered like a known one and
 * nothing about it is stored.
 */
export function registerSiteTrackingRoutes(app: App, context: AppContext): void {
  const { repos, clock, engine } = context;
  const limiter = new FixedWindowLimiter(clock, VISITS_PER_MINUTE, 60_000);

  app.post(
    '/api/v1/contacts/:id/visitor-token',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Issue a visitor token for a contact',
        description:
          'Links carrying ?sfv=<token> (or the snippet with data-token) make the contact a known visitor. ' +
          'The token is shown once.',
        params: IdParams,
        body: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()])),
        response: responses({ 201: VisitorTokenSchema }),
      },
    },
    async (request, reply) => {
      const contact = await repos.contacts.getOrThrow(request.params.id);
      const token = await repos.visitors.issueVisitorToken(contact.id, clock.now());
      return reply.status(201).send({ contactId: contact.id, token, parameter: 'sfv' as const });
    },
  );

  app.get(
    '/t/v.js',
    {
      schema: {
        tags: ['site'],
        summary: 'The site snippet',
        description: 'Public. <script src="https://crm.example/t/v.js" async></script>',
        security: [],
        response: {
          200: { description: 'JavaScript', content: { 'text/javascript': { schema: Type.String() } } },
        },
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(VISIT_SNIPPET),
  );

  // The snippet posts with navigator.sendBeacon, which sends text/plain: this scope reads it as JSON.
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new AppError('visit_body_invalid', 'invalid', 'The body must be JSON'), undefined);
      }
    });
    scope.options('/t/v', { schema: { hide: true } }, async (_request, reply) =>
      reply.headers(CORS).status(204).send(),
    );
    scope.post(
      '/t/v',
      {
        schema: {
          tags: ['site'],
          summary: 'Record a page view',
          description:
            "Public, CORS allowed; JSON or text/plain. A known visitor's first visit becomes site.visit, a visit " +
            `after more than ${VISIT_SESSION_MS / 60_000} minutes away site.revisit. Unknown visitors: 202, nothing stored. ` +
            `At most ${VISITS_PER_MINUTE} reports a minute per address (429).`,
          security: [],
          body: VisitBodySchema,
          response: {
            202: Type.Object({}, { description: 'Received (also for unknown visitors)' }),
            400: ProblemSchema,
            429: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        reply.headers(CORS);
        if (!limiter.take(request.ip)) {
          reply.header('retry-after', '60');
          const detail = `At most ${VISITS_PER_MINUTE} visit reports a minute from one address`;
          return sendProblem(reply, new AppError('rate_limited', 'rate_limited', detail));
        }
        const now = clock.now();
        const { visitor, url, referrer, title } = request.body;
        const visit = await repos.visitors.recordVisit(visitor, now, VISIT_SESSION_MS);
        if (visit?.newVisit === true) {
          const type = visit.firstOfContact ? 'site.visit' : 'site.revisit';
          await engine.accept([
            {
              // One event per visit of a token: a repeated report of the same visit is a duplicate.
              id: `${type}:${visit.tokenHash.slice(0, 32)}:${visit.visitNumber}`,
              type,
              source: 'site',
              occurredAt: now,
              subject: { contactId: visit.contactId },
              data: { url, ...(referrer && { referrer }), ...(title && { title }) },
            },
          ]);
        }
        return reply.status(202).send({});
      },
    );
  });

  app.get(
    '/api/v1/outbox/sms',
    {
      schema: {
        tags: ['sms'],
        summary: 'List sent SMS (the SMS outbox)',
        description:
          'Every SMS robots sent, oldest first. Without SMS_PROVIDER_URL this is the outbox (provider "outbox"); ' +
          "with it, the log of the provider's answers.",
        querystring: SmsQuery,
        response: responses({ 200: pageOf(SmsMessageSchema, 'SmsMessage') }),
      },
    },
    async (request) => {
      const { limit, cursor, itemId } = request.query;
      return repos.sms.listSms({ itemId }, { limit, cursor });
    },
  );

  registerDocumentShareRoutes(app, context);
}
