import type { Contact } from '../../domain/contact.ts';
import {
  type DocumentLanguage,
  defaultTemplate,
  kindTitle,
} from '../../domain/documents/default-templates.ts';
import { type DocumentLine, linesOfItem, linesTotalMinor } from '../../domain/documents/document-lines.ts';
import type { DocumentSnapshot } from '../../domain/documents/document-snapshot.ts';
import { formatDocumentNumber } from '../../domain/documents/numbering.ts';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import {
  type Author,
  DEFAULT_CURRENCY,
  type Document,
  type DocumentStatus,
  type Item,
} from '../../domain/item.ts';
import { formatMoney, parseMoney } from '../../domain/money.ts';
import type { User } from '../../domain/user.ts';
import type { TemplateRenderer } from '../actions/define-action.ts';
import type { Cause, EngineContext } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';
import { documentEvents } from './internal-events.ts';

/** A document to make; everything but the kind has a default taken from the item. */
export interface IssueDocumentInput {
  readonly itemId: string | null;
  readonly kind: string;
  /** A number of its own; default: the next of the kind's sequence (INV-2026-0001). */
  readonly number?: string | undefined;
  /** A stored template; default: the kind's default template, else the shipped one. */
  readonly templateId?: string | undefined;
  /** The wording of the shipped template. Default: the stored template's, else `en`. */
  readonly language?: DocumentLanguage | undefined;
  readonly lines?: readonly DocumentLine[] | undefined;
  /** Default: the total of the lines. */
  readonly amountMinor?: number | undefined;
  readonly currency?: string | undefined;
  readonly status?: DocumentStatus | undefined;
  /** Another document of the item whose lines, amount and currency are copied (a quote). */
  readonly fromDocumentId?: string | undefined;
}

interface Wording {
  readonly templateId: string;
  readonly language: DocumentLanguage;
  readonly body: string;
}

/** The template the document is written with. */
export async function wordingOf(
  tx: { readonly documentTemplates: Pick<EngineTx['documentTemplates'], 'find' | 'defaultOf'> },
  input: Pick<IssueDocumentInput, 'kind' | 'templateId' | 'language'>,
): Promise<Wording> {
  if (input.templateId !== undefined) {
    const template = await tx.documentTemplates.find(input.templateId);
    if (template === undefined) throw notFound('document_template', input.templateId);
    return { templateId: template.id, language: template.language, body: template.body };
  }
  const stored = await tx.documentTemplates.defaultOf(input.kind);
  if (stored !== undefined && (input.language === undefined || input.language === stored.language)) {
    return { templateId: stored.id, language: stored.language, body: stored.body };
  }
  const language = input.language ?? 'en';
  return { templateId: 'default', language, body: defaultTemplate(input.kind, language) };
}

interface Source {
  readonly lines: readonly DocumentLine[];
  readonly amountMinor: number;
  readonly currency: string;
}

async function sourceOf(tx: EngineTx, id: string, itemId: string | null): Promise<Source> {
  const source = await tx.documents.find(id);
  if (source === undefined || source.itemId !== itemId) {
    throw new AppError(
      'document_source_missing',
      'invalid',
      `Document ${id} is not a document of this item`,
      {
        retryable: false,
      },
    );
  }
  const amountMinor = parseMoney(source.amount) ?? 0;
  const rendering = await tx.documents.rendering(source.id);
  return {
    lines: rendering?.snapshot.lines ?? [wholeDocumentLine(source)],
    amountMinor,
    currency: source.currency,
  };
}

/** A document that kept no lines (made before templates) as one line: its kind and number at its amount. */
export const wholeDocumentLine = (document: Document): DocumentLine => ({
  name: `${document.kind} ${document.number}`,
  quantity: 1,
  price: document.amount,
  amount: document.amount,
});

export const contactFacts = (contact: Contact | undefined): DocumentSnapshot['contact'] =>
  contact === undefined
    ? null
    : {
        name: contact.name,
        company: contact.company,
        email: contact.emails[0] ?? null,
        phone: contact.phones[0] ?? null,
      };

