import { isChatIdentity } from '../../domain/contact-channels.ts';
import type { FieldProblem } from '../../domain/errors.ts';
import { findEventType } from '../../domain/events/catalogue.ts';
import type { EventSubject } from '../../domain/events/event.ts';
import { unstorableText } from '../../domain/storable-input.ts';

/**
 * CloudEvents 1.0 ↔ Stageflow events.
 *
 * - `type` is a catalogue type (`email.received`), optionally behind a reverse-DNS prefix that
 *   ends in `.stageflow.` (`com.example.stageflow.email.received`), so producers that namespace
 *   their types need no special case. Anything else is refused: a typo must not pass silently.
 * - `subject` names what the event is about: `item:<id>`, `contact:<id>`, `email:<address>`,
 *   `phone:<number>`, `document:<id>` or `task:<id>`.
 * - `source` + `id` is the identity the specification makes unique, so it becomes the Stageflow
 *   event id (see `stageflowEventId`) and a second delivery is answered as a duplicate.
 * - `data` must be a JSON object (or absent); `data_base64` and non-JSON content types are refused.
 */

/** The Stageflow event an accepted CloudEvent becomes (the shape of `POST /api/v1/events`). */
export interface MappedEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt?: string;
  readonly subject: EventSubject;
  readonly data: Record<string, unknown>;
}

export type MappingResult =
  | { readonly ok: true; readonly event: MappedEvent }
  | { readonly ok: false; readonly problems: FieldProblem[] };

const TYPE_PREFIX = /^(?:[a-z0-9-]+\.)+stageflow\.(?<type>.+)$/i;

/** The catalogue type a CloudEvent `type` stands for, or undefined. */
export function catalogueTypeOf(type: string): string | undefined {
  const bare = findEventType(type) === undefined ? TYPE_PREFIX.exec(type)?.groups?.['type'] : type;
  return bare !== undefined && findEventType(bare) !== undefined ? bare : undefined;
}

const SUBJECT_KEYS = {
  item: 'itemId',
  contact: 'contactId',
  email: 'email',
  phone: 'phone',
  chat: 'chat',
  document: 'documentId',
  task: 'taskId',
} as const satisfies Record<string, keyof EventSubject>;

export function parseSubject(subject: string): EventSubject | undefined {
  const colon = subject.indexOf(':');
  const kind = subject.slice(0, colon) as keyof typeof SUBJECT_KEYS;
  const value = subject.slice(colon + 1).trim();
  if (colon < 1 || !Object.hasOwn(SUBJECT_KEYS, kind) || value === '' || value.length > 320) return undefined;
  if (kind === 'chat' && !isChatIdentity(value)) return undefined;
  return { [SUBJECT_KEYS[kind]]: value };
}

/**
 * `ce:<source>#<id>`. `%` and `#` in the source are escaped, so the first `#` always separates the
 * two and different (source, id) pairs never share an id.
 */
export function stageflowEventId(source: string, id: string): string {
  return `ce:${source.replace(/%/g, '%25').replace(/#/g, '%23')}#${id}`;
}

/** The longest event id `POST /api/v1/events` takes. */
const MAX_EVENT_ID = 200;

/** CloudEvents 1.0 §2: attribute names, extensions included. `data_base64` is a JSON member, not one. */
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;

const JSON_CONTENT = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/** The attributes as they arrive: JSON members (structured) or decoded `ce-` headers (binary). */
export interface CloudEventAttributes {
  readonly [name: string]: unknown;
}

/**
 * Checks and maps one CloudEvent. `name(attribute)` says how a problem names the attribute to the
 * sender: `/body/id` in structured mode, `/headers/ce-id` in binary mode.
 */
