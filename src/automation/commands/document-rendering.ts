import type { Contact } from '../../domain/contact.ts';
import {
  DOCUMENT_LANGUAGES,
  type DocumentLanguage,
  kindTitle,
} from '../../domain/documents/default-templates.ts';
import type { DocumentSnapshot } from '../../domain/documents/document-snapshot.ts';
import { notFound } from '../../domain/errors.ts';
import type { Document, Item } from '../../domain/item.ts';
import type { User } from '../../domain/user.ts';
import type { TemplateRenderer } from '../actions/define-action.ts';
import type { EngineContext } from '../engine-context.ts';
import type { DocumentTemplatesPort } from '../ports.ts';
import type { DocumentRendering } from '../record-ports.ts';
import { contactFacts, personFacts, renderHtml, wholeDocumentLine, wordingOf } from './issue-document.ts';

/** What rendering a document reads: the API's store and a run's ports alike. */
export interface DocumentReader {
  readonly documents: { rendering(id: string): Promise<DocumentRendering | undefined> };
  readonly documentTemplates: Pick<DocumentTemplatesPort, 'find' | 'defaultOf'>;
  readonly contacts: { find(id: string): Promise<Contact | undefined> };
  readonly users: { find(id: string): Promise<User | undefined> };
}

/** A document with what it is shown and printed from. */
export interface RenderedDocument extends DocumentRendering {
  readonly document: Document;
}

const languageOf = (document: Document): DocumentLanguage =>
  DOCUMENT_LANGUAGES.find((language) => language === document.language) ?? 'en';

/**
 * A document's HTML and the facts it was rendered from: those stored when it was made. A document
 * made before templates existed (migration 0022) stored none; it is rendered on request with its
 * kind's current default template in its language (else English), over the facts it kept (kind,
 * number, amount, date) and its item's current ones (read through `item` only then). Nothing is
 * stored, so such a document follows its kind's default template until it is made again.
 */
export async function renderingOf(
  reader: DocumentReader,
  templates: TemplateRenderer,
  document: Document,
  item: () => Promise<Item | undefined>,
): Promise<DocumentRendering> {
  const stored = await reader.documents.rendering(document.id);
  if (stored !== undefined) return stored;
  const language = languageOf(document);
  const snapshot = await snapshotNow(reader, document, language, await item());
  const wording = await wordingOf(reader, { kind: document.kind, language });
  return { snapshot, html: await renderHtml(templates, wording.body, snapshot) };
}

/** A document by id with its rendering (GET /documents/{id}/html and /pdf, share links). */
export async function documentRendering(context: EngineContext, id: string): Promise<RenderedDocument> {
  const tx = context.store.direct();
  const document = await tx.documents.find(id);
  if (document === undefined) throw notFound('document', id);
  const item = async () => (document.itemId === null ? undefined : tx.items.find(document.itemId));
  return { document, ...(await renderingOf(tx, context.templates, document, item)) };
}

async function snapshotNow(
  reader: DocumentReader,
  document: Document,
  language: DocumentLanguage,
  item: Item | undefined,
): Promise<DocumentSnapshot> {
  const [contact, responsible] = await Promise.all([
    item?.contactId == null ? undefined : reader.contacts.find(item.contactId),
    item?.responsibleId == null ? undefined : reader.users.find(item.responsibleId),
  ]);
  return {
    kind: document.kind,
    title: kindTitle(document.kind, language),
    number: document.number,
    date: document.createdAt.slice(0, 10),
    amount: document.amount,
    currency: document.currency,
    language,
    lines: [wholeDocumentLine(document)],
    item:
      item === undefined
        ? null
        : { id: item.id, title: item.title, amount: item.amount, currency: item.currency },
    fields: item?.fields ?? {},
    contact: contactFacts(contact),
    responsible: personFacts(responsible),
  };
}
