import { Webhook } from 'standardwebhooks';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import { maskUrlCredentials } from '../../domain/secrets.ts';
import { MAX_TEMPLATE_SOURCE } from './action-support.ts';
import type { ActionContext } from './define-action.ts';
import { defineAction } from './define-action.ts';

/** Headers the action sets itself; a robot may not set them (nor any with CR/LF, by the pattern). */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

/**
 * Calls a URL from a robot, e.g. "tell the warehouse system when a deal is won". The body is a
 * Liquid template, or a JSON object whose string values are templates. With a `whsec_` secret the
 * request is signed per Standard Webhooks; its webhook-id is the run id, so every retry of the run
 * carries the same id and the receiver can drop duplicates. The address is checked against SSRF
 * when connecting (channels/http). 5xx, 408, 429 and timeouts are retried by the run's retry
 * policy; other answers fail the run.
 */
export const sendWebhookAction = defineAction({
  type: 'send_webhook',
  description:
    'Sends an HTTP request (POST by default) to a URL, signed per Standard Webhooks when a secret is given',
  params: Type.Object(
    {
      url: Type.String({ minLength: 1, maxLength: 2000, description: 'Template; an http(s) URL' }),
      method: Type.Optional(
        Type.Union([Type.Literal('POST'), Type.Literal('PUT'), Type.Literal('PATCH')], {
          description: 'Default: POST',
        }),
      ),
      body: Type.Union(
        [
          Type.String({ maxLength: MAX_TEMPLATE_SOURCE, description: 'Template' }),
          Type.Record(Type.String(), Type.Unknown(), { description: 'JSON; string values are templates' }),
        ],
        { description: 'The request body: a template, or a JSON object whose string values are templates' },
      ),
      headers: Type.Optional(
        Type.Record(
          Type.String({ pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$" }),
          Type.String({ maxLength: 2000, pattern: '^[^\\r\\n]*$' }),
          { maxProperties: 20, description: 'Extra request headers' },
        ),
      ),
      secret: Type.Optional(
        Type.String({
          pattern: '^whsec_[A-Za-z0-9+/]{32,}={0,2}$',
          description: 'whsec_ secret: the request is signed per Standard Webhooks',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  // The body may be an object: its templates are checked in validate().
  templateParams: ['url'],
  external: true,

  async validate(params, context, pointer) {
    const problems = Object.keys(params.headers ?? {})
      .filter((name) => RESERVED_HEADERS.has(name.toLowerCase()))
      .map((name) => ({ field: `${pointer}/headers/${name}`, message: 'is set by Stageflow' }));
    for (const [path, value] of templateLeaves(params.body, `${pointer}/body`))
      problems.push(...context.validateTemplate(value, path));
    return problems;
  },

  async run(params, ctx) {
    const http = ctx.outside.http;
    if (http === undefined) {
      // The server's configuration, not the robot's, is missing: the same code as the SMS sender's.
      throw new AppError('http_unavailable', 'internal', 'Outgoing HTTP is not configured', {
        retryable: false,
      });
    }
    const url = (await ctx.templates.render(params.url, ctx.facts)).trim();
    const source = params.body;
    const json = typeof source !== 'string';
    const body =
      typeof source === 'string'
        ? await ctx.templates.render(source, ctx.facts)
        : JSON.stringify(await renderLeaves(source, ctx));
    const webhookId = `msg_${ctx.idempotencyKey}`;
    const headers: Record<string, string> = {
      'content-type': json || looksLikeJson(body) ? 'application/json' : 'text/plain; charset=utf-8',
      'user-agent': 'Stageflow-Webhooks/1',
      'idempotency-key': ctx.idempotencyKey,
      ...params.headers,
    };
    if (params.secret !== undefined) {
      // Real time, not the (possibly manual) clock: receivers check it against their own clock.
      const now = new Date();
      headers['webhook-id'] = webhookId;
      headers['webhook-timestamp'] = String(Math.floor(now.getTime() / 1000));
      headers['webhook-signature'] = new Webhook(params.secret).sign(webhookId, now, body);
    }
    const response = await http.send(
      { method: params.method ?? 'POST', url, headers, body },
      ctx.abortSignal,
    );
    // The run's record is read by viewers: credentials the URL carries are masked there.
    const changes = { url: maskUrlCredentials(url), status: response.status, webhookId };
    if (response.status >= 200 && response.status < 300) return { changes };
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new AppError(
      retryable ? 'webhook_unavailable' : 'webhook_rejected',
      retryable ? 'internal' : 'invalid',
      `${new URL(url).host} answered ${response.status}${response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : ''}`,
      { retryable, details: changes },
    );
  },
});

const looksLikeJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

function* templateLeaves(value: unknown, pointer: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [pointer, value];
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value))
      yield* templateLeaves(child, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  }
}

async function renderLeaves(value: unknown, ctx: ActionContext): Promise<unknown> {
  if (typeof value === 'string') return ctx.templates.render(value, ctx.facts);
  if (Array.isArray(value)) return Promise.all(value.map((entry) => renderLeaves(entry, ctx)));
  if (value !== null && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, child]) => [key, await renderLeaves(child, ctx)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}
