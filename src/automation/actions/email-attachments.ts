import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import type { Document } from '../../domain/item.ts';
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
      document: Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          'A document of the item, sent as PDF: "latest:<kind>" (its newest of that kind) or a document id',
      }),
    },
    { additionalProperties: false },
  ),
  { maxItems: MAX_ATTACHMENTS, description: 'Files sent with the email. Default: none' },
);

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

/**
 * The PDFs of the documents the email names, laid out from what each document stored when it
 * was made: a retried run attaches the same bytes.
 */
export async function emailAttachments(
  references: readonly { document: string }[],
  ctx: ActionContext,
): Promise<EmailAttachment[]> {
  if (references.length === 0) return [];
  const pdf = ctx.outside.pdf;
  if (pdf === undefined) {
    throw new AppError('pdf_renderer_missing', 'internal', 'No PDF renderer is configured', {
      retryable: false,
    });
  }
  const files: EmailAttachment[] = [];
  let bytes = 0;
  for (const { document: reference } of references) {
    const document = await documentOf(reference, ctx);
    const rendering = await ctx.tx.documents.rendering(document.id);
    if (rendering === undefined) {
      throw actionFailed('attachment_missing', `Document ${document.number} was not made from a template`, {
        document: reference,
      });
    }
    const content = await pdf.render(rendering.html, {
      title: `${rendering.snapshot.title} ${document.number}`,
      createdAt: document.createdAt,
    });
    bytes += content.byteLength;
    if (bytes > MAX_ATTACHMENT_BYTES) {
      throw actionFailed(
        'attachment_too_large',
        `The attachments are larger than ${MAX_ATTACHMENT_BYTES} bytes`,
      );
    }
    files.push({ filename: fileName(document), contentType: 'application/pdf', content });
  }
  return files;
}
