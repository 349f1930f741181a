import type { TFunction } from 'i18next';
import type { JsonSchema } from '../automation-types.ts';
import { humanize, requiredNames, schemaType } from './schema-nodes.ts';

/** A property's label: its schema `title`, else the known name in the user's language, else the name made readable. */
export function propertyLabel(name: string, schema: JsonSchema, t: TFunction): string {
  if (typeof schema['title'] === 'string' && schema['title'] !== '') return schema['title'];
  return t(`ruleForm:labels.${name}`, { defaultValue: humanize(name) });
}

/** A literal's label: "responsible" → "The responsible user"; unknown literals as they are. */
export function literalLabel(value: unknown, t: TFunction): string {
  const text = String(value);
  return t(`ruleForm:literal.${text}`, { defaultValue: text });
}

/** How a member of a union is offered: a literal by its value, an object by its required key, else by its type. */
export function memberLabel(member: JsonSchema, t: TFunction): string {
  if (Object.hasOwn(member, 'const')) return literalLabel(member['const'], t);
  const key = requiredNames(member)[0];
  if (schemaType(member) === 'object' && key !== undefined)
    return t(`ruleForm:member.${key}`, { defaultValue: humanize(key) });
  return t(`ruleForm:member.type.${schemaType(member) ?? 'any'}`);
}

/** A string that holds a user id: picked by name. */
export const isUserIdSchema = (name: string, schema: JsonSchema): boolean =>
  schemaType(schema) === 'string' && (name === 'userId' || schema['description'] === 'A user id');
