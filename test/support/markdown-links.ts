/**
 * Links and headings of a markdown page, read the way GitHub renders them, so that a link checked
 * here is a link that works there.
 */

/** The text of a page without its fenced blocks and inline code, where brackets are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of every heading of a page; a repeated heading gets `-1`, `-2`... as on GitHub. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutFences = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '');
  for (const [, text = ''] of withoutFences.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = anchorOf(text.replaceAll('`', ''));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

export interface RelativeLink {
  /** The path part, relative to the page; empty for a link to a heading of the same page. */
  readonly path: string;
  /** The heading anchor after `#`, if any. */
  readonly anchor: string | undefined;
}

/** The links of a page (images included) that point into the repository, not to a URL. */
export function relativeLinks(markdown: string): RelativeLink[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map(([, target = '']) => target)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .map((target) => {
      const hash = target.indexOf('#');
      return hash === -1
        ? { path: target, anchor: undefined }
        : { path: target.slice(0, hash), anchor: decodeURIComponent(target.slice(hash + 1)) };
    });
}