export const personFacts = (user: User | undefined): DocumentSnapshot['responsible'] =>
  user === undefined ? null : { name: user.name, email: user.email };

export async function renderHtml(templates: TemplateRenderer, body: string, snapshot: DocumentSnapshot) {
  const facts = snapshot as unknown as Readonly<Record<string, unknown>>;
  return templates.renderHtml === undefined
    ? templates.render(body, facts)
    : templates.renderHtml(body, facts);
}

/**
 * Makes a document inside `tx`: numbers it from the kind's sequence (the counter is raised in
 * this same transaction, so a rolled-back creation gives its number back), renders its template
 * over a snapshot of the item's facts and keeps both, writes the item's timeline entry and
 * document.created. Used by the API's commands and by the create_document action.
 */
export async function issueDocument(
  context: EngineContext,
  tx: EngineTx,
  input: IssueDocumentInput,
  author: Author,
  cause?: Cause,
): Promise<Document> {
  const item: Item | undefined = input.itemId === null ? undefined : await tx.items.find(input.itemId);
  if (input.itemId !== null && item === undefined)
    throw invalid('/body/itemId', `item ${input.itemId} does not exist`);
  const now = context.clock.now();
  const year = now.getUTCFullYear();
  // Taken first: whatever fails below rolls the counter back with the rest.
  const number =
    input.number ??
    formatDocumentNumber(
      await tx.documents.prefixOf(input.kind),
      year,
      await tx.documents.allocateNumber(input.kind, year),
    );
  const source =
    input.fromDocumentId === undefined ? undefined : await sourceOf(tx, input.fromDocumentId, input.itemId);
  const wording = await wordingOf(tx, input);
  const lines = input.lines ?? source?.lines ?? (item === undefined ? [] : linesOfItem(item));
  const amountMinor =
    input.amountMinor ??
    source?.amountMinor ??
    (lines.length > 0 ? linesTotalMinor(lines) : (parseMoney(item?.amount ?? '0') ?? 0));
  const currency =
    input.currency ?? source?.currency ?? item?.currency ?? context.defaultCurrency ?? DEFAULT_CURRENCY;
  const [contact, responsible] = await Promise.all([
    item?.contactId == null ? undefined : tx.contacts.find(item.contactId),
    item?.responsibleId == null ? undefined : tx.users.find(item.responsibleId),
  ]);
  const snapshot: DocumentSnapshot = {
    kind: input.kind,
    title: kindTitle(input.kind, wording.language),
    number,
    date: now.toISOString().slice(0, 10),
    amount: formatMoney(amountMinor),
    currency,
    language: wording.language,
    lines,
    item:
      item === undefined
        ? null
        : { id: item.id, title: item.title, amount: item.amount, currency: item.currency },
    fields: item?.fields ?? {},
    contact: contactFacts(contact),
    responsible: personFacts(responsible),
  };
  const html = await renderHtml(context.templates, wording.body, snapshot);
  const created = await tx.documents.create(
    {
      itemId: input.itemId,
      kind: input.kind,
      number,
      amountMinor,
      currency,
      status: input.status ?? 'draft',
      templateId: wording.templateId,
      language: wording.language,
      sourceDocumentId: input.fromDocumentId ?? null,
      snapshot,
      html,
    },
    now,
  );
  if (created.itemId !== null) {
    await tx.timeline.add(
      {
        itemId: created.itemId,
        kind: 'document_created',
        text: `Document ${created.kind} ${created.number} created for ${created.amount} ${created.currency}`,
        data: {
          documentId: created.id,
          kind: created.kind,
          number: created.number,
          amount: created.amount,
          currency: created.currency,
        },
        author,
        ...(cause !== undefined && { rootEventId: cause.rootEventId }),
      },
      now,
    );
  }
  for (const event of documentEvents(undefined, created)) {
    await tx.events.insert(
      {
        id: context.ids(),
        source: 'stageflow',
        occurredAt: now,
        ...event,
        ...(cause !== undefined && {
          rootEventId: cause.rootEventId ?? undefined,
          depth: cause.depth,
          causeRunId: cause.runId ?? undefined,
        }),
      },
      now,
    );
  }
  return created;
}
