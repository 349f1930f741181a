import { Type } from 'typebox';
import { AppError, type FieldProblem } from '../../domain/errors.ts';
import type { Document } from '../../domain/item.ts';
import { renderingOf } from '../commands/document-rendering.ts';
import type { EmailAttachment } from '../outside-ports.ts';
import { actionFailed } from './action-support.ts';
import type { ActionContext } from './define-action.ts';

/** Most files one email carries. */
export const MAX_ATTACHMENTS = 10;

/** Most bytes of all the files of one email together: 10 MiB, under common SMTP limits once encoded. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const LATEST = /^latest:([a-z][a-z0-9_]{0,39})$/;

export const AttachmentsSchema = Type.Array(
  Type.Object(
    {
      document: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 100,
          description:
            'A document of the item, sent as PDF: "latest:<kind>" (its newest of that kind) or a document id',
        }),
      ),
      file: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 100,
          description: 'The id of a file uploaded to the item (POST /api/v1/items/{id}/files)',
        }),
      ),
    },
    { additionalProperties: false, description: 'Exactly one of document and file' },
  ),
  { maxItems: MAX_ATTACHMENTS, description: 'Files sent with the email. Default: none' },
);

interface AttachmentRef {
  readonly document?: string | undefined;
  readonly file?: string | undefined;
}

/** Each attachment names exactly one document or file. */
export function validateAttachments(attachments: readonly AttachmentRef[], pointer: string): FieldProblem[] {
  return attachments.flatMap((attachment, index) =>
    (attachment.document === undefined) === (attachment.file === undefined)
      ? [{ field: `${pointer}/${index}`, message: 'must name exactly one of document and file' }]
      : [],
  );
}

async function documentOf(reference: string, ctx: ActionContext): Promise<Document> {
  const latest = LATEST.exec(reference);
  const found =
    latest?.[1] !== undefined
      ? await ctx.tx.documents.latestOfKind(ctx.item.id, latest[1])
      : await ctx.tx.documents.find(reference);
  if (found === undefined || found.itemId !== ctx.item.id) {
    throw actionFailed('attachment_missing', `The item has no document "${reference}" to attach`, {
      document: reference,
    });
  }
  return found;
}

const fileName = (document: Document) =>
  `${document.kind}-${document.number}.pdf`.replace(/[^\p{L}\p{N}._-]/gu, '_');

/** A document laid out as PDF from what it stored when it was made: the same bytes on every retry. */
async function documentPdf(reference: string, ctx: ActionContext): Promise<EmailAttachment> {
  const pdf = ctx.outside.pdf;
  if (pdf === undefined) {
    throw new AppError('pdf_renderer_missing', 'internal', 'No PDF renderer is configured', {
      retryable: false,
    });
  }
  const document = await documentOf(reference, ctx);
  // A document made before templates is laid out from its kind's default template (renderingOf).
  const rendering = await renderingOf(ctx.tx, ctx.templates, document, async () => ctx.item);
  const content = await pdf.render(rendering.html, {
    title: `${rendering.snapshot.title} ${document.number}`,
    createdAt: document.createdAt,
  });
  return { filename: fileName(document), contentType: 'application/pdf', content };
}

async function uploadedFile(id: string, ctx: ActionContext): Promise<EmailAttachment> {
  const file = await ctx.tx.itemFiles.findWithContent(id);
  if (file === undefined || file.itemId !== ctx.item.id) {
    throw actionFailed('attachment_missing', `The item has no file ${id} to attach`, { file: id });
  }
  return { filename: file.name, contentType: file.contentType, content: file.content };
}

/** The files the email names: documents of the item as PDF, and files uploaded to it. */
export async function emailAttachments(
  references: readonly AttachmentRef[],
  ctx: ActionContext,
): Promise<EmailAttachment[]> {
  const files: EmailAttachment[] = [];
  let bytes = 0;
  for (const reference of references) {
    const file =
      reference.file !== undefined
        ? await uploadedFile(reference.file, ctx)
        : await documentPdf(reference.document ?? '', ctx);
    bytes += file.content.byteLength;
    if (bytes > MAX_ATTACHMENT_BYTES) {
      throw actionFailed(
        'attachment_too_large',
        `The attachments are larger than ${MAX_ATTACHMENT_BYTES} bytes`,
      );
    }
    files.push(file);
  }
  return files;
}
