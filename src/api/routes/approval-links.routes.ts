import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OpenedApprovalLink } from '../../automation/commands/open-approval-link.ts';
import type { Approval } from '../../domain/approval.ts';
import { AppError } from '../../domain/errors.ts';
import { type Language, preferredLanguage } from '../../domain/localized.ts';
import { formatMailTime } from '../../domain/notification-mail.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { ApprovalLinkParams } from '../schemas/approvals.ts';

const URLENCODED = 'application/x-www-form-urlencoded';
const MAX_BODY = 16 * 1024;
const HTML = { description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } };

/** No script at all; the page may post only back to this server, and no one may frame it. */
const HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store, private',
  'x-robots-tag': 'noindex',
};

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function pageOf(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
textarea{width:100%;min-height:5rem}button{font-size:1rem;padding:.5rem 1.25rem}</style></head>
<body><main>${body}</main></body></html>
`;
}

/** The pages' words, in the language of the approver the link was sent to. */
const WORDS = {
  en: {
    verb: { approve: 'Approve', reject: 'Reject' },
    done: { approve: 'Approved', reject: 'Rejected' },
    item: 'Item',
    due: 'Decide by',
    askedOf: (name: string) => `Asked of ${name}. Nothing is decided until you confirm.`,
    comment: 'Comment (optional)',
    status: { pending: 'pending', approved: 'approved', rejected: 'rejected' },
    decided: (status: string) => `This approval was ${status} already; the first decision stands.`,
    stale: 'This link is no longer current: the approval has moved on to another approver.',
    used: 'Approval link used',
    recorded: 'Your decision is recorded.',
    next: 'It goes on to the next approver.',
    thanks: 'Thank you.',
    problemTitle: 'Approval link',
    problem: 'This link cannot be used',
    invalid: 'This approval link is not valid: it may be cut short.',
  },
  ru: {
    verb: { approve: 'Одобрить', reject: 'Отклонить' },
    done: { approve: 'Одобрено', reject: 'Отклонено' },
    item: 'Элемент',
    due: 'Решите до',
    askedOf: (name: string) => `Запрошено у: ${name}. Ничего не решено, пока вы не подтвердите.`,
    comment: 'Комментарий (необязательно)',
    status: { pending: 'ожидает решения', approved: 'одобрено', rejected: 'отклонено' },
    decided: (status: string) => `Это согласование уже ${status}; в силе первое решение.`,
    stale: 'Эта ссылка больше не действует: согласование перешло к другому согласующему.',
    used: 'Ссылка согласования использована',
    recorded: 'Ваше решение записано.',
    next: 'Согласование переходит к следующему согласующему.',
    thanks: 'Спасибо.',
    problemTitle: 'Ссылка согласования',
    problem: 'Эту ссылку нельзя использовать',
    invalid: 'Эта ссылка согласования недействительна: возможно, она обрезана.',
  },
} as const;

function confirmPage(opened: OpenedApprovalLink): string {
  const { approval, link, language } = opened;
  const words = WORDS[language];
  const verb = words.verb[link.decision];
  const item = opened.itemTitle === undefined ? '' : `<p>${words.item}: ${escapeHtml(opened.itemTitle)}</p>`;
  const due =
    approval.dueAt === null
      ? ''
      : `<p>${words.due}: ${escapeHtml(formatMailTime(approval.dueAt, language, opened.timeZone))}</p>`;
  return pageOf(
    language,
    `${verb}: ${approval.title}`,
    `<h1>${verb}?</h1><p><strong>${escapeHtml(approval.title)}</strong></p>${item}${due}
<p>${escapeHtml(words.askedOf(opened.approverName))}</p>
<form method="post"><p><label for="comment">${words.comment}</label><br>
<textarea id="comment" name="comment" maxlength="2000"></textarea></p>
<p><button type="submit">${verb}</button></p></form>`,
  );
}

function closedPage(opened: OpenedApprovalLink, closed: 'decided' | 'stale'): string {
  const { approval, language } = opened;
  const words = WORDS[language];
  const text = closed === 'decided' ? words.decided(words.status[approval.status]) : words.stale;
  return pageOf(language, words.used, `<h1>${escapeHtml(approval.title)}</h1><p>${text}</p>`);
}

function decidedPage(opened: OpenedApprovalLink, approval: Approval): string {
  const words = WORDS[opened.language];
  const done = words.done[opened.link.decision];
  const next = approval.status === 'pending' ? words.next : words.thanks;
  return pageOf(
    opened.language,
    done,
    `<h1>${done}</h1><p>${escapeHtml(approval.title)}</p><p>${words.recorded} ${next}</p>`,
  );
}

/** A link that is no approval's: no approver to speak for, so the browser's language. */
function problemPage(request: FastifyRequest): string {
  const language = preferredLanguage(request.headers['accept-language']);
  const words = WORDS[language];
  return pageOf(language, words.problemTitle, `<h1>${words.problem}</h1><p>${words.invalid}</p>`);
}

const send = (reply: FastifyReply, status: number, html: string) =>
  reply.status(status).headers(HEADERS).send(html);

/**
 * The one-click links of approval mail. Opening one (GET) only shows what it would decide, so a
 * mail scanner that fetches links decides nothing; the page's button posts back (POST), and that
 * decides. A used link, or one whose step is over, says so with 409.
 */
export function registerApprovalLinkRoutes(app: App, { engine }: AppContext): void {
  async function open(token: string): Promise<OpenedApprovalLink | AppError> {
    try {
      return await engine.openApprovalLink(token);
    } catch (error) {
      if (error instanceof AppError && error.code === 'approval_link_invalid') return error;
      throw error;
    }
  }

  app.get(
    '/a/:token',
    {
      config: { public: true },
      schema: {
        tags: ['approvals'],
        summary: 'An emailed approval link (public page)',
        description:
          'Shows what the link decides, with a button that posts it; opening it decides nothing. ' +
          '404: not a valid link; 409: the approval was decided or moved on to another approver.',
        security: [],
        params: ApprovalLinkParams,
        response: { 200: HTML, 404: HTML, 409: HTML },
      },
    },
    async (request, reply) => {
      const opened = await open(request.params.token);
      if (opened instanceof AppError) return send(reply, 404, problemPage(request));
      if (opened.closed !== undefined) return send(reply, 409, closedPage(opened, opened.closed));
      return send(reply, 200, confirmPage(opened));
    },
  );

  // Only this route reads urlencoded bodies (an encapsulated plugin): the JSON API stays JSON.
  app.register(async (scope: App) => {
    scope.addContentTypeParser(
      URLENCODED,
      { parseAs: 'string', bodyLimit: MAX_BODY },
      (_request, body, done) => done(null, new URLSearchParams(body as string)),
    );
    scope.post(
      '/a/:token',
      {
        config: { public: true },
        bodyLimit: MAX_BODY,
        schema: {
          tags: ['approvals'],
          summary: 'Confirm an emailed approval link',
          description:
            'Decides as the link says, for the approver it was sent to, with the optional `comment` field ' +
            '(application/x-www-form-urlencoded). 404: not a valid link; 409: decided already or moved on.',
          security: [],
          params: ApprovalLinkParams,
          response: { 200: HTML, 404: HTML, 409: HTML },
        },
      },
      async (request, reply) => {
        const opened = await open(request.params.token);
        if (opened instanceof AppError) return send(reply, 404, problemPage(request));
        const posted = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
        try {
          const approval = await engine.decideApproval({
            approvalId: opened.approval.id,
            decision: opened.link.decision,
            comment: posted.get('comment')?.slice(0, 2000),
            userId: opened.approverId,
            admin: false,
            via: 'link',
            step: opened.link.step,
          });
          return send(reply, 200, decidedPage(opened, approval));
        } catch (error) {
          if (
            error instanceof AppError &&
            (error.code === 'approval_decided' || error.code === 'approval_link_stale')
          ) {
            const fresh = await open(request.params.token);
            if (!(fresh instanceof AppError)) {
              return send(reply, 409, closedPage(fresh, fresh.closed ?? 'decided'));
            }
          }
          throw error;
        }
      },
    );
  });
}
