import type { TSchema } from 'typebox';
import { EVENT_TYPES } from '../domain/events/catalogue.ts';
import { EVENT_TYPE_DOCS, type EventOrigin } from '../domain/events/event-docs.ts';
import type { Localized } from '../domain/localized.ts';
import { ACTION_DOCS, type ActionExample } from './actions/action-docs.ts';
import { ACTIONS, type ActionType } from './actions/registry.ts';

/**
 * The catalogue people and the UI read to learn what Stageflow understands: every event type with
 * the JSON Schema of its data, and every robot action with the JSON Schema of its params. The
 * schemas are the ones events and robots are validated with, so the catalogue cannot drift.
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

export interface Catalogue {
  readonly eventTypes: CatalogueEventType[];
  readonly actions: CatalogueAction[];
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
      dataSchema: toJsonSchema(definition.data),
      open: definition.open,
      internal: definition.internal,
      emittedBy: [...(docs?.emittedBy ?? [])],
    };
  });
}

function describeActions(): CatalogueAction[] {
  return [...ACTIONS.values()].map((definition) => {
    const docs = ACTION_DOCS[definition.type as ActionType];
    return {
      type: definition.type,
      description: { en: definition.description, ru: docs?.ru ?? definition.description },
      paramsSchema: toJsonSchema(definition.params),
      templateParams: [...definition.templateParams],
      examples: [...(docs?.examples ?? [])],
      outsideEffects: definition.external,
      idempotency: (definition.external ? docs?.idempotency : undefined) ?? IN_TRANSACTION,
    };
  });
}

let built: Catalogue | undefined;

/** The catalogue of this version; built once, since the registries do not change while running. */
export function catalogue(): Catalogue {
  built ??= { eventTypes: describeEventTypes(), actions: describeActions() };
  return built;
}
