import { createRequire } from 'node:module';
import type { PdfRenderer } from '../../automation/outside-ports.ts';
import { type Block, htmlBlocks, type Run } from './html-blocks.ts';

const require = createRequire(import.meta.url);

interface PdfOutput {
  getBuffer(): Promise<Buffer>;
}
interface PdfMake {
  addFonts(fonts: unknown): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  createPdf(definition: unknown): PdfOutput;
}

let pdfmake: PdfMake | undefined;

/** pdfmake with the Roboto font shipped in the package (Latin and Cyrillic); it never fetches a URL. */
function printer(): PdfMake {
  if (pdfmake === undefined) {
    const loaded = require('pdfmake') as PdfMake;
    loaded.addFonts(require('pdfmake/fonts/Roboto.js'));
    loaded.setUrlAccessPolicy(() => false);
    pdfmake = loaded;
  }
  return pdfmake;
}

const textOf = (runs: readonly Run[]) => runs.map((run) => ({ text: run.text, bold: run.bold }));

function content(block: Block): unknown {
  if (block.kind === 'heading') return { text: textOf(block.runs), style: `h${block.level}` };
  if (block.kind === 'paragraph') return { text: textOf(block.runs), margin: [0, 0, 0, 6] };
  const width = Math.max(...block.rows.map((row) => row.length));
  const body = block.rows.map((row) =>
    Array.from({ length: width }, (_, i) => ({ text: textOf(row[i]?.runs ?? []) })),
  );
  return {
    table: { headerRows: 1, widths: Array.from({ length: width }, (_, i) => (i === 0 ? '*' : 'auto')), body },
    layout: 'lightHorizontalLines',
    margin: [0, 6, 0, 10],
  };
}

/**
 * The PDF of a document's HTML. The same HTML and title always give the same bytes: the dates in
 * the PDF's metadata are fixed to the document's creation time, nothing is read from the clock.
 */
export function createPdfRenderer(): PdfRenderer {
  return {
    async render(html, meta) {
      const created = new Date(meta.createdAt);
      const definition = {
        info: {
          title: meta.title,
          creator: 'Stageflow',
          producer: 'Stageflow',
          creationDate: created,
          modDate: created,
        },
        content: htmlBlocks(html).map(content),
        defaultStyle: { font: 'Roboto', fontSize: 10 },
        styles: {
          h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 10] },
          h2: { fontSize: 14, bold: true },
          h3: { fontSize: 12, bold: true },
        },
      };
      return new Uint8Array(await printer().createPdf(definition).getBuffer());
    },
  };
}
