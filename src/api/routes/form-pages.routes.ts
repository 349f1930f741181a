import type { FastifyReply, FastifyRequest } from 'fastify';
import { postedFromAnotherSite } from '../../channels/forms/cross-site.ts';
import { asFormFields, readSubmission } from '../../channels/forms/form-fields.ts';
import { FORM_TEXTS } from '../../channels/forms/form-texts.ts';
import type { FormTokens } from '../../channels/forms/form-token.ts';
import type { FixedWindowLimiter } from '../../channels/forms/rate-limiter.ts';
import { FORM_PAGE_HEADERS, renderFormPage, renderMessagePage } from '../../channels/forms/render-form.ts';
import { REQUEST_PUBLIC_URL } from '../../channels/http/public-url.ts';
import { AppError } from '../../domain/errors.ts';
import { preferredLanguage } from '../../domain/localized.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { FormParams } from '../schemas/forms.ts';

const tags = ['forms'];
const URLENCODED = 'application/x-www-form-urlencoded';
/** Largest form post: 64 KiB (50 fields of at most 5,000 characters fit, percent-encoded or not). */
const MAX_FORM_BYTES = 64 * 1024;
const HTML_ANSWER = { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } };

export interface FormProtection {
  readonly tokens: FormTokens;
  readonly limiter: FixedWindowLimiter;
}

const page = (reply: FastifyReply, status: number, html: string) =>
  reply.status(status).headers(FORM_PAGE_HEADERS).send(html);

const headerOf = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function registerFormPageRoutes(app: App, context: AppContext, protection: FormProtection): void {
  const { repos, clock, engine } = context;
  const { tokens, limiter } = protection;
  const publicUrl = context.publicUrl ?? REQUEST_PUBLIC_URL;
  // A browser tells where a post comes from; a post from another site is refused before anything else.
  const crossSite = (request: FastifyRequest) =>
    postedFromAnotherSite(
      { secFetchSite: headerOf(request, 'sec-fetch-site'), origin: headerOf(request, 'origin') },
      publicUrl.origin(request),
    );
  const findEnabled = async (formId: string) => {
    const form = await repos.forms.find(formId);
    return form?.enabled === true ? form : undefined;
  };
  // No form, no language of its own: the visitor's browser says which to use.
  const notFoundPage = (request: FastifyRequest, reply: FastifyReply) => {
    const language = preferredLanguage(headerOf(request, 'accept-language'));
    return page(reply, 404, renderMessagePage(...FORM_TEXTS[language].notFound, language));
  };

  app.get(
    '/f/:formId',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The public page of a web form (HTML)',
        description:
          'Plain HTML without scripts, with a fresh anti-forgery token; 404 when the form is disabled.',
        security: [],
        params: FormParams,
        response: { 200: HTML_ANSWER, 404: HTML_ANSWER },
      },
    },
    async (request, reply) => {
      const form = await findEnabled(request.params.formId);
      if (form === undefined) return notFoundPage(request, reply);
      const { token } = tokens.issue(form.id, clock.now());
      return page(
        reply,
        200,
        renderFormPage({
          formId: form.id,
          title: form.title,
          description: form.description,
          fields: asFormFields(form.fields),
          token,
          language: form.language,
        }),
      );
    },
  );

  // Only these routes read urlencoded bodies (an encapsulated plugin): the JSON API stays JSON.
  app.register(async (scope: App) => {
    scope.addContentTypeParser(
      URLENCODED,
      { parseAs: 'string', bodyLimit: MAX_FORM_BYTES },
      (_request, body, done) => done(null, new URLSearchParams(body as string)),
    );
    scope.post(
      '/f/:formId',
      {
        config: { public: true },
        bodyLimit: MAX_FORM_BYTES,
        schema: {
          tags,
          summary: 'Submit a web form (application/x-www-form-urlencoded)',
          description:
            'The fields by name and `_token` from the page. 200: thank-you page; 400: the page again with the ' +
            'errors next to the fields; 403: missing, forged or expired token, or a post from another site; ' +
            '429: too many posts from this address (Retry-After).',
          security: [],
          params: FormParams,
          response: {
            200: HTML_ANSWER,
            400: HTML_ANSWER,
            403: HTML_ANSWER,
            404: HTML_ANSWER,
            429: HTML_ANSWER,
          },
        },
      },
      async (request, reply) => {
        const form = await findEnabled(request.params.formId);
        if (form === undefined) return notFoundPage(request, reply);
        const now = clock.now();
        const texts = FORM_TEXTS[form.language];
        const verdict = limiter.hit(`${request.ip}|${form.id}`, now);
        if (!verdict.allowed)
          return page(
            reply.header('retry-after', String(verdict.retryAfterSeconds)),
            429,
            renderMessagePage(...texts.tooMany, form.language),
          );
        const posted = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
        const checked = crossSite(request)
          ? { valid: false as const }
          : tokens.check(form.id, posted.get('_token'), now);
        if (!checked.valid) return page(reply, 403, renderMessagePage(...texts.expired, form.language));
        const fields = asFormFields(form.fields);
        const result = readSubmission(fields, posted, texts);
        if (!result.ok) {
          const { token } = tokens.issue(form.id, now);
          return page(
            reply,
            400,
            renderFormPage({
              formId: form.id,
              title: form.title,
              description: form.description,
              fields,
              token,
              values: result.values,
              errors: result.errors,
              language: form.language,
            }),
          );
        }
        try {
          await engine.submitForm(form, result.submission, checked.nonce);
        } catch (error) {
          if (!(error instanceof AppError) || error.kind !== 'guard_refused') throw error;
          return page(reply, 409, renderMessagePage(...texts.notAccepted, form.language));
        }
        return page(reply, 200, renderMessagePage(form.title, form.successMessage, form.language));
      },
    );
  });
}
