import { AppError } from '../../domain/errors.ts';

/**
 * Header injection guard. A line break in a header value would let template data (an item title,
 * a contact's name) start a header of its own (`Bcc:`) or end the headers early, so mail never
 * leaves with one: text that may contain them (subjects, display names) is flattened, addresses
 * that contain them are refused.
 */

/** Control characters, CR and LF included, and the Unicode line and paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** A header text with every run of control characters replaced by one space. */
export function flattenHeaderText(text: string): string {
  return text.replace(CONTROL, ' ').trim();
}

export const hasControlCharacters = (text: string): boolean => new RegExp(CONTROL.source).test(text);

export interface Mailbox {
  readonly name?: string | undefined;
  readonly address: string;
}

/** A plain address: no spaces, quotes, brackets, commas or control characters; one `@`. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,253}$/;

/**
 * Parses `address` or `Display Name <address>`. Refuses (AppError `mail_header_unsafe`, never
 * retried) a value with a control character or anything but one mailbox, naming `field`.
 */
export function parseMailbox(value: string, field: string): Mailbox {
  if (hasControlCharacters(value)) {
    throw unsafe(field, `${field} contains a line break or control character`);
  }
  const text = value.trim();
  const angle = /^(.*)<([^<>]+)>$/.exec(text);
  const address = (angle?.[2] ?? text).trim();
  const rawName = angle?.[1]?.trim() ?? '';
  const quoted = /^"(?:[^"\\]|\\.)*"$/.test(rawName);
  if (!ADDRESS.test(address) || (!quoted && /[<>",]/.test(rawName))) {
    throw unsafe(field, `${field} "${text}" is not one email address`);
  }
  const name = angle?.[1]
    ?.trim()
    .replace(/^"(.*)"$/, '$1')
    .replace(/\\(.)/g, '$1');
  return { address, ...(name !== undefined && name !== '' && { name }) };
}

/** `"Display Name" <address>`, quoting the name so commas and brackets stay inside it. */
export function formatMailbox(mailbox: Mailbox): string {
  if (mailbox.name === undefined) return mailbox.address;
  const name = flattenHeaderText(mailbox.name).replace(/["\\]/g, '\\$&');
  return `"${name}" <${mailbox.address}>`;
}

/** Refuses a custom header whose name is not a token or whose value has a control character. */
export function checkHeader(name: string, value: string): void {
  if (!/^[A-Za-z0-9-]{1,76}$/.test(name)) throw unsafe('headers', `header name "${name}" is not allowed`);
  if (hasControlCharacters(value)) {
    throw unsafe('headers', `header ${name} contains a line break or control character`);
  }
}

const unsafe = (field: string, message: string): AppError =>
  new AppError('mail_header_unsafe', 'invalid', message, {
    retryable: false,
    fields: [{ field, message }],
  });
