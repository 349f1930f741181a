/**
 * Reads the HTML of a document template (the subset the shipped templates write: h1-h3, p, div,
 * li, table rows of th/td, br, strong/b) into blocks a PDF is laid out from. Other tags are
 * dropped and their text kept, so a template using more HTML still gives a readable PDF.
 */

export interface Run {
  readonly text: string;
  readonly bold: boolean;
}

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly runs: readonly Run[] }
  | { readonly kind: 'paragraph'; readonly runs: readonly Run[] }
  | { readonly kind: 'table'; readonly rows: readonly (readonly { header: boolean; runs: Run[] }[])[] };

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const TOKEN = /<\s*(\/?)\s*([a-z][a-z0-9]*)[^>]*>|([^<]+)/gi;

/** The blocks of `html`, in order. */
export function htmlBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  let runs: Run[] = [];
  let bold = 0;
  let heading: 1 | 2 | 3 | undefined;
  let rows: { header: boolean; runs: Run[] }[][] | undefined;
  let row: { header: boolean; runs: Run[] }[] | undefined;
  let cell: { header: boolean; runs: Run[] } | undefined;
  const flush = () => {
    const text = runs
      .map((r) => r.text)
      .join('')
      .trim();
    if (text !== '') {
      blocks.push(
        heading === undefined ? { kind: 'paragraph', runs } : { kind: 'heading', level: heading, runs },
      );
    }
    runs = [];
  };
  for (const match of html.matchAll(TOKEN)) {
    const [, closing, rawTag, text] = match;
    if (text !== undefined) {
      const clean = decodeEntities(text.replace(/\s+/g, ' '));
      if (clean.trim() === '' && cell === undefined && runs.length === 0) continue;
      (cell?.runs ?? runs).push({ text: clean, bold: bold > 0 || cell?.header === true });
      continue;
    }
    const tag = (rawTag ?? '').toLowerCase();
    const open = closing !== '/';
    if (tag === 'strong' || tag === 'b') bold = Math.max(0, bold + (open ? 1 : -1));
    else if (tag === 'br') (cell?.runs ?? runs).push({ text: '\n', bold: false });
    else if (tag === 'h1' || tag === 'h2' || tag === 'h3') {
      flush();
      heading = open ? (Number(tag[1]) as 1 | 2 | 3) : undefined;
    } else if (tag === 'p' || tag === 'div' || tag === 'li' || tag === 'ul' || tag === 'ol') flush();
    else if (tag === 'table') {
      flush();
      if (open) rows = [];
      else if (rows !== undefined) {
        if (rows.length > 0) blocks.push({ kind: 'table', rows });
        rows = undefined;
      }
    } else if (tag === 'tr' && rows !== undefined) {
      if (open) row = [];
      else if (row !== undefined) {
        if (row.length > 0) rows.push(row);
        row = undefined;
      }
    } else if ((tag === 'td' || tag === 'th') && row !== undefined) {
      if (open) cell = { header: tag === 'th', runs: [] };
      else if (cell !== undefined) {
        row.push(cell);
        cell = undefined;
      }
    }
  }
  flush();
  return blocks;
}
