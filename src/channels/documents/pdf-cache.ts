import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { PdfRenderer } from '../../automation/outside-ports.ts';

/** Rendered PDFs kept in the process unless STAGEFLOW_PDF_CACHE_BYTES says otherwise: 32 MiB. */
export const DEFAULT_PDF_CACHE_BYTES = 32 * 1024 * 1024;

export interface PdfCacheOptions {
  /** Most bytes of PDFs kept; 0 keeps none. A PDF larger than this is rendered but not kept. Unit: bytes. */
  readonly maxBytes: number;
  /** Told of each request: `hit` when no render of its own was needed (kept, or being rendered). */
  readonly onLookup?: (outcome: 'hit' | 'miss') => void;
}

type Meta = Parameters<PdfRenderer['render']>[1];

interface RenderRequest {
  readonly html: string;
  readonly meta: Meta;
}

/**
 * The key is a digest of everything the renderer reads (the HTML, the title, the creation time),
 * never the document's id: the renderer gives the same bytes for the same input, so a kept PDF is
 * right for whatever asks with that input, and a document whose HTML or title changed (a new
 * number, a legacy document rendered with today's default template) asks with a new key.
 */
function keyOf({ html, meta }: RenderRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([meta.title, meta.createdAt, html]))
    .digest('base64url');
}

/**
 * A renderer that keeps the PDFs it rendered in a least-recently-used cache bounded in bytes, so a
 * shared link opened by many people costs one render. Requests for a PDF being rendered wait for
 * that render instead of starting their own. A failed render is not kept. Callers must not change
 * the bytes they are given: the same array is given to every caller.
 */
export function createCachedPdfRenderer(renderer: PdfRenderer, options: PdfCacheOptions): PdfRenderer {
  const { maxBytes, onLookup } = options;
  if (maxBytes <= 0) {
    return {
      render(html, meta) {
        onLookup?.('miss');
        return renderer.render(html, meta);
      },
    };
  }
  const cache = new LRUCache<string, Uint8Array, RenderRequest>({
    maxSize: maxBytes,
    // An empty array still takes an entry: lru-cache refuses a size of 0.
    sizeCalculation: (bytes) => Math.max(1, bytes.byteLength),
    fetchMethod: (_key, _stale, { context }) => renderer.render(context.html, context.meta),
  });
  return {
    async render(html, meta) {
      const request = { html, meta };
      const status: LRUCache.Status<string, Uint8Array, RenderRequest> = {};
      const bytes = await cache.fetch(keyOf(request), { context: request, status });
      onLookup?.(status.fetch === 'hit' || status.fetch === 'inflight' ? 'hit' : 'miss');
      // Only a fetch method that answers nothing gives undefined, and ours always answers bytes.
      if (bytes === undefined) return renderer.render(html, meta);
      return bytes;
    },
  };
}
