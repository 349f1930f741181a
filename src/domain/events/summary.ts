/**
 * The few values of an event's data a person reads first ("payment BP-123 of 100.00 RUB"), for
 * the journal. Keys keep the catalogue's names, so the UI words them in its own language.
 */
const SUMMARY_KEYS = [
  'paymentId',
  'amount',
  'currency',
  'documentId',
  'number',
  'kind',
  'reference',
  'from',
  'to',
  'subject',
  'phone',
  'url',
  'formName',
  'taskId',
  'title',
  'status',
  'previousStatus',
  'resource',
  'name',
  'fields',
  'fromStageId',
  'toStageId',
] as const;

const MAX_TEXT = 120;

export type EventSummary = Readonly<Record<string, string | number | boolean>>;

export function summarizeEvent(data: Readonly<Record<string, unknown>>): EventSummary {
  const summary: Record<string, string | number | boolean> = {};
  for (const key of SUMMARY_KEYS) {
    const value = data[key];
    if (typeof value === 'number' || typeof value === 'boolean') summary[key] = value;
    else if (typeof value === 'string' && value !== '') summary[key] = shorten(value);
    else if (Array.isArray(value) && value.every((part) => typeof part === 'string'))
      summary[key] = shorten(value.join(', '));
  }
  return summary;
}

const shorten = (text: string): string => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);
