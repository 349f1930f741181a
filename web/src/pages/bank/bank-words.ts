import type { BankStatementSummary } from './bank-types.ts';

/** One sentence of an import's outcome: an i18n key of the bank namespace and its values. */
export interface SummarySentence {
  readonly key: string;
  readonly values: Readonly<Record<string, number>>;
}

/**
 * What an import did, as the sentences a person reads: how much the file held, then only the
 * outcomes that happened, so "0 recorded before" never clutters the answer.
 */
export function summarySentences(summary: BankStatementSummary): SummarySentence[] {
  const sentences: SummarySentence[] = [
    { key: 'summary.documents', values: { count: summary.documents, incoming: summary.incoming } },
  ];
  if (summary.incoming === 0) return [...sentences, { key: 'summary.nothingIncoming', values: {} }];
  if (summary.matchedNew > 0)
    sentences.push({ key: 'summary.matchedNew', values: { count: summary.matchedNew } });
  if (summary.matchedBefore > 0)
    sentences.push({ key: 'summary.matchedBefore', values: { count: summary.matchedBefore } });
  if (summary.unmatched > 0)
    sentences.push({ key: 'summary.unmatched', values: { count: summary.unmatched } });
  return sentences;
}

/**
 * A payment order's calendar date (YYYY-MM-DD) in the user's locale. It is a day, not an instant:
 * formatted in UTC so no time zone moves it to the day before.
 */
export function formatPaymentDate(date: string, locale: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(day);
}
