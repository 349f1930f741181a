import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AppError, toAppError } from '../domain/errors.ts';
import { registerAuth, SESSION_COOKIE } from './auth.ts';
import type { AppContext } from './context.ts';
import { registerInputSafety } from './input-safety.ts';
import { registerExactJson } from './json-body.ts';
import { DEFAULT_MAX_IN_FLIGHT, registerLoadShedding } from './load-shedding.ts';
import { withErrorCodes } from './openapi-error-codes.ts';
import { errorHandler, sendProblem } from './problem.ts';
import { redactUrl, serializeRequest } from './redaction.ts';
import { registerActivitiesRoutes } from './routes/activities.routes.ts';
import { registerApprovalsRoutes } from './routes/approvals.routes.ts';
import { registerAutomationDocumentRoutes } from './routes/automation-document.routes.ts';
import { registerBankPaymentsRoutes } from './routes/bank-payments.routes.ts';
import { registerBoardRoutes } from './routes/board.routes.ts';
import { registerCatalogueRoutes } from './routes/catalogue.routes.ts';
import { registerClockRoutes } from './routes/clock.routes.ts';
import { registerContactsRoutes } from './routes/contacts.routes.ts';
import { registerDocumentFilesRoutes } from './routes/document-files.routes.ts';
import { registerDocumentTemplatesRoutes } from './routes/document-templates.routes.ts';
import { registerDocumentsRoutes } from './routes/documents.routes.ts';
import { registerDocumentsExportRoutes } from './routes/documents-export.routes.ts';
import { registerDryRunRoutes } from './routes/dry-run.routes.ts';
import { registerEventsRoutes } from './routes/events.routes.ts';
import { registerFormsRoutes } from './routes/forms.routes.ts';
import { registerGuardsRoutes } from './routes/guards.routes.ts';
import { registerHealthRoutes } from './routes/health.routes.ts';
import { registerInboundRoutes } from './routes/inbound.routes.ts';
import { registerItemFilesRoutes } from './routes/item-files.routes.ts';
import { registerItemsRoutes } from './routes/items.routes.ts';
import { registerJournalRoutes } from './routes/journal.routes.ts';
import { registerMailRoutes } from './routes/mail.routes.ts';
import { registerMetricsRoute } from './routes/metrics.routes.ts';
import { registerNotificationPreferencesRoutes } from './routes/notification-preferences.routes.ts';
import { registerNotificationsRoutes } from './routes/notifications.routes.ts';
import { registerPaymentsRoutes } from './routes/payments.routes.ts';
import { registerPipelineFieldsRoutes } from './routes/pipeline-fields.routes.ts';
import { registerPipelinesRoutes } from './routes/pipelines.routes.ts';
import { registerProblemRoutes } from './routes/problems.routes.ts';
import { registerRevisionsRoutes } from './routes/revisions.routes.ts';
import { registerRobotsRoutes } from './routes/robots.routes.ts';
import { registerRuleBackfillRoutes } from './routes/rule-backfill.routes.ts';
import { registerRuleCopyRoutes } from './routes/rule-copy.routes.ts';
import { registerRuleRecordRoutes } from './routes/rule-record.routes.ts';
import { registerSessionRoutes } from './routes/session.routes.ts';
import { registerSiteTrackingRoutes } from './routes/site-tracking.routes.ts';
import { registerStatsRoutes } from './routes/stats.routes.ts';
import { registerStreamRoutes } from './routes/stream.routes.ts';
import { registerTasksRoutes } from './routes/tasks.routes.ts';
import { registerTriggersRoutes } from './routes/triggers.routes.ts';
import { registerUsersRoutes } from './routes/users.routes.ts';
import { registerWebhookSubscriptionsRoutes } from './routes/webhook-subscriptions.routes.ts';
import { createValidatorCompiler } from './validation.ts';
import { registerWebUi } from './web-ui.ts';

