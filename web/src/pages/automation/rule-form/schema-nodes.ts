import type { JsonSchema } from '../automation-types.ts';

/**
 * How one JSON Schema node is shown: the one small renderer of SchemaForm reads every action's
 * params and every event type's data through this, so no form is written by hand per action.
 */
export type NodeKind =
  | 'object'
  | 'record'
  | 'array'
  | 'union'
  | 'enum'
  | 'const'
  | 'string'
  | 'number'
  | 'boolean'
  | 'null'
  | 'any';

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const schemaType = (schema: JsonSchema): string | undefined =>
  typeof schema['type'] === 'string' ? schema['type'] : undefined;

export function unionMembers(schema: JsonSchema): readonly JsonSchema[] {
  const members = schema['anyOf'] ?? schema['oneOf'];
  return Array.isArray(members) ? members.filter(isRecord) : [];
}

export function properties(schema: JsonSchema): readonly [string, JsonSchema][] {
  const props = schema['properties'];
  if (!isRecord(props)) return [];
  return Object.entries(props).filter((entry): entry is [string, JsonSchema] => isRecord(entry[1]));
}

export const requiredNames = (schema: JsonSchema): readonly string[] =>
  Array.isArray(schema['required']) ? schema['required'].filter((name) => typeof name === 'string') : [];

/** The schema of a record's values: `patternProperties` (TypeBox records) or `additionalProperties`. */
export function recordValueSchema(schema: JsonSchema): JsonSchema | undefined {
  const patterns = schema['patternProperties'];
  if (isRecord(patterns)) {
    const first = Object.values(patterns).find(isRecord);
    if (first !== undefined) return first;
  }
  const extra = schema['additionalProperties'];
  return isRecord(extra) ? extra : undefined;
}

export function itemsSchema(schema: JsonSchema): JsonSchema {
  return isRecord(schema['items']) ? schema['items'] : {};
}

export function enumValues(schema: JsonSchema): readonly unknown[] | undefined {
  return Array.isArray(schema['enum']) ? schema['enum'] : undefined;
}

export function nodeKind(schema: JsonSchema): NodeKind {
  if (Object.hasOwn(schema, 'const')) return 'const';
  if (unionMembers(schema).length > 0) return 'union';
  if (enumValues(schema) !== undefined) return 'enum';
  switch (schemaType(schema)) {
    case 'object':
      return properties(schema).length === 0 && recordValueSchema(schema) !== undefined ? 'record' : 'object';
    case 'array':
      return 'array';
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    default:
      return 'any';
  }
}

/** A union whose members are all literals is a plain choice (a select of its values). */
export const isLiteralUnion = (schema: JsonSchema): boolean => {
  const members = unionMembers(schema);
  return members.length > 0 && members.every((member) => Object.hasOwn(member, 'const'));
};

/** `replyTo` → "Reply to", `durationSeconds` → "Duration seconds", `set` → "Set". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The help text in the user's language: `x-description-ru` for Russian, else `description`. */
export function descriptionOf(schema: JsonSchema, language: string): string | undefined {
  const russian = schema['x-description-ru'];
  if (language.startsWith('ru') && typeof russian === 'string' && russian !== '') return russian;
  const english = schema['description'];
  return typeof english === 'string' && english !== '' ? english : undefined;
}

/** JSON written out for a developer: an object's key (`{"`) or a placeholder value (`"<`). */
const JSON_SYNTAX = /\{"|"</;

/**
 * The help of a value offered as a choice (a select of its members or values): its description,
 * unless that spells the JSON it stands for, which the choices already show in words.
 */
export function choiceHelp(schema: JsonSchema, language: string): string | undefined {
  const description = descriptionOf(schema, language);
  return description !== undefined && JSON_SYNTAX.test(description) ? undefined : description;
}

/** Text that is a Liquid template: a template param, or a string the schema describes as one. */
export function isTemplateText(schema: JsonSchema, name: string, templateParams: readonly string[]): boolean {
  if (schemaType(schema) !== 'string') return false;
  if (templateParams.includes(name)) return true;
  const description = schema['description'];
  return typeof description === 'string' && description.startsWith('Template');
}

/** Which member of a union the value is: literals by value, objects by their required keys. */
export function matchMember(members: readonly JsonSchema[], value: unknown): number {
  const index = members.findIndex((member) => fitsMember(member, value));
  return index;
}

function fitsMember(member: JsonSchema, value: unknown): boolean {
  if (Object.hasOwn(member, 'const')) return member['const'] === value;
  switch (schemaType(member)) {
    case 'object':
      return isRecord(value) && requiredNames(member).every((name) => Object.hasOwn(value, name));
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
    case 'integer':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      return value !== undefined;
  }
}

/**
 * A starting value for a schema: its `default`, else its first example, else what its required
 * parts need (an object with its required properties, an array with `minItems` rows).
 * `examples: true` also fills optional properties that have an example (sample events).
 */
export function initialValue(schema: JsonSchema, options: { examples?: boolean } = {}): unknown {
  if (Object.hasOwn(schema, 'default')) return schema['default'];
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return schema['examples'][0];
  if (Object.hasOwn(schema, 'const')) return schema['const'];
  const members = unionMembers(schema);
  if (members.length > 0) return initialValue(members[0] as JsonSchema, options);
  const values = enumValues(schema);
  if (values !== undefined) return values[0];
  switch (nodeKind(schema)) {
    case 'object': {
      const required = requiredNames(schema);
      const result: Record<string, unknown> = {};
      for (const [name, child] of properties(schema)) {
        const wanted = required.includes(name) || (options.examples === true && hasExample(child));
        if (!wanted) continue;
        const value = initialValue(child, options);
        if (value !== undefined) result[name] = value;
      }
      return result;
    }
    case 'record':
      return {};
    case 'array': {
      const count = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      return Array.from({ length: count }, () => initialValue(itemsSchema(schema), options));
    }
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

const hasExample = (schema: JsonSchema): boolean =>
  Object.hasOwn(schema, 'default') || (Array.isArray(schema['examples']) && schema['examples'].length > 0);

/** An object with `name` set, or left out when the value is undefined (the server's default applies). */
export function withProperty(value: unknown, name: string, next: unknown): Readonly<Record<string, unknown>> {
  const base: Record<string, unknown> = isRecord(value) ? { ...value } : {};
  if (next === undefined) delete base[name];
  else base[name] = next;
  return base;
}

/** The object a record's name/value rows stand for; nameless rows are left out, a later same name wins. */
export const rowsToRecord = (rows: readonly (readonly [string, unknown])[]): Record<string, unknown> =>
  Object.fromEntries(rows.filter(([key]) => key.trim() !== '').map(([key, value]) => [key.trim(), value]));

export { isRecord };
