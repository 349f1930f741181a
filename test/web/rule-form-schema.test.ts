import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorsAt, fieldId, unplacedErrors } from '../../web/src/pages/automation/rule-form/field-errors.ts';
import { isoToLocalInput, localInputToIso } from '../../web/src/pages/automation/rule-form/local-date.ts';
import {
  descriptionOf,
  humanize,
  initialValue,
  isLiteralUnion,
  isTemplateText,
  matchMember,
  nodeKind,
  recordValueSchema,
  rowsToRecord,
  unionMembers,
  withProperty,
} from '../../web/src/pages/automation/rule-form/schema-nodes.ts';

const person = {
  anyOf: [
    { type: 'string', const: 'responsible' },
    { type: 'string', const: 'supervisor' },
    { type: 'object', required: ['userId'], properties: { userId: { type: 'string' } } },
  ],
};
const notify = {
  type: 'object',
  required: ['to', 'title', 'body'],
  properties: {
    to: { type: 'array', items: person, minItems: 1 },
    title: {
      type: 'string',
      description: 'Template: the notification title',
      'x-description-ru': 'Шаблон: заголовок',
    },
    body: { type: 'string' },
    track: { type: 'boolean', default: true },
  },
};

test('schema nodes are shown by what they are: objects, lists, records, choices, unions', () => {
  assert.equal(nodeKind(notify), 'object');
  assert.equal(nodeKind(notify.properties.to), 'array');
  assert.equal(nodeKind(person), 'union');
  assert.equal(isLiteralUnion(person), false);
  assert.equal(isLiteralUnion({ anyOf: [{ const: 'POST' }, { const: 'PUT' }] }), true);
  const set = { type: 'object', patternProperties: { '^.*$': { type: 'string' } } };
  assert.equal(nodeKind(set), 'record');
  assert.deepEqual(recordValueSchema(set), { type: 'string' });
  assert.equal(nodeKind({ type: 'object', properties: {}, additionalProperties: true }), 'object');
  assert.equal(nodeKind({ type: 'integer' }), 'number');
  assert.equal(nodeKind({ enum: ['a', 'b'] }), 'enum');
  assert.equal(nodeKind({}), 'any');
});

test('a person reference is recognised as a literal or as a user by its required key', () => {
  const members = unionMembers(person);
  assert.equal(matchMember(members, 'responsible'), 0);
  assert.equal(matchMember(members, 'supervisor'), 1);
  assert.equal(matchMember(members, { userId: 'u1' }), 2);
  assert.equal(matchMember(members, 'nobody'), -1);
});

test("a new action's params start with what its required parts need", () => {
  assert.deepEqual(initialValue(notify), { to: ['responsible'], title: '', body: '' });
});

test('a sample event is filled from the schema examples and defaults, optional ones included', () => {
  const data = {
    type: 'object',
    required: ['from'],
    properties: {
      from: { type: 'string', examples: ['buyer@example.test'] },
      subject: { type: 'string', examples: ['Order 42'] },
      text: { type: 'string' },
      urgent: { type: 'boolean', default: false },
    },
  };
  assert.deepEqual(initialValue(data, { examples: true }), {
    from: 'buyer@example.test',
    subject: 'Order 42',
    urgent: false,
  });
  assert.deepEqual(initialValue(data), { from: 'buyer@example.test' });
});

test('labels and help text are readable in the user language', () => {
  assert.equal(humanize('replyTo'), 'Reply to');
  assert.equal(humanize('durationSeconds'), 'Duration seconds');
  assert.equal(humanize('copy_contact'), 'Copy contact');
  assert.equal(descriptionOf(notify.properties.title, 'ru'), 'Шаблон: заголовок');
  assert.equal(descriptionOf(notify.properties.title, 'en'), 'Template: the notification title');
  assert.equal(descriptionOf(notify.properties.body, 'ru'), undefined);
});

test('template text is a template param or a string described as a template', () => {
  assert.equal(isTemplateText(notify.properties.body, 'body', ['title', 'body']), true);
  assert.equal(isTemplateText(notify.properties.title, 'title', []), true);
  assert.equal(isTemplateText({ type: 'string' }, 'url', ['title']), false);
  assert.equal(isTemplateText({ type: 'number' }, 'title', ['title']), false);
});

test('clearing an optional property leaves it out so the server default applies, other keys kept', () => {
  assert.deepEqual(withProperty({ a: 1, b: 2 }, 'a', undefined), { b: 2 });
  assert.deepEqual(withProperty({ a: 1, extra: true }, 'b', 'x'), { a: 1, extra: true, b: 'x' });
  assert.deepEqual(withProperty(undefined, 'a', 1), { a: 1 });
});

test('record rows become an object without nameless rows', () => {
  assert.deepEqual(
    rowsToRecord([
      ['title', 'x'],
      ['', 'lost'],
      [' fields.city ', 'Riga'],
    ]),
    { title: 'x', 'fields.city': 'Riga' },
  );
});

test('server errors are found by the exact pointer of their field, the rest listed apart', () => {
  const errors = [
    { field: '/action/params/to/0', message: 'unknown user' },
    { field: '/action/params/title', message: 'must not be empty' },
    { field: '/version', message: 'required' },
  ];
  assert.deepEqual(errorsAt(errors, '/action/params/title'), ['must not be empty']);
  assert.deepEqual(errorsAt(errors, '/action/params'), []);
  assert.deepEqual(
    unplacedErrors(errors, ['/name', '/action']).map((error) => error.field),
    ['/version'],
  );
  assert.equal(fieldId('robot-1', '/action/params/to/0'), 'robot-1-action-params-to-0');
});

test('a date and time round-trips through the datetime-local input', () => {
  const iso = '2025-03-01T09:30:00.000Z';
  assert.equal(localInputToIso(isoToLocalInput(iso)), iso);
  assert.equal(isoToLocalInput(''), '');
  assert.equal(localInputToIso('nonsense'), '');
});