export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Default largest request body: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const RESOURCE_ROUTES = [
  registerSessionRoutes,
  registerUsersRoutes,
  registerContactsRoutes,
  registerPipelinesRoutes,
  registerPipelineFieldsRoutes,
  registerAutomationDocumentRoutes,
  registerBoardRoutes,
  registerItemsRoutes,
  registerTasksRoutes,
  registerActivitiesRoutes,
  registerDocumentsExportRoutes,
  registerDocumentsRoutes,
  registerDocumentTemplatesRoutes,
  registerDocumentFilesRoutes,
  registerItemFilesRoutes,
  registerPaymentsRoutes,
  registerBankPaymentsRoutes,
  registerApprovalsRoutes,
  registerNotificationsRoutes,
  registerNotificationPreferencesRoutes,
  registerClockRoutes,
  registerTriggersRoutes,
  registerRobotsRoutes,
  registerGuardsRoutes,
  registerDryRunRoutes,
  registerRuleBackfillRoutes,
  registerRuleCopyRoutes,
  registerRuleRecordRoutes,
  registerRevisionsRoutes,
  registerJournalRoutes,
  registerEventsRoutes,
  registerMailRoutes,
  registerWebhookSubscriptionsRoutes,
  registerInboundRoutes,
  registerFormsRoutes,
  registerSiteTrackingRoutes,
  registerCatalogueRoutes,
  registerStreamRoutes,
  registerStatsRoutes,
];

/** Builds the HTTP application; `listen` is the caller's business, tests use `inject`. */
export async function buildApp(context: AppContext): Promise<App> {
  const app = Fastify({
    // Request logs name the URL; credentials in it are redacted (see redaction.ts).
    loggerInstance: context.logger.child({}, { serializers: { req: serializeRequest } }) as FastifyBaseLogger,
    bodyLimit: context.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Only a trusted proxy's X-Forwarded-* headers change request.ip, .protocol and .host.
    trustProxy:
      typeof context.trustProxy === 'object' ? [...context.trustProxy] : (context.trustProxy ?? false),
    genReqId: () => context.ids(),
    ajv: { customOptions: { removeAdditional: false } },
    // Errors before routing (a URL that is not valid percent-encoding) as problem documents too;
    // Fastify's own answer would echo the URL, credential and all.
    frameworkErrors: (error, request, reply) =>
      sendProblem(
        reply,
        error.code === 'FST_ERR_BAD_URL'
          ? new AppError('bad_url', 'invalid', 'The URL is not valid percent-encoded UTF-8')
          : toAppError(error),
        request.url,
      ),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  // The API speaks JSON only; a text body is refused with 415 rather than read as a string.
  app.removeContentTypeParser('text/plain');
  registerExactJson(app);
  app.setErrorHandler(errorHandler);
  const webUi = await registerWebUi(app, context.webDist);
  app.setNotFoundHandler((request, reply) => {
    if (webUi.answerUnrouted(request, reply)) return reply;
    return sendProblem(
      reply,
      new AppError(
        'route_not_found',
        'not_found',
        `No route ${request.method} ${redactUrl(request.url.split('?')[0] ?? '')}`,
      ),
      request.url,
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Stageflow API',
        version: '1',
        description:
          'CRM automation engine: pipelines, items, triggers, robots, guards and the journal. ' +
          'Errors are RFC 9457 problem documents.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    // Only the OpenAPI form is configured above, so the document is always an `openapiObject`.
    transformObject: (document) =>
      'openapiObject' in document ? withErrorCodes(document.openapiObject) : document.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  // Cookies are read by the authentication hook itself (hook: false), so that nothing runs
  // before load shedding; the plugin still writes Set-Cookie.
  await app.register(cookie, { hook: false });

  // Before authentication: a refused request must cost no database query.
  registerLoadShedding(app, context.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
  registerAuth(app, context);
  registerInputSafety(app);
  registerHealthRoutes(app, context);
  // With a port of their own, the metrics are not on the API's port at all.
  if (context.metrics !== undefined && context.metrics.port === undefined) {
    registerMetricsRoute(app, context.metrics, (secret) => context.repos.apiTokens.findByToken(secret));
  }
  registerProblemRoutes(app);
  for (const register of RESOURCE_ROUTES) register(app, context);
  return app;
}
