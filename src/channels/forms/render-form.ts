import type { Language } from '../../domain/localized.ts';
import type { FieldKind, FormField } from './form-fields.ts';
import { maxLengthOf } from './form-fields.ts';
import { FORM_TEXTS } from './form-texts.ts';

/**
 * Headers of every public form page. The CSP allows no script at all (default-src 'none'), only
 * the inline style below; posts may go only to this server; no other site may frame the page or
 * learn from a referrer that it was opened.
 */
export const FORM_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // Not no-referrer: under it a browser posts the form with `Origin: null`, even to this server.
  // same-origin gives other sites no referrer and this server its own origin.
  'referrer-policy': 'same-origin',
  // The page carries a fresh token: a cached copy would post a stale one.
  'cache-control': 'no-store',
};

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value written into a page goes through this, in text and in attributes alike. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

const STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}
label{display:block;margin-top:1rem;font-weight:600}input,select,textarea{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;font:inherit}
.error{color:#b00020;font-weight:400}.invalid{border:2px solid #b00020}button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit}`;

function page(title: string, body: string, language: Language): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

const INPUT_TYPE: Readonly<Record<Exclude<FieldKind, 'textarea' | 'select'>, string>> = {
  text: 'text',
  email: 'email',
  phone: 'tel',
  // Text with a pattern, not type=number: "1500,50" stays as typed when the page comes back.
  number: 'text',
};

function control(field: FormField, id: string, value: string, error: string | undefined): string {
  const common = `id="${id}" name="${escapeHtml(field.name)}"${field.required ? ' required' : ''}${
    error === undefined ? '' : ` class="invalid" aria-invalid="true" aria-describedby="${id}-error"`
  }`;
  if (field.kind === 'textarea')
    return `<textarea ${common} rows="5" maxlength="${maxLengthOf(field.kind)}">${escapeHtml(value)}</textarea>`;
  if (field.kind === 'select') {
    const options = (field.options ?? []).map(
      (option) =>
        `<option value="${escapeHtml(option)}"${option === value ? ' selected' : ''}>${escapeHtml(option)}</option>`,
    );
    return `<select ${common}><option value="">—</option>${options.join('')}</select>`;
  }
  const extra = field.kind === 'number' ? ' inputmode="decimal"' : '';
  return `<input type="${INPUT_TYPE[field.kind]}" ${common} value="${escapeHtml(value)}" maxlength="${maxLengthOf(field.kind)}"${extra}>`;
}

export interface FormPage {
  readonly formId: string;
  readonly title: string;
  readonly description: string | null;
  readonly fields: readonly FormField[];
  readonly token: string;
  /** Values to show again (after a refused post); default: empty. */
  readonly values?: Readonly<Record<string, string>>;
  /** Messages by field name, shown next to their fields. */
  readonly errors?: Readonly<Record<string, string>>;
  /** The language of the page's own texts. Default: English. */
  readonly language?: Language;
}

/** The form as plain HTML: it works without JavaScript and posts urlencoded to /f/{formId}. */
export function renderFormPage(form: FormPage): string {
  const errors = form.errors ?? {};
  const language = form.language ?? 'en';
  const texts = FORM_TEXTS[language];
  const rows = form.fields.map((field, index) => {
    const id = `f${index}`;
    const error = errors[field.name];
    const message =
      error === undefined ? '' : `\n<span class="error" id="${id}-error">${escapeHtml(error)}</span>`;
    return `<label for="${id}">${escapeHtml(field.label)}${field.required ? ' *' : ''}${message}</label>
${control(field, id, form.values?.[field.name] ?? '', error)}`;
  });
  const summary =
    Object.keys(errors).length === 0
      ? ''
      : `<p class="error" role="alert">${escapeHtml(texts.correctFields)}</p>\n`;
  const description = form.description === null ? '' : `<p>${escapeHtml(form.description)}</p>\n`;
  // Relative to the page (/f/{id}): behind a proxy that serves Stageflow under a path
  // (STAGEFLOW_PUBLIC_URL=https://example.com/crm) the post goes back under that path.
  return page(
    form.title,
    `<h1>${escapeHtml(form.title)}</h1>
${description}${summary}<form method="post" action="${encodeURIComponent(form.formId)}" accept-charset="utf-8">
<input type="hidden" name="_token" value="${escapeHtml(form.token)}">
${rows.join('\n')}
<button type="submit">${escapeHtml(texts.send)}</button>
</form>`,
    language,
  );
}

/** A page with only a heading and a message: thank you, not found, refused, too many posts. */
export function renderMessagePage(title: string, message: string, language: Language = 'en'): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`, language);
}
