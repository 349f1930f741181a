import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from 'typebox/value';
import { EVENT_TYPES } from '../domain/events/catalogue.ts';
import { EVENT_TYPE_DOCS } from '../domain/events/event-docs.ts';
import { ACTION_DOCS } from './actions/action-docs.ts';
import { ACTIONS } from './actions/registry.ts';
import { catalogue } from './catalogue.ts';

const CYRILLIC = /[а-яё]/i;

describe('catalogue', () => {
  test('describes every event type, in English and Russian, with the schema events are checked with', () => {
    assert.deepEqual(Object.keys(EVENT_TYPE_DOCS).sort(), [...EVENT_TYPES.keys()].sort());
    const listed = catalogue().eventTypes;
    assert.deepEqual(
      listed.map((event) => event.type),
      [...EVENT_TYPES.keys()],
    );
    for (const event of listed) {
      const definition = EVENT_TYPES.get(event.type);
      assert.ok(definition);
      assert.deepEqual(event.dataSchema, JSON.parse(JSON.stringify(definition.data)), event.type);
      assert.equal(event.description.en, definition.description);
      assert.match(event.description.ru, CYRILLIC, event.type);
      assert.equal(event.internal, definition.internal);
      for (const origin of event.emittedBy)
        assert.match(origin.when.ru, CYRILLIC, `${event.type} ${origin.by}`);
    }
  });

  test('says which API change records an event: a task PATCH records task.status_changed', () => {
    const byType = new Map(catalogue().eventTypes.map((event) => [event.type, event]));
    const origins = (type: string) => byType.get(type)?.emittedBy.map((origin) => origin.by);
    assert.deepEqual(origins('task.status_changed'), ['PATCH /api/v1/tasks/{id}']);
    assert.ok(origins('payment.received')?.includes('POST /api/v1/payments'));
    assert.ok(origins('item.stage_changed')?.includes('action move_to_stage'));
    assert.deepEqual(origins('call.missed'), [], 'calls come only from outside');
  });

  test('describes every action with its params schema, examples that pass it, and its effects', () => {
    assert.deepEqual(Object.keys(ACTION_DOCS).sort(), [...ACTIONS.keys()].sort());
    const listed = catalogue().actions;
    assert.deepEqual(
      listed.map((action) => action.type),
      [...ACTIONS.keys()],
    );
    for (const action of listed) {
      const definition = ACTIONS.get(action.type);
      assert.ok(definition);
      assert.deepEqual(action.paramsSchema, JSON.parse(JSON.stringify(definition.params)), action.type);
      assert.match(action.description.ru, CYRILLIC, action.type);
      assert.equal(action.outsideEffects, definition.external);
      assert.ok(action.examples.length > 0, `${action.type} has an example`);
      for (const example of action.examples) {
        assert.ok(Value.Check(definition.params, example.params), `${action.type}: ${example.summary}`);
      }
    }
  });

  test('every param and every data field has a description', () => {
    const undescribed: string[] = [];
    const walk = (schema: unknown, path: string): void => {
      const properties = (schema as { properties?: Record<string, { description?: string }> }).properties;
      for (const [name, property] of Object.entries(properties ?? {})) {
        if (property.description === undefined) undescribed.push(`${path}.${name}`);
        walk(property, `${path}.${name}`);
      }
    };
    for (const action of catalogue().actions) walk(action.paramsSchema, action.type);
    for (const event of catalogue().eventTypes) walk(event.dataSchema, event.type);
    assert.deepEqual(undescribed, []);
  });

  test("the params' descriptions explain what a new user had to read the code for", () => {
    const schemaOf = (type: string) =>
      JSON.stringify(catalogue().actions.find((a) => a.type === type)?.paramsSchema);
    const notify = catalogue().actions.find((action) => action.type === 'notify')?.paramsSchema as {
      required: string[];
    };
    assert.deepEqual(notify.required.sort(), ['body', 'title', 'to']);
    assert.match(schemaOf('notify'), /\\"responsible\\".*\\"supervisor\\".*\\"userId\\"/);
    assert.match(schemaOf('complete_tasks'), /\\"item\\" \(all of the item\).*\\"stage\\".*\\"pipeline\\"/);
    assert.match(schemaOf('complete_tasks'), /stageId/);
    assert.match(schemaOf('create_task'), /Default: \\"responsible\\"/);
  });
});
