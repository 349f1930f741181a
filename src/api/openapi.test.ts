import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../test/support/harness.ts';
import { ACTIONS } from '../automation/actions/registry.ts';
import { ERROR_CATALOGUE } from '../domain/error-catalogue.ts';
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
  ['get', '/api/v1/runs/{id}/undo'],
  ['post', '/api/v1/runs/{id}/undo'],
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
  ['put', '/api/v1/users/{id}/password'],
  ['post', '/api/v1/session'],
  ['get', '/api/v1/session'],
  ['delete', '/api/v1/session'],
  ['post', '/api/v1/pipelines/import'],
  ['get', '/api/v1/pipelines/{id}/automation'],
  ['get', '/api/v1/pipelines/{id}/board'],
  ['get', '/api/v1/pipelines/{id}/fields'],
  ['post', '/api/v1/bank-statements'],
  ['get', '/api/v1/bank-payments'],
  ['get', '/api/v1/bank-payments/{id}'],
  ['post', '/api/v1/bank-payments/{id}/assign'],
  ['post', '/api/v1/notifications/read-all'],
  ['post', '/api/v1/templates/preview'],
  ['post', '/api/v1/dry-run'],
  ...['triggers', 'robots'].flatMap(
    (resource) =>
      [
        ['post', `/api/v1/${resource}/{id}/backfill`],
        ['post', `/api/v1/${resource}/{id}/backfill/preview`],
      ] as const,
  ),
  ['post', '/api/v1/triggers/{id}/copy'],
  ['post', '/api/v1/robots/{id}/copy'],
  ['post', '/api/v1/guards/{id}/copy'],
  ['get', '/api/v1/triggers/{id}/journal'],
  ['get', '/api/v1/robots/{id}/runs'],
  ['get', '/api/v1/rules/record'],
  ['get', '/api/v1/revisions'],
  ['post', '/api/v1/revisions/{id}/restore'],
  ['post', '/api/v1/runs/retry'],
  ['get', '/api/v1/stats/funnel'],
  ['get', '/api/v1/stats/rule-alerts'],
  ['get', '/api/v1/stats/runs-per-day'],
  ['get', '/api/v1/stream'],
  ['get', '/metrics'],
  ['get', '/t/o/{token}'],
  ['get', '/t/c/{token}'],
  ['get', '/t/v.js'],
  ['get', '/d/{token}'],
  ['get', '/f/{formId}'],
  ['post', '/f/{formId}'],
  ['get', '/api/v1/me/notification-preferences'],
  ['put', '/api/v1/me/notification-preferences'],
  ['get', '/api/v1/users/{id}/notification-preferences'],
  ['put', '/api/v1/users/{id}/notification-preferences'],
  ['get', '/api/v1/approvals'],
  ['get', '/api/v1/approvals/{id}'],
  ['post', '/api/v1/approvals/{id}/decision'],
  ['get', '/a/{token}'],
  ['post', '/a/{token}'],
  ['get', '/api/v1/documents/export'],
  ['get', '/api/v1/documents/{id}/html'],
  ['get', '/api/v1/documents/{id}/pdf'],
  ['post', '/api/v1/items/{id}/files'],
  ['get', '/d/{token}/pdf'],
];

/**
 * The routes that do not speak JSON, by "METHOD path": the media type of the body they take and
 * of the answer they give. `body: null`: a form post (the fields differ per web form; an approval
 * link's confirmation posts an optional comment), which no JSON schema describes.
 */
const MEDIA: Readonly<Record<string, { readonly body?: string | null; readonly answer?: string }>> = {
  'POST /api/v1/bank-statements': { body: 'text/plain' },
  'GET /api/v1/stream': { answer: 'text/event-stream' },
  'GET /metrics': { answer: 'text/plain' },
  'GET /t/o/{token}': { answer: 'image/gif' },
  'GET /t/v.js': { answer: 'text/javascript' },
  'GET /d/{token}': { answer: 'text/html' },
  'GET /f/{formId}': { answer: 'text/html' },
  'POST /f/{formId}': { body: null, answer: 'text/html' },
  'GET /a/{token}': { answer: 'text/html' },
  'GET /api/v1/documents/{id}/html': { answer: 'text/html' },
  'GET /api/v1/documents/{id}/pdf': { answer: 'application/pdf' },
  'GET /d/{token}/pdf': { answer: 'application/pdf' },
  'POST /api/v1/items/{id}/files': { body: 'application/pdf' },
  'POST /a/{token}': { body: null, answer: 'text/html' },
};