export function mapCloudEvent(
  attributes: CloudEventAttributes,
  data: unknown,
  name: (attribute: string) => string,
): MappingResult {
  const problems: FieldProblem[] = [];
  for (const attribute of Object.keys(attributes)) {
    if (attribute !== 'data_base64' && !ATTRIBUTE_NAME.test(attribute)) {
      problems.push({
        field: name(attribute),
        message: 'is not a valid attribute name: names are lower-case letters a-z and digits 0-9 only',
      });
    }
  }
  const text = (attribute: string): string | undefined => {
    const value = attributes[attribute];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') {
      problems.push({ field: name(attribute), message: 'must be a non-empty string' });
      return undefined;
    }
    return value;
  };
  const required = (attribute: string): string | undefined => {
    const value = text(attribute);
    if (value === undefined && attributes[attribute] === undefined) {
      problems.push({ field: name(attribute), message: 'is required' });
    }
    return value;
  };
  const specversion = required('specversion');
  if (specversion !== undefined && specversion !== '1.0') {
    problems.push({ field: name('specversion'), message: `must be "1.0", not "${specversion}"` });
  }
  const id = required('id');
  const source = required('source');
  const type = required('type');
  const catalogueType = type === undefined ? undefined : catalogueTypeOf(type);
  if (type !== undefined && catalogueType === undefined) {
    problems.push({ field: name('type'), message: `"${type}" is not a known Stageflow event type` });
  } else if (catalogueType !== undefined && findEventType(catalogueType)?.internal === true) {
    problems.push({
      field: name('type'),
      message: `"${type}" is emitted by Stageflow itself and cannot be posted`,
    });
  }
  const subjectText = required('subject');
  const subject = subjectText === undefined ? undefined : parseSubject(subjectText);
  if (subjectText !== undefined && subject === undefined) {
    problems.push({
      field: name('subject'),
      message: 'must be item:<id>, contact:<id>, email:<address>, phone:<number>, document:<id> or task:<id>',
    });
  }
  const time = text('time');
  if (time !== undefined && Number.isNaN(Date.parse(time))) {
    problems.push({ field: name('time'), message: 'must be an RFC 3339 timestamp' });
  }
  const contentType = text('datacontenttype');
  if (contentType !== undefined && !JSON_CONTENT.test(contentType)) {
    problems.push({ field: name('datacontenttype'), message: 'must be a JSON media type' });
  }
  if (attributes['data_base64'] !== undefined) {
    problems.push({ field: name('data_base64'), message: 'binary data is not accepted; send JSON data' });
  }
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    problems.push({ field: name('data'), message: 'must be a JSON object' });
  }
  const eventId = id === undefined || source === undefined ? undefined : stageflowEventId(source, id);
  if (eventId !== undefined && eventId.length > MAX_EVENT_ID) {
    problems.push({
      field: name('id'),
      message: `source and id together must be shorter than ${MAX_EVENT_ID - 4} characters`,
    });
  }
  if (problems.length > 0 || eventId === undefined || subject === undefined) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    event: {
      id: eventId,
      type: catalogueType as string,
      ...(time !== undefined && { occurredAt: new Date(time).toISOString() }),
      subject,
      data: (data ?? {}) as Record<string, unknown>,
    },
  };
}

/** Structured mode: one JSON object holding the attributes and `data`. */
export function mapStructured(body: unknown, pointer: string): MappingResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, problems: [{ field: pointer, message: 'must be a CloudEvent object' }] };
  }
  const { data, ...attributes } = body as Record<string, unknown>;
  return mapCloudEvent(attributes, data, (attribute) => `${pointer}/${attribute}`);
}

/** Whether the headers carry a binary-mode CloudEvent (HTTP binding §3.1). */
export const isBinaryMode = (headers: Readonly<Record<string, unknown>>): boolean =>
  headers['ce-specversion'] !== undefined;

/**
 * Binary mode: attributes in `ce-` headers (percent-decoded, HTTP binding §3.1.3.2), the body is
 * `data` and its Content-Type is `datacontenttype`.
 */
export function mapBinary(headers: Readonly<Record<string, unknown>>, body: unknown): MappingResult {
  const attributes: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [header, value] of Object.entries(headers)) {
    if (!header.startsWith('ce-') || typeof value !== 'string') continue;
    if (header === 'ce-datacontenttype') {
      // HTTP binding §3.1.1: in binary mode the Content-Type header is datacontenttype.
      problems.push({
        field: `/headers/${header}`,
        message: 'is not allowed in binary mode: the Content-Type header is the content type',
      });
      continue;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      problems.push({ field: `/headers/${header}`, message: 'is not valid percent-encoding' });
      continue;
    }
    // The HTTP layer checked the header as sent; %00 only becomes NUL here.
    const unstorable = unstorableText(decoded);
    if (unstorable === undefined) attributes[header.slice(3)] = decoded;
    else problems.push({ field: `/headers/${header}`, message: unstorable });
  }
  if (typeof headers['content-type'] === 'string') attributes['datacontenttype'] = headers['content-type'];
  const result = mapCloudEvent(attributes, body, (attribute) => {
    if (attribute === 'data') return '/body';
    return attribute === 'datacontenttype' ? '/headers/content-type' : `/headers/ce-${attribute}`;
  });
  if (problems.length === 0) return result;
  return { ok: false, problems: [...problems, ...(result.ok ? [] : result.problems)] };
}
