import type { DocumentLanguage } from './default-templates.ts';

/** A template people wrote for a kind of document; Liquid over the document's facts, giving HTML. */
export interface DocumentTemplate {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly language: DocumentLanguage;
  readonly body: string;
  /** Used for the kind when a document names no template. At most one per kind. */
  readonly isDefault: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export type NewDocumentTemplate = Pick<DocumentTemplate, 'kind' | 'name' | 'language' | 'body'> & {
  readonly isDefault?: boolean | undefined;
};

export type DocumentTemplateChanges = Partial<NewDocumentTemplate>;
