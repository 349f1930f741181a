/**
 * Document numbers: `<prefix>-<year>-<sequence>` (INV-2026-0001). The sequence counts per kind
 * and year from 1; it is padded to four digits and grows past them when a year needs more.
 */

/** The prefixes of the shipped kinds; any other kind takes the first three letters of its name. */
export const DEFAULT_PREFIXES: Readonly<Record<string, string>> = {
  quote: 'QUO',
  invoice: 'INV',
  contract: 'CON',
  act: 'ACT',
};

/** Longest prefix. Unit: characters. */
export const MAX_PREFIX_LENGTH = 20;

/** Letters, digits, `-`, `_`, `/` and `.`; no spaces. */
export const PREFIX_PATTERN = '^[\\p{L}\\p{N}_./-]{1,20}$';

export function defaultPrefix(kind: string): string {
  const known = DEFAULT_PREFIXES[kind];
  if (known !== undefined) return known;
  const letters = kind
    .replace(/[^\p{L}\p{N}]/gu, '')
    .slice(0, 3)
    .toUpperCase();
  return letters === '' ? 'DOC' : letters;
}

export function formatDocumentNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(4, '0')}`;
}
