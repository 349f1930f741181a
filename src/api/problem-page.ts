import { Type } from 'typebox';
import { escapeHtml } from '../channels/forms/render-form.ts';
import { ERROR_CATALOGUE, type ErrorCode } from '../domain/error-catalogue.ts';
import { ERROR_DESCRIPTIONS } from '../domain/error-descriptions.ts';
import { statusOf } from './problem.ts';

/** What `/problems/<code>` tells about a code: the catalogue's entry in the API's terms. */
export const ProblemTypeSchema = Type.Object(
  {
    code: Type.String(),
    status: Type.Integer({ description: 'The HTTP status a problem document with this code has' }),
    title: Type.String({ description: "The problem document's title" }),
    retryable: Type.Boolean({ description: 'Whether repeating the same operation may succeed' }),
    description: Type.String({ description: 'When it happens; backticks mark names to read as code' }),
  },
  { title: 'ProblemType' },
);

export interface ProblemType {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly retryable: boolean;
  readonly description: string;
}

/** Own keys only: `constructor` or `__proto__` in a URL are no codes. */
export const isErrorCode = (text: string): text is ErrorCode => Object.hasOwn(ERROR_CATALOGUE, text);

export function problemType(code: ErrorCode): ProblemType {
  const { title, retryable } = ERROR_CATALOGUE[code];
  return { code, status: statusOf(code), title, retryable, description: ERROR_DESCRIPTIONS[code] };
}

/**
 * Headers of the HTML page: it runs no script and loads nothing, only its inline style; no other
 * site may frame it.
 */
export const PROBLEM_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
code{font-family:ui-monospace,monospace;background:#f2f2f2;padding:0 .2rem}`;

/** Text with `backticked` names, escaped, the names set as code. */
const withCode = (text: string): string =>
  text
    .split('`')
    .map((part, index) => (index % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');

export function problemPage(about: ProblemType): string {
  const retrying = about.retryable
    ? 'Yes: the same request may succeed later.'
    : 'No: the same request fails again until something changes.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(about.title)} (${escapeHtml(about.code)}) · Stageflow</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(about.title)}</h1>
<dl>
<dt>Code</dt><dd><code>${escapeHtml(about.code)}</code></dd>
<dt>HTTP status</dt><dd>${about.status}</dd>
<dt>Retrying helps</dt><dd>${retrying}</dd>
</dl>
<h2>When it happens</h2>
<p>${withCode(about.description)}</p>
<p>Problem documents with this code have <code>type</code> <code>/problems/${escapeHtml(about.code)}</code>.
See also the <a href="/api/docs">API documentation</a>.</p>
</main>
</body>
</html>
`;
}
