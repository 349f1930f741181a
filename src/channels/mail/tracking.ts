import { randomBytes } from 'node:crypto';

/**
 * Open and click tracking of outgoing HTML mail: a 1×1 pixel at `/t/o/{token}` and every http(s)
 * link rewritten to `/t/c/{token}`. Each distinct link gets its own token, bound to its URL when
 * the mail is sent, so the redirect can only lead where the mail itself pointed.
 */

/** 256 random bits, base64url: unguessable, and safe in a URL path without escaping. */
export const newTrackingToken = (): string => randomBytes(32).toString('base64url');

export interface TrackedLink {
  readonly token: string;
  readonly url: string;
}

export interface TrackedHtml {
  readonly html: string;
  readonly openToken: string;
  readonly links: readonly TrackedLink[];
}

/** `<a ...>` start tags, and the href attribute inside one (quoted or bare). */
const ANCHOR = /<a\b[^>]*>/gi;
const HREF = /(\shref\s*=\s*)("([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/**
 * Rewrites `html` for tracking. `publicUrl` is the absolute base the recipient reaches Stageflow
 * at (no trailing slash). Links that are not absolute http(s) URLs (mailto:, anchors, relative)
 * stay as they are.
 */
export function addTracking(
  html: string,
  publicUrl: string,
  newToken: () => string = newTrackingToken,
): TrackedHtml {
  const byUrl = new Map<string, string>();
  const rewritten = html.replace(ANCHOR, (tag) =>
    tag.replace(HREF, (whole, prefix: string, _value, double?: string, single?: string, bare?: string) => {
      const url = decodeEntities(double ?? single ?? bare ?? '').trim();
      if (!isHttpUrl(url)) return whole;
      let token = byUrl.get(url);
      if (token === undefined) {
        token = newToken();
        byUrl.set(url, token);
      }
      return `${prefix}"${publicUrl}/t/c/${token}"`;
    }),
  );
  const openToken = newToken();
  const pixel = `<img src="${publicUrl}/t/o/${openToken}" width="1" height="1" alt="" style="display:none">`;
  const bodyEnd = rewritten.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  const tracked =
    bodyEnd === -1
      ? `${rewritten}${pixel}`
      : `${rewritten.slice(0, bodyEnd)}${pixel}${rewritten.slice(bodyEnd)}`;
  return {
    html: tracked,
    openToken,
    links: [...byUrl].map(([url, token]) => ({ token, url })),
  };
}

export function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The entities an attribute value may carry (the template engine's escapes and numeric ones). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED[body.toLowerCase()] ?? entity;
  });
}

/** The 1×1 transparent GIF the open pixel answers with. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
