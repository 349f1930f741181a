import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repo } from './e2e.ts';

/**
 * The runnable blocks of the documentation. A fenced block is runnable when the line before its
 * opening fence is an HTML comment naming it (`<!-- tour -->`); tests find it by that name, so the
 * text a reader copies is the text the tests run.
 */

export interface TaggedBlock {
  /** The name in the comment before the fence. */
  readonly tag: string;
  /** The fence's language (`sh`, `json`...), empty when it names none. */
  readonly lang: string;
  readonly code: string;
}

const TAGGED = /^<!-- ([\w:-]+) -->\n```(\w*)\n([\s\S]*?)\n```$/gm;

/** Every tagged block of a markdown text, in document order. */
export function taggedBlocks(markdown: string): TaggedBlock[] {
  return [...markdown.matchAll(TAGGED)].map(([, tag = '', lang = '', code = '']) => ({ tag, lang, code }));
}

/** The markdown of a page, by its path from the repository root (`docs/guides/forms.md`). */
export function readPage(page: string): string {
  return readFileSync(join(repo, page), 'utf8');
}

/** The ```sh block of a page that follows `<!-- tag -->`. */
export function pageScript(page: string, tag: string): string | undefined {
  return taggedBlocks(readPage(page)).find((block) => block.tag === tag && block.lang === 'sh')?.code;
}

/** README.md, CONTRIBUTING.md and every page under docs/, as paths from the repository root. */
export function documentationPages(): string[] {
  const docs = readdirSync(join(repo, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => relative(repo, join(repo, 'docs', name)));
  return ['README.md', 'CONTRIBUTING.md', ...docs.sort()];
}
