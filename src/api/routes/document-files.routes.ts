import { Type } from 'typebox';
import type { AutomationEngine } from '../../automation/engine.ts';
import type { PdfRenderer } from '../../automation/outside-ports.ts';
import { DOCUMENT_KIND_PATTERN, type Document } from '../../domain/item.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { IdParams, problemResponses, responses } from '../schemas/common.ts';
import { DocumentSchema, DocumentWritingProperties, documentLinesOf } from '../schemas/documents.ts';
import { apiAuthor } from './items.routes.ts';

/**
 * Headers of a document's page. Its HTML comes from a template a manager wrote, so the page may run
 * no script, post no form, load nothing and be framed by no one.
 */
export const DOCUMENT_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/** A document's page: its stored HTML in a plain frame, no scripts. */
export function documentPage(document: Document, html: string, pdfHref: string | undefined): string {
  const title = `${document.kind} ${document.number}`.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const link = pdfHref === undefined ? '' : `<p><a href="${pdfHref}" download>PDF</a></p>\n`;
  return `<!doctype html>
<html lang="${document.language ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left}</style></head>
<body>
${html}
${link}</body></html>
`;
}

/**
 * The stored HTML and the PDF laid out from it; both stay as they were when the document was made.
 * A document made before templates existed is rendered now with its kind's default template.
 */
export async function documentFiles(
  engine: AutomationEngine,
  pdf: PdfRenderer,
  id: string,
): Promise<{ document: Document; html: string; pdf: () => Promise<Uint8Array> }> {
  const { document, ...rendering } = await engine.documentRendering(id);
  return {
    document,
    html: rendering.html,
    pdf: () =>
      pdf.render(rendering.html, {
        title: `${rendering.snapshot.title} ${document.number}`,
        createdAt: document.createdAt,
      }),
  };
}

export const pdfFileName = (document: Document) =>
  `${document.kind}-${document.number}.pdf`.replace(/[^\p{L}\p{N}._-]/gu, '_');

export function registerDocumentFilesRoutes(app: App, { engine, pdf }: AppContext): void {
  app.get(
    '/api/v1/documents/:id/html',
    {
      schema: {
        tags: ['documents'],
        summary: 'The document as HTML',
        description:
          "Rendered from its template when it was made; later changes of the item do not change it. One made before templates existed is rendered on request with its kind's default template",
        params: IdParams,
        response: {
          ...problemResponses,
          200: { description: 'HTML page', content: { 'text/html': { schema: Type.String() } } },
        },
      },
    },
    async (request, reply) => {
      const files = await documentFiles(engine, pdf, request.params.id);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', DOCUMENT_PAGE_CSP)
        .send(documentPage(files.document, files.html, `/api/v1/documents/${files.document.id}/pdf`));
    },
  );

  app.get(
    '/api/v1/documents/:id/pdf',
    {
      schema: {
        tags: ['documents'],
        summary: 'The document as PDF',
        description: 'Laid out from the stored HTML: the same document always gives the same file',
        params: IdParams,
        response: {
          ...problemResponses,
          200: {
            description: 'PDF',
            content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
          },
        },
      },
    },
    async (request, reply) => {
      const files = await documentFiles(engine, pdf, request.params.id);
      return (
        reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="${pdfFileName(files.document)}"`)
          // The schema's string type describes the body for OpenAPI; a Buffer is sent as its bytes.
          .send(Buffer.from(await files.pdf()) as unknown as string)
      );
    },
  );

  app.post(
    '/api/v1/items/:id/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Create a document of an item from a template',
        description:
          "Numbered from the kind's sequence, written with its template over the item's facts; fromKind copies the item's latest document of that kind (an invoice from a quote)",
        params: IdParams,
        body: Type.Object(
          {
            kind: Type.String({ pattern: DOCUMENT_KIND_PATTERN }),
            fromKind: Type.Optional(Type.String({ pattern: DOCUMENT_KIND_PATTERN })),
            ...DocumentWritingProperties,
          },
          { additionalProperties: false },
        ),
        response: responses({ 201: DocumentSchema }),
      },
    },
    async (request, reply) => {
      const { lines, ...input } = request.body;
      const document = await engine.createItemDocument(
        { ...input, itemId: request.params.id, lines: documentLinesOf(lines) },
        apiAuthor(request),
      );
      return reply.status(201).header('etag', `"${document.version}"`).send(document);
    },
  );
}
