import { defaultTemplate } from '../../domain/documents/default-templates.ts';
import type { DocumentSnapshot } from '../../domain/documents/document-snapshot.ts';
import type {
  DocumentTemplate,
  DocumentTemplateChanges,
  NewDocumentTemplate,
} from '../../domain/documents/document-template.ts';
import { AppError, conflict, invalid, notFound } from '../../domain/errors.ts';
import type { EngineContext } from '../engine-context.ts';
import type { RecordChange } from '../record-ports.ts';

/** Facts of a made-up document, to find a template that cannot render before it is stored. */
const SAMPLE: DocumentSnapshot = {
  kind: 'invoice',
  title: 'Invoice',
  number: 'INV-2026-0001',
  date: '2026-01-31',
  amount: '1200.00',
  currency: 'EUR',
  language: 'en',
  lines: [{ name: 'Consulting', quantity: 2, price: '600.00', amount: '1200.00' }],
  item: { id: 'item', title: 'Deal', amount: '1200.00', currency: 'EUR' },
  fields: {},
  contact: { name: 'Anna', company: null, email: null, phone: null },
  responsible: { name: 'Ivan', email: 'ivan@example.com' },
};

async function checkRenders(context: EngineContext, body: string): Promise<void> {
  const facts = SAMPLE as unknown as Readonly<Record<string, unknown>>;
  try {
    await (context.templates.renderHtml ?? context.templates.render)(body, facts);
  } catch (error) {
    const message = error instanceof AppError ? error.message : String(error);
    throw invalid('/body/body', message);
  }
}

/** Stores a template once it renders; made the default, it replaces the kind's previous default. */
export async function createDocumentTemplate(
  context: EngineContext,
  input: NewDocumentTemplate,
): Promise<DocumentTemplate> {
  await checkRenders(context, input.body);
  return context.store.transaction((tx) => tx.documentTemplates.create(input, context.clock.now()));
}

export async function updateDocumentTemplate(
  context: EngineContext,
  { id, changes, expectedVersion }: RecordChange<DocumentTemplateChanges>,
): Promise<DocumentTemplate> {
  if (changes.body !== undefined) await checkRenders(context, changes.body);
  return context.store.transaction((tx) =>
    tx.documentTemplates.update(id, changes, expectedVersion, context.clock.now()),
  );
}

/**
 * Deletes a template no robot names: a create_document robot naming it, enabled or not, would
 * fail each run from then on, so the deletion is refused with the robots to change first.
 */
export function deleteDocumentTemplate(context: EngineContext, id: string): Promise<void> {
  return context.store.transaction(async (tx) => {
    if ((await tx.documentTemplates.find(id)) === undefined) throw notFound('document_template', id);
    const robots = await tx.documentTemplates.robotsNaming(id);
    if (robots.length > 0) {
      const names = robots.map((robot) => `"${robot.name}"`).join(', ');
      throw conflict(
        'document_template_in_use',
        `Document template ${id} is used by the robot(s) ${names}; change or delete them first`,
        { templateId: id, robots },
      );
    }
    await tx.documentTemplates.delete(id);
  });
}

/** The number prefix of a kind, for its next documents. */
export function setDocumentPrefix(context: EngineContext, kind: string, prefix: string): Promise<void> {
  return context.store.transaction((tx) => tx.documents.setPrefix(kind, prefix, context.clock.now()));
}

/** The shipped template of a kind (what a document is written with until one is stored). */
export const shippedTemplate = defaultTemplate;
