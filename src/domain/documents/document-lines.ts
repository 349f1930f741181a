import { formatMoney, parseMoney } from '../money.ts';

/** One line of a document: what is sold, how many, at what price (money in exact decimal text). */
export interface DocumentLine {
  readonly name: string;
  readonly quantity: number;
  readonly price: string;
  readonly amount: string;
}

/** Most lines one document holds. */
export const MAX_DOCUMENT_LINES = 200;

const record = (value: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const priceMinor = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 100);
  if (typeof value === 'string') return parseMoney(value.trim());
  return undefined;
};

/** A line from its name, quantity and unit price in minor units; the amount is their product. */
export function lineOf(name: string, quantity: number, priceMinorUnits: number): DocumentLine {
  return {
    name,
    quantity,
    price: formatMoney(priceMinorUnits),
    amount: formatMoney(Math.round(quantity * priceMinorUnits)),
  };
}

/**
 * The lines of an item: its custom field `lines` when it is a list of `{name, quantity, price}`
 * (entries that are not are left out), otherwise one line of the item's title at its amount.
 */
export function linesOfItem(item: {
  readonly title: string;
  readonly amount: string;
  readonly fields: Readonly<Record<string, unknown>>;
}): DocumentLine[] {
  const listed = item.fields['lines'];
  if (Array.isArray(listed)) {
    const lines: DocumentLine[] = [];
    for (const entry of listed.slice(0, MAX_DOCUMENT_LINES)) {
      const line = record(entry);
      const name = line?.['name'];
      const price = priceMinor(line?.['price']);
      const quantity = line?.['quantity'] ?? 1;
      if (typeof name !== 'string' || price === undefined || typeof quantity !== 'number') continue;
      if (!Number.isFinite(quantity) || quantity <= 0) continue;
      lines.push(lineOf(name, quantity, price));
    }
    if (lines.length > 0) return lines;
  }
  return [lineOf(item.title, 1, parseMoney(item.amount) ?? 0)];
}

/** The total of the lines in minor units. */
export const linesTotalMinor = (lines: readonly DocumentLine[]): number =>
  lines.reduce((sum, line) => sum + (parseMoney(line.amount) ?? 0), 0);
