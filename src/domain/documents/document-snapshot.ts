import type { DocumentLine } from './document-lines.ts';

/**
 * What a document was rendered from, kept with it: its template renders again to the same HTML
 * and its PDF comes out the same however the item changes later. These are also the facts its
 * template reads: `{{ number }}`, `{{ date }}`, `{{ amount | money: currency }}`, `lines`, `item`,
 * `contact`, `fields`, `responsible`.
 */
export interface DocumentSnapshot {
  readonly kind: string;
  /** The kind's title in the document's language ("Invoice", "Счёт на оплату"). */
  readonly title: string;
  readonly number: string;
  /** The day it was made, YYYY-MM-DD (UTC). */
  readonly date: string;
  /** Exact decimal text in major units ("1200.00"). */
  readonly amount: string;
  readonly currency: string;
  readonly language: string;
  readonly lines: readonly DocumentLine[];
  readonly item: {
    readonly id: string;
    readonly title: string;
    readonly amount: string;
    readonly currency: string;
  } | null;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly contact: {
    readonly name: string;
    readonly company: string | null;
    readonly email: string | null;
    readonly phone: string | null;
  } | null;
  readonly responsible: { readonly name: string; readonly email: string } | null;
}
