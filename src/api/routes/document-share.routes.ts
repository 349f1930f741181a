import { Type } from 'typebox';
import { REQUEST_PUBLIC_URL } from '../../channels/http/public-url.ts';
import { AppError, invalid } from '../../domain/errors.ts';
import { addDuration, readDuration } from '../../domain/timing/duration.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, ProblemSchema, responses } from '../schemas/common.ts';
import { ShareBodySchema, ShareLinkSchema, ShareParams } from '../schemas/site-tracking.ts';
import { DOCUMENT_PAGE_CSP, documentFiles, documentPage, pdfFileName } from './document-files.routes.ts';

const MAX_EXPIRY_MS = 365 * 24 * 3_600_000;

const unknownLink = () =>
  new AppError('share_link_unknown', 'not_found', 'This document link is not known or has expired');

function expiryOf(text: string | undefined, now: Date): Date | null {
  if (text === undefined) return null;
  const duration = readDuration(text);
  if ('problem' in duration) throw invalid('/body/expiresIn', duration.problem);
  const expiresAt = addDuration(now, duration, 'UTC');
  const millis = expiresAt.getTime() - now.getTime();
  if (duration.sign < 0 || millis <= 0 || millis > MAX_EXPIRY_MS) {
    throw invalid('/body/expiresIn', 'must be between PT1S and P365D');
  }
  return expiresAt;
}

/**
 * Share links of documents. The first view through a link becomes `document.viewed` (its id is
 * derived from the link, so reloading the page is not a new event); every view is counted.
 */
export function registerDocumentShareRoutes(
  app: App,
  { repos, clock, engine, pdf, publicUrl = REQUEST_PUBLIC_URL }: AppContext,
): void {
  app.post(
    '/api/v1/documents/:id/share',
    {
      schema: {
        tags: ['documents'],
        summary: 'Create a share link of a document',
        description: 'Answers the public URL GET /d/{token} once; optional expiresIn (ISO 8601 duration).',
        params: IdParams,
        body: Type.Optional(ShareBodySchema),
        response: responses({ 201: ShareLinkSchema }),
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const expiresAt = expiryOf(request.body?.expiresIn, now);
      const document = await repos.documents.getOrThrow(request.params.id);
      const token = await repos.documentShares.issueShareToken(document.id, now, expiresAt);
      return reply.status(201).send({
        documentId: document.id,
        token,
        url: publicUrl.to(`/d/${token}`, request),
        expiresAt: expiresAt?.toISOString() ?? null,
      });
    },
  );

  app.get(
    '/d/:token',
    {
      schema: {
        tags: ['documents'],
        summary: 'A shared document (public page)',
        description:
          'Public. The document as HTML, with a link to its PDF; the first view is document.viewed.',
        security: [],
        params: ShareParams,
        response: {
          200: { description: 'HTML page', content: { 'text/html': { schema: Type.String() } } },
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const view = await repos.documentShares.viewShared(request.params.token, now);
      if (view === undefined) throw unknownLink();
      const document = await repos.documents.find(view.documentId);
      if (document === undefined) throw unknownLink();
      if (view.views === 0) {
        await engine.accept([
          {
            id: `document.viewed:${view.tokenHash.slice(0, 32)}`,
            type: 'document.viewed',
            source: 'share-link',
            occurredAt: now,
            subject: { documentId: document.id },
            data: { documentId: document.id, kind: document.kind, number: document.number },
          },
        ]);
      }
      const { html } = await engine.documentRendering(document.id);
      const page = documentPage(document, html, `/d/${request.params.token}/pdf`);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store, private')
        .header('content-security-policy', DOCUMENT_PAGE_CSP)
        .header('referrer-policy', 'no-referrer')
        .send(page);
    },
  );

  app.get(
    '/d/:token/pdf',
    {
      schema: {
        tags: ['documents'],
        summary: 'A shared document as PDF (public)',
        description: 'Public. The PDF of the shared document; not a view of its own.',
        security: [],
        params: ShareParams,
        response: {
          200: {
            description: 'PDF',
            content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
          },
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const shared = await repos.documentShares.findShared(request.params.token, clock.now());
      if (shared === undefined) throw unknownLink();
      const files = await documentFiles(engine, pdf, shared).catch(() => {
        throw unknownLink();
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('cache-control', 'no-store, private')
        .header('content-disposition', `attachment; filename="${pdfFileName(files.document)}"`)
        .send(Buffer.from(await files.pdf()) as unknown as string);
    },
  );
}
