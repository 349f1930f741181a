import type { SwaggerTransform } from '@fastify/swagger';
import { catalogue, type JsonSchema, toJsonSchema } from '../../automation/catalogue.ts';
import { EventInputSchema } from './events.ts';

/**
 * The OpenAPI document shows a robot's `action` and an event's `data` as unions discriminated by
 * `type`, each branch with the schema of that type. The routes themselves validate only the outer
 * shape and then check the params or data against the catalogue's schema, with problems named
 * per field; so the unions are built from the same catalogue for the document only, and swapped
 * in for the routes' outer schemas (found by title) when the document is generated.
 */

/** `{type, params}` for each action, with its description and examples. */
export function robotActionUnion(): JsonSchema {
  return {
    description: 'A robot action: its type and the params that type takes (GET /api/v1/catalogue lists them)',
    oneOf: catalogue().actions.map((action) => ({
      type: 'object',
      title: `Action ${action.type}`,
      description: `${action.description.en}. ${action.idempotency.en}`,
      properties: { type: { type: 'string', const: action.type }, params: action.paramsSchema },
      required: ['type', 'params'],
      additionalProperties: false,
      examples: action.examples.map((example) => ({ type: action.type, params: example.params })),
    })),
    discriminator: { propertyName: 'type' },
  };
}

/** One event as POST /api/v1/events takes it, for each event type that may come from outside. */
export function eventInputUnion(): JsonSchema {
  const input = toJsonSchema(EventInputSchema) as { properties: Record<string, unknown> };
  return {
    description: 'One event: its type and the data that type carries (GET /api/v1/catalogue lists them)',
    oneOf: catalogue()
      .eventTypes.filter((event) => !event.internal)
      .map((event) => {
        const dataRequired =
          Array.isArray(event.dataSchema['required']) && event.dataSchema['required'].length > 0;
        return {
          type: 'object',
          title: `Event ${event.type}`,
          description: event.description.en,
          properties: {
            ...input.properties,
            type: { type: 'string', const: event.type },
            data: event.dataSchema,
          },
          required: ['type', 'subject', ...(dataRequired ? ['data'] : [])],
          additionalProperties: false,
        };
      }),
    discriminator: { propertyName: 'type' },
  };
}

/** A copy of `node` where every object titled as a key of `replacements` is replaced. */
function replaceTitled(node: unknown, replacements: Readonly<Record<string, JsonSchema>>): unknown {
  if (Array.isArray(node)) return node.map((entry) => replaceTitled(entry, replacements));
  if (typeof node !== 'object' || node === null) return node;
  const title = (node as { title?: unknown }).title;
  if (typeof title === 'string' && Object.hasOwn(replacements, title)) return replacements[title];
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, replaceTitled(value, replacements)]),
  );
}

/** Swaps documented unions into a route's schema by the titles of the schemas they stand for. */
const documenting =
  (replacements: () => Readonly<Record<string, JsonSchema>>): SwaggerTransform =>
  ({ schema, url }) => ({ schema: replaceTitled(schema, replacements()) as typeof schema, url });

/** For the robots routes: `RobotAction` (answers) and `RobotActionInput` (bodies). */
export const documentRobotActions = documenting(() => {
  const union = robotActionUnion();
  return { RobotAction: union, RobotActionInput: union };
});

/** For POST /api/v1/events: each `EventInput`, alone or in a batch. */
export const documentEventInputs = documenting(() => ({ EventInput: eventInputUnion() }));