/** Routes with no body although they are posts: they act on what the path names. */
const NO_BODY = new Set([
  '/api/v1/runs/{id}/retry',
  '/api/v1/runs/{id}/undo',
  '/api/v1/notifications/read-all',
  '/api/v1/revisions/{id}/restore',
  '/api/v1/triggers/{id}/backfill/preview',
  '/api/v1/robots/{id}/backfill/preview',
]);

/** Routes that answer a file rather than JSON: their success answer names its content types. */
const FILE_ROUTES: Readonly<Record<string, readonly string[]>> = {
  '/api/v1/documents/export': ['text/plain', 'text/csv'],
};

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
        const media = MEDIA[`${method.toUpperCase()} ${path}`] ?? {};
        assert.ok(operation.summary, `${method} ${path} has a summary`);
        // A redirect is the success of the click-tracking link.
        const success = Object.entries(operation.responses ?? {}).find(([status]) => /^[23]/.test(status));
        assert.ok(success, `${method} ${path} documents its success answer`);
        const fileTypes = FILE_ROUTES[path];
        if (fileTypes !== undefined) {
          for (const type of fileTypes) {
            assert.ok(success[1].content?.[type]?.schema, `${method} ${path} answers ${type}`);
          }
        } else if (success[0] !== '204' && success[0] !== '302') {
          assert.ok(
            success[1].content?.[media.answer ?? 'application/json']?.schema,
            `${method} ${path} has an answer schema`,
          );
        }
        if ((method === 'post' || method === 'patch' || method === 'put') && !NO_BODY.has(path)) {
          const body = media.body === undefined ? 'application/json' : media.body;
          if (body !== null)
            assert.ok(operation.requestBody?.content?.[body]?.schema, `${method} ${path} body`);
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

    test('lists no route the list above leaves out, so each new one is checked the same way', async () => {
      const spec = (await t.request({ method: 'GET', url: '/api/openapi.json', as: null })).body;
      const documented = Object.entries(spec.paths as Record<string, object>).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const listed = new Set(ROUTES.map(([method, path]) => `${method.toUpperCase()} ${path}`));
      assert.deepEqual(
        documented.filter((route) => !listed.has(route)),
        [],
      );
    });

    test("every problem answer's code is one of the error catalogue's codes, listed once", async () => {
      const spec = (await t.request({ method: 'GET', url: '/api/openapi.json', as: null })).body;
      const codes = spec.components.schemas.ErrorCode;
      assert.deepEqual(codes.enum, Object.keys(ERROR_CATALOGUE));
      assert.match(codes.description, /\/problems\/\{code\}/);
      const problems = [
        spec.paths['/api/v1/items'].post.responses['400'],
        spec.paths['/api/v1/items/{id}/move'].post.responses['409'],
        spec.paths['/api/v1/bank-statements'].post.responses['400'],
        spec.paths['/t/v'].post.responses['429'],
      ];
      for (const problem of problems) {
        const schema = problem.content['application/problem+json'].schema;
        assert.equal(schema.title, 'Problem');
        assert.deepEqual(schema.properties.code, { $ref: '#/components/schemas/ErrorCode' });
      }
      // The codes are not repeated inline for each route and status.
      assert.equal(JSON.stringify(spec).split('"route_not_found"').length - 1, 1);
      // An answer still carries its code, whatever the document says.
      const refused = await t.request({ method: 'GET', url: '/api/v1/items/nope', as: 'admin' });
      assert.equal(refused.body.code, 'item_not_found');
    });

    test('declares every problem answer as application/problem+json, the type it is served with', async () => {
      const spec = (await t.request({ method: 'GET', url: '/api/openapi.json', as: null })).body;
      const misfiled: string[] = [];
      let problems = 0;
      for (const [path, operations] of Object.entries(
        spec.paths as Record<string, Record<string, Operation>>,
      )) {
        for (const [method, operation] of Object.entries(operations)) {
          for (const [status, response] of Object.entries(operation.responses ?? {})) {
            for (const [type, media] of Object.entries(response.content ?? {})) {
              if ((media.schema as { title?: string } | undefined)?.title !== 'Problem') continue;
              problems += 1;
              if (type !== 'application/problem+json') misfiled.push(`${method} ${path} ${status} ${type}`);
            }
          }
        }
      }
      assert.ok(problems > 100, 'the routes document their problem answers');
      assert.deepEqual(misfiled, []);
      const served = await t.request({ method: 'GET', url: '/api/v1/items/nope', as: 'admin' });
      assert.match(String(served.headers['content-type']), /^application\/problem\+json/);
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
