import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from 'typebox/value';
import { CONDITION_OPS } from '../domain/conditions/condition.ts';
import { OPERATORS } from '../domain/conditions/operators.ts';
import { EVENT_TYPES } from '../domain/events/catalogue.ts';
import { EVENT_TYPE_DOCS } from '../domain/events/event-docs.ts';
import { FACT_FIELDS } from '../domain/facts.ts';
import { ACTION_DOCS } from './actions/action-docs.ts';
import { ACTIONS } from './actions/registry.ts';
import { catalogue, type JsonSchema } from './catalogue.ts';
import { RUSSIAN_DESCRIPTION } from './schema-help-ru.ts';

const CYRILLIC = /[а-яё]/i;

/** A schema as validation uses it: the catalogue's Russian help text left out. */
function withoutRussian(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRussian);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== RUSSIAN_DESCRIPTION)
      .map(([key, value]) => [key, withoutRussian(value)]),
  );
}

/** `where` of every schema node whose `description` has no Russian text beside it. */
function untranslated(schema: JsonSchema, where: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      for (const [index, child] of node.entries()) walk(child, `${at}/${index}`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (
      typeof record['description'] === 'string' &&
      !CYRILLIC.test(String(record[RUSSIAN_DESCRIPTION] ?? ''))
    )
      found.push(`${at}: ${record['description']}`);
    for (const [key, value] of Object.entries(record)) {
      if (!['default', 'examples', 'const', 'enum'].includes(key)) walk(value, `${at}/${key}`);
    }
  };
  walk(schema, where);
  return found;
}

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
      assert.deepEqual(
        withoutRussian(event.dataSchema),
        JSON.parse(JSON.stringify(definition.data)),
        event.type,
      );
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
      assert.deepEqual(
        withoutRussian(action.paramsSchema),
        JSON.parse(JSON.stringify(definition.params)),
        action.type,
      );
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

  test('every description in every params and data schema has its Russian text beside it', () => {
    const missing = [
      ...catalogue().actions.flatMap((action) => untranslated(action.paramsSchema, action.type)),
      ...catalogue().eventTypes.flatMap((event) => untranslated(event.dataSchema, event.type)),
    ];
    assert.deepEqual(missing, []);
    const notify = catalogue().actions.find((action) => action.type === 'notify')?.paramsSchema as {
      properties: { title: Record<string, string> };
    };
    assert.equal(
      notify.properties.title[RUSSIAN_DESCRIPTION],
      'Шаблон: заголовок уведомления (обрезается до 500 символов)',
    );
  });

  test('lists every fact with its kind, scope, money mark and description in English and Russian', () => {
    const facts = catalogue().facts;
    assert.deepEqual(
      facts.map((fact) => [fact.path, fact.kind]),
      Object.entries(FACT_FIELDS),
    );
    for (const fact of facts) {
      assert.ok(fact.description.en.length > 0, fact.path);
      assert.match(fact.description.ru, CYRILLIC, fact.path);
      const root = fact.path.split('.')[0];
      const scope = root === 'event' || root === 'task' || root === 'activity' ? root : 'item';
      assert.equal(fact.scope, scope, fact.path);
    }
    assert.deepEqual(
      facts.filter((fact) => fact.money === true).map((fact) => fact.path),
      ['item.amount', 'item.paidAmount', 'payments.total'],
    );
    assert.equal(facts.find((fact) => fact.path === 'item.title')?.money, undefined);
  });

  test('lists every operator with the fact kinds validation accepts it on, its right side and percent', () => {
    const operators = catalogue().operators;
    assert.deepEqual(
      operators.map((operator) => operator.op),
      [...CONDITION_OPS],
    );
    for (const operator of operators) {
      assert.deepEqual(operator.kinds, OPERATORS[operator.op as keyof typeof OPERATORS].kinds, operator.op);
      assert.match(operator.description.ru, CYRILLIC, operator.op);
    }
    const byOp = new Map(operators.map((operator) => [operator.op, operator]));
    assert.deepEqual(byOp.get('gte'), {
      ...byOp.get('gte'),
      value: 'one',
      percent: true,
      kinds: ['number', 'date', 'any'],
    });
    assert.equal(byOp.get('in')?.value, 'list');
    assert.equal(byOp.get('between')?.value, 'range');
    assert.equal(byOp.get('matches')?.value, 'regex');
    assert.equal(byOp.get('empty')?.value, 'none');
    assert.equal(byOp.get('contains')?.percent, false);
  });
});
