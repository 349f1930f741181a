import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../test/support/harness.ts';
import { ACTIONS } from '../automation/actions/registry.ts';
import { EVENT_TYPES } from '../domain/events/catalogue.ts';

/** Every route of the CRM core API, as [method, OpenAPI path]. */
const ROUTES: readonly (readonly [string, string])[] = [
  ...[
    'users',
    'contacts',
    'pipelines',
    'items',
    'tasks',
    'activities',
    'documents',
    'payments',
    'notifications',
  ].flatMap(
    (resource) =>
      [
        ['post', `/api/v1/${resource}`],
        ['get', `/api/v1/${resource}`],
        ['get', `/api/v1/${resource}/{id}`],
        ['patch', `/api/v1/${resource}/{id}`],
        ['delete', `/api/v1/${resource}/{id}`],
      ] as const,
  ),
  ...['triggers', 'robots', 'guards'].flatMap(
    (resource) =>
      [
        ['post', `/api/v1/${resource}`],
        ['get', `/api/v1/${resource}`],
        ['get', `/api/v1/${resource}/{id}`],
        ['patch', `/api/v1/${resource}/{id}`],
        ['delete', `/api/v1/${resource}/{id}`],
      ] as const,
  ),
  ['get', '/api/v1/runs'],
  ['get', '/api/v1/runs/{id}'],
  ['post', '/api/v1/runs/{id}/retry'],
  ['get', '/api/v1/items/{id}/journal'],
  ['post', '/api/v1/events'],
  ['post', '/api/v1/triggers/{id}/webhook-token'],
  ['post', '/hooks/{token}'],
  ['post', '/api/v1/inbound/email'],
  ['get', '/api/v1/clock'],
  ['post', '/api/v1/clock/advance'],
  ['post', '/api/v1/pipelines/{id}/stages'],
  ['patch', '/api/v1/pipelines/{id}/stages/{stageId}'],
  ['delete', '/api/v1/pipelines/{id}/stages/{stageId}'],
  ['put', '/api/v1/pipelines/{id}/stages/order'],
  ['post', '/api/v1/items/{id}/move'],
  ['get', '/api/v1/items/{id}/timeline'],
  ['post', '/api/v1/items/{id}/timeline'],
  ['post', '/api/v1/webhook-subscriptions'],
  ['get', '/api/v1/webhook-subscriptions'],
  ['get', '/api/v1/webhook-subscriptions/{id}'],
  ['patch', '/api/v1/webhook-subscriptions/{id}'],
  ['delete', '/api/v1/webhook-subscriptions/{id}'],
  ['get', '/api/v1/webhook-subscriptions/{id}/deliveries'],
  ['get', '/healthz'],
  ['get', '/readyz'],
  ['get', '/problems/{code}'],
  ['get', '/api/v1/outbox'],
  ['get', '/api/v1/outbox/sms'],
  ['post', '/api/v1/contacts/{id}/visitor-token'],
  ['post', '/api/v1/documents/{id}/share'],
  ['post', '/api/v1/items/{id}/documents'],
  ['get', '/api/v1/document-templates'],
  ['get', '/api/v1/document-templates/shipped'],
  ['post', '/api/v1/document-templates'],
  ['get', '/api/v1/document-templates/{id}'],
  ['patch', '/api/v1/document-templates/{id}'],
  ['delete', '/api/v1/document-templates/{id}'],
  ['get', '/api/v1/document-sequences'],
  ['get', '/api/v1/items/{id}/files'],
  ['put', '/api/v1/document-sequences/{kind}'],
  ['post', '/t/v'],
  ['post', '/api/v1/forms'],
  ['get', '/api/v1/forms'],
  ['get', '/api/v1/forms/{id}'],
  ['patch', '/api/v1/forms/{id}'],
  ['delete', '/api/v1/forms/{id}'],
  ['get', '/api/v1/catalogue'],
];

interface ObjectSchema {
  required?: string[];
  properties?: Record<string, { description?: string }>;
}

/**
 * The parts of an object schema the document must keep: its properties with their descriptions
 * and which are required (@fastify/swagger rewrites `const` and `patternProperties` for OpenAPI).
 */
