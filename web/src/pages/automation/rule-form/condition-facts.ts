import type { CatalogueFact, FactKind, JsonSchema, Localized, PipelineField } from '../automation-types.ts';
import { properties, schemaType, unionMembers } from './schema-nodes.ts';

/**
 * The fields a condition can compare, per scope: `item` (the item, its contact, people, stage,
 * pipeline, documents, payments and custom fields) or `event` (the triggering event and the data
 * its type documents). The builder's field picker and value inputs read these.
 */
export interface FieldOption {
  readonly path: string;
  readonly kind: FactKind;
  readonly money?: boolean;
  readonly description?: Localized | string;
  /** The picker's group: item, contact, responsible, ... itemFields, contactFields, eventData. */
  readonly group: string;
}

export function groupOf(path: string): string {
  if (path.startsWith('item.fields.')) return 'itemFields';
  if (path.startsWith('contact.fields.')) return 'contactFields';
  if (path.startsWith('event.data.')) return 'eventData';
  return path.split('.')[0] ?? 'item';
}

/** The kind of an event data field from its schema: a date-time string is a date, an amount a number. */
export function kindOfSchema(schema: JsonSchema): FactKind {
  const members = unionMembers(schema);
  if (members.length > 0) {
    const kinds = new Set(members.map(kindOfSchema));
    if (kinds.has('number')) return 'number';
    return kinds.size === 1 ? ([...kinds][0] as FactKind) : 'any';
  }
  switch (schemaType(schema)) {
    case 'string':
      return schema['format'] === 'date-time' || schema['format'] === 'date' ? 'date' : 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'list';
    default:
      return 'any';
  }
}

/** `event.data.*` fields from the event type's data schema (top-level properties). */
export function eventDataFields(dataSchema: JsonSchema | undefined): FieldOption[] {
  if (dataSchema === undefined) return [];
  return properties(dataSchema).map(([name, schema]) => ({
    path: `event.data.${name}`,
    kind: kindOfSchema(schema),
    group: 'eventData',
    ...(typeof schema['description'] === 'string' && {
      description: {
        en: schema['description'],
        ru:
          typeof schema['x-description-ru'] === 'string' ? schema['x-description-ru'] : schema['description'],
      },
    }),
  }));
}

/** Every field a condition of this scope can name, catalogue facts first, each path once. */
export function fieldsForScope(
  scope: 'item' | 'event',
  facts: readonly CatalogueFact[],
  pipelineFields: readonly PipelineField[],
  dataSchema?: JsonSchema,
): FieldOption[] {
  const options: FieldOption[] = facts
    .filter((fact) => fact.scope === scope)
    .map((fact) => ({
      path: fact.path,
      kind: fact.kind,
      group: groupOf(fact.path),
      description: fact.description,
      ...(fact.money === true && { money: true }),
    }));
  if (scope === 'item') {
    options.push(
      ...pipelineFields.map((field) => ({ path: field.path, kind: field.kind, group: groupOf(field.path) })),
    );
  } else {
    options.push(...eventDataFields(dataSchema));
  }
  const seen = new Set<string>();
  return options.filter((option) => !seen.has(option.path) && seen.add(option.path));
}

/** A field that is not in the list (typed by hand or saved through the API) is of any kind. */
export function fieldOption(options: readonly FieldOption[], path: string): FieldOption {
  return options.find((option) => option.path === path) ?? { path, kind: 'any', group: groupOf(path) };
}

/** Fields holding a user id: picked by name. */
export const isUserField = (path: string): boolean =>
  /^(responsible|supervisor)\.id$/.test(path) || path === 'item.responsibleId';

/** Fields holding a stage id of the pipeline: picked by stage name. */
export const isStageField = (path: string): boolean => path === 'item.stageId' || path === 'stage.id';

/** The fields usable as a timing's date: date facts and date custom fields of items. */
export function dateFields(
  facts: readonly CatalogueFact[],
  pipelineFields: readonly PipelineField[],
): string[] {
  return [
    ...facts.filter((fact) => fact.scope === 'item' && fact.kind === 'date').map((fact) => fact.path),
    ...pipelineFields
      .filter((field) => field.kind === 'date' && field.path.startsWith('item.'))
      .map((f) => f.path),
  ];
}
