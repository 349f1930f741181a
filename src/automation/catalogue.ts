import type { TSchema } from 'typebox';
import { CONDITION_OPS } from '../domain/conditions/condition.ts';
import { OPERATORS, type OperatorSpec } from '../domain/conditions/operators.ts';
import { EVENT_TYPES } from '../domain/events/catalogue.ts';
import { DATA_DOCS_RU } from '../domain/events/data-docs-ru.ts';
import { EVENT_TYPE_DOCS, type EventOrigin } from '../domain/events/event-docs.ts';
import { FACT_DOCS } from '../domain/fact-docs.ts';
import { FACT_FIELDS, type FactField, type FactKind, type WorkRoot, workRootOf } from '../domain/facts.ts';
import type { Localized } from '../domain/localized.ts';
import { ACTION_DOCS, type ActionExample } from './actions/action-docs.ts';
import { PARAM_DOCS_RU } from './actions/param-docs-ru.ts';
import { ACTION_DEFINITIONS } from './actions/registry.ts';
import { withRussianHelp } from './schema-help-ru.ts';

/**
 * The catalogue people and the UI read to learn what Stageflow understands: every event type with
 * the JSON Schema of its data, every robot action with the JSON Schema of its params, the facts
 * conditions and templates can name, and the operators of the condition language. The schemas are
 * the ones events and robots are validated with, and the operators' kinds the ones conditions are
 * validated with, so the catalogue cannot drift. Schema nodes carry Russian help text as
 * `x-description-ru` beside the English `description`.
 */

/** A JSON Schema document (plain JSON, as served). */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface CatalogueEventType {
  readonly type: string;
  readonly description: Localized;
  readonly dataSchema: JsonSchema;
  /** Filters may name any data field (webhooks, custom app events). */
  readonly open: boolean;
  /** Recorded by Stageflow only; POST /api/v1/events refuses it. */
  readonly internal: boolean;
  /** What in Stageflow records it; empty when it only comes from outside. */
  readonly emittedBy: EventOrigin[];
}

export interface CatalogueAction {
  readonly type: string;
  readonly description: Localized;
  readonly paramsSchema: JsonSchema;
  /** Params whose text is a Liquid template over the item's facts. */
  readonly templateParams: string[];
  readonly examples: ActionExample[];
  /** Reaches outside the CRM (mail, SMS, HTTP): runs outside the database transaction, retried. */
  readonly outsideEffects: boolean;
  /** Why a retried run does it once. */
  readonly idempotency: Localized;
}

/** A fact a condition, a timing or a template can name. */
export interface CatalogueFact {
  readonly path: FactField;
  readonly kind: FactKind;
  /**
   * `event`: the triggering event (triggers' filters, templates of runs an event caused); `task`,
   * `activity`: the task or activity a robot is timed against (timing `at` `task.deadline` or
   * `activity.start`), read only by such robots; `item`: the rest.
   */
  readonly scope: 'item' | 'event' | WorkRoot;
  /** An amount in the item's currency. */
  readonly money?: true;
  readonly description: Localized;
}

/** An operator of the condition language, the fact kinds it applies to and its right side. */
export interface CatalogueOperator {
  readonly op: string;
  readonly kinds: FactKind[];
  readonly value: OperatorSpec['value'];
  readonly percent: boolean;
  /** Takes `plus` or `minus` with another numeric field on the left: "amount − paid sum ≤ 1000". */
  readonly arithmetic: boolean;
  readonly description: Localized;
}

export interface Catalogue {
  readonly eventTypes: CatalogueEventType[];
  readonly actions: CatalogueAction[];
  readonly facts: CatalogueFact[];
  readonly operators: CatalogueOperator[];
}

const IN_TRANSACTION: Localized = {
  en: "Commits in the run's transaction together with the run's status: a run that is retried never does it twice",
  ru: 'Выполняется в транзакции запуска вместе с его статусом: повтор запуска не сделает этого дважды',
};

/** TypeBox schemas are JSON Schema; the round trip drops TypeBox's own non-JSON markers. */
export const toJsonSchema = (schema: TSchema): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;

function describeEventTypes(): CatalogueEventType[] {
  return [...EVENT_TYPES.values()].map((definition) => {
    const docs = EVENT_TYPE_DOCS[definition.type];
    return {
      type: definition.type,
      description: { en: definition.description, ru: docs?.ru ?? definition.description },
      dataSchema: withRussianHelp(toJsonSchema(definition.data), DATA_DOCS_RU),
      open: definition.open,
      internal: definition.internal,
      emittedBy: [...(docs?.emittedBy ?? [])],
    };
  });
}

function describeActions(): CatalogueAction[] {
  return ACTION_DEFINITIONS.map((definition) => {
    const docs = ACTION_DOCS[definition.type];
    return {
      type: definition.type,
      description: { en: definition.description, ru: docs?.ru ?? definition.description },
      paramsSchema: withRussianHelp(toJsonSchema(definition.params), PARAM_DOCS_RU),
      templateParams: [...definition.templateParams],
      examples: [...(docs?.examples ?? [])],
      outsideEffects: definition.external,
      idempotency: (definition.external ? docs?.idempotency : undefined) ?? IN_TRANSACTION,
    };
  });
}

function describeFacts(): CatalogueFact[] {
  return (Object.keys(FACT_FIELDS) as FactField[]).map((path) => {
    const { en, ru, money } = FACT_DOCS[path];
    return {
      path,
      kind: FACT_FIELDS[path],
      scope: path.startsWith('event.') ? 'event' : (workRootOf(path) ?? 'item'),
      ...(money === true ? { money } : {}),
      description: { en, ru },
    };
  });
}

function describeOperators(): CatalogueOperator[] {
  return CONDITION_OPS.map((op) => {
    const { kinds, value, percent, description } = OPERATORS[op];
    // Sums and differences take the same numeric operators as percentages.
    return { op, kinds: [...kinds], value, percent, arithmetic: percent, description };
  });
}

let built: Catalogue | undefined;

/** The catalogue of this version; built once, since the registries do not change while running. */
export function catalogue(): Catalogue {
  built ??= {
    eventTypes: describeEventTypes(),
    actions: describeActions(),
    facts: describeFacts(),
    operators: describeOperators(),
  };
  return built;
}
