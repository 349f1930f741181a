import { isEmail, isPhone } from '../../domain/contact-channels.ts';
import type { FieldProblem } from '../../domain/errors.ts';
import { FORM_TEXTS, type FormTexts } from './form-texts.ts';

/** Kinds of form fields; stored, so never renamed, only added. */
export const FIELD_KINDS = ['text', 'email', 'phone', 'textarea', 'number', 'select'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Where a field's value goes. `item.fields.<name>` names a custom field of the item. */
export const FIXED_TARGETS = [
  'contact.name',
  'contact.email',
  'contact.phone',
  'contact.company',
  'item.title',
  'item.amount',
] as const;
const CUSTOM_TARGET = /^item\.fields\.[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The kind a target needs, where one does: an email goes to contact.email only when it is one. */
const TARGET_KIND: Readonly<Record<string, FieldKind>> = {
  'contact.email': 'email',
  'contact.phone': 'phone',
  'item.amount': 'number',
};

export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** Where the value goes; null keeps it only in the event's data. */
  readonly maps: string | null;
  /** The choices of a `select`. */
  readonly options: readonly string[] | null;
}

/** Longest accepted value: `textarea` 5,000 characters, the others 200. */
export const maxLengthOf = (kind: FieldKind): number => (kind === 'textarea' ? 5000 : 200);

const AMOUNT = /^\d{1,13}([.,]\d{1,2})?$/;

/** Fields as stored; they were checked by `checkFormFields` when the form was saved. */
export const asFormFields = (value: unknown): readonly FormField[] =>
  Array.isArray(value) ? (value as FormField[]) : [];

/** Problems of a form's field list: unique names, known targets used once, kinds that fit. */
export function checkFormFields(fields: readonly FormField[], path = '/body/fields'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const names = new Set<string>();
  const targets = new Set<string>();
  fields.forEach((field, index) => {
    const at = `${path}/${index}`;
    if (names.has(field.name))
      problems.push({ field: `${at}/name`, message: `"${field.name}" is used twice` });
    names.add(field.name);
    if (field.kind === 'select' && (field.options ?? []).length === 0)
      problems.push({ field: `${at}/options`, message: 'a select field needs options' });
    if (field.kind !== 'select' && field.options != null && field.options.length > 0)
      problems.push({ field: `${at}/options`, message: 'only select fields have options' });
    if (field.maps === null) return;
    if (!(FIXED_TARGETS as readonly string[]).includes(field.maps) && !CUSTOM_TARGET.test(field.maps)) {
      problems.push({
        field: `${at}/maps`,
        message: `must be one of ${FIXED_TARGETS.join(', ')} or item.fields.<name>`,
      });
      return;
    }
    if (targets.has(field.maps))
      problems.push({ field: `${at}/maps`, message: `${field.maps} is filled by another field` });
    targets.add(field.maps);
    const needed = TARGET_KIND[field.maps];
    if (needed !== undefined && field.kind !== needed)
      problems.push({
        field: `${at}/kind`,
        message: `a field mapped to ${field.maps} must be of kind ${needed}`,
      });
  });
  return problems;
}

/** A checked submission: the values by field name, and what goes to the contact and the item. */
export interface Submission {
  /** Every field's value as typed (trimmed); empty optional fields are left out. */
  readonly values: Readonly<Record<string, string>>;
  readonly contact: { name?: string; email?: string; phone?: string; company?: string };
  readonly item: { title?: string; amount?: string; fields: Record<string, string> };
}

export type SubmissionResult =
  | { readonly ok: true; readonly submission: Submission }
  | {
      readonly ok: false;
      readonly errors: Readonly<Record<string, string>>;
      readonly values: Readonly<Record<string, string>>;
    };

function problemOf(field: FormField, value: string, texts: FormTexts): string | undefined {
  if (value === '') return field.required ? texts.fillIn : undefined;
  if (value.length > maxLengthOf(field.kind)) return texts.atMost(maxLengthOf(field.kind));
  if (field.kind === 'email' && !isEmail(value)) return texts.email;
  if (field.kind === 'phone' && !isPhone(value)) return texts.phone;
  if (field.kind === 'number' && !AMOUNT.test(value)) return texts.number;
  if (field.kind === 'select' && !(field.options ?? []).includes(value)) return texts.choose;
  return undefined;
}

/**
 * Reads posted values against the form's fields; unknown names are ignored. Messages are in the
 * form's language (default English).
 */
export function readSubmission(
  fields: readonly FormField[],
  posted: URLSearchParams,
  texts: FormTexts = FORM_TEXTS.en,
): SubmissionResult {
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const submission: Submission = { values, contact: {}, item: { fields: {} } };
  for (const field of fields) {
    const value = (posted.get(field.name) ?? '').trim();
    const problem = problemOf(field, value, texts);
    if (value !== '') values[field.name] = value;
    if (problem !== undefined) errors[field.name] = problem;
    if (value === '' || field.maps === null) continue;
    const [scope, key, custom] = field.maps.split('.');
    if (scope === 'contact') submission.contact[key as keyof Submission['contact']] = value;
    else if (custom !== undefined) submission.item.fields[custom] = value;
    else if (key === 'title') submission.item.title = value;
    else if (key === 'amount') submission.item.amount = value.replace(',', '.');
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors, values } : { ok: true, submission };
}