function outline(schema: unknown): unknown {
  const { required, properties } = schema as ObjectSchema;
  return {
    required: required ?? [],
    properties: Object.fromEntries(
      Object.entries(properties ?? {}).map(([name, property]) => [name, property.description]),
    ),
  };
}

interface Operation {
  summary?: string;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

for (const dialect of DIALECTS) {
  describe(`OpenAPI document (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('describes every route with a summary, its body schema and its answer schemas', async () => {
      const spec = (await t.request({ method: 'GET', url: '/api/openapi.json', as: null })).body;
      assert.equal(spec.openapi, '3.1.0');
      const missing: string[] = [];
      for (const [method, path] of ROUTES) {
        const operation = spec.paths?.[path]?.[method] as Operation | undefined;
        if (operation === undefined) {
          missing.push(`${method.toUpperCase()} ${path}`);
          continue;
        }
        assert.ok(operation.summary, `${method} ${path} has a summary`);
        const success = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith('2'));
        assert.ok(success, `${method} ${path} documents its success answer`);
        if (success[0] !== '204') {
          assert.ok(
            success[1].content?.['application/json']?.schema,
            `${method} ${path} has an answer schema`,
          );
        }
        if ((method === 'post' || method === 'patch' || method === 'put') && !path.startsWith('/healthz')) {
          const noBody = path.endsWith('/read-all') || path.endsWith('/retry');
          if (!noBody)
            assert.ok(operation.requestBody?.content?.['application/json']?.schema, `${method} ${path} body`);
        }
        if (path.startsWith('/api/v1')) {
          assert.ok(
            operation.responses?.['400'] && operation.responses['401'],
            `${method} ${path} documents problems`,
          );
        }
      }
      assert.deepEqual(missing, []);
    });

    test("a robot's action is a union discriminated by type: each action's params schema, with examples", async () => {
      const spec = (await t.request({ method: 'GET', url: '/api/openapi.json', as: null })).body;
      const union = (schema: { properties: { action: unknown } }) =>
        schema.properties.action as {
          oneOf: { properties: { type: { enum: string[] }; params: unknown }; examples: unknown[] }[];
          discriminator: { propertyName: string };
        };
      const create = spec.paths['/api/v1/robots'].post;
      const documented = [
        union(create.requestBody.content['application/json'].schema),
        union(spec.paths['/api/v1/robots/{id}'].patch.requestBody.content['application/json'].schema),
        union(create.responses['201'].content['application/json'].schema),
        union(spec.paths['/api/v1/robots/{id}'].get.responses['200'].content['application/json'].schema),
      ];
      for (const action of documented) {
        assert.deepEqual(action.discriminator, { propertyName: 'type' });
        assert.deepEqual(
          action.oneOf.map((branch) => branch.properties.type.enum[0]),
          [...ACTIONS.keys()],
        );
        for (const branch of action.oneOf) {
          const definition = ACTIONS.get(branch.properties.type.enum[0] ?? '');
          assert.deepEqual(outline(branch.properties.params), outline(definition?.params));
          assert.ok(branch.examples.length > 0);
        }
      }
    });

    test('each event type that may be posted is documented with the schema of its data', async () => {
      const spec = (await t.request({ method: 'GET', url: '/api/openapi.json', as: null })).body;
      const body = spec.paths['/api/v1/events'].post.requestBody.content['application/json'].schema as {
        anyOf: { oneOf?: { properties: { type: { enum: string[] }; data: unknown } }[] }[];
      };
      const one = body.anyOf[0]?.oneOf ?? [];
      const postable = [...EVENT_TYPES.values()].filter((definition) => !definition.internal);
      assert.deepEqual(
        one.map((branch) => branch.properties.type.enum[0]),
        postable.map((definition) => definition.type),
      );
      for (const branch of one) {
        const definition = EVENT_TYPES.get(branch.properties.type.enum[0] ?? '');
        assert.deepEqual(outline(branch.properties.data), outline(definition?.data));
      }
    });
  });
}
