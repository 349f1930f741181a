import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIONS } from '../actions/registry.ts';
import { UserIdSchema } from '../actions/user-refs.ts';
import { isEmailRef, USER_ID_LISTS, userIdsIn } from './automation-document.ts';

type Schema = Readonly<Record<string, unknown>>;
const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const USER_ID_DESCRIPTION: unknown = Reflect.get(UserIdSchema, 'description');

/** The names of the properties, anywhere in a schema, that hold an array of user ids. */
function userIdListNames(schema: unknown, names = new Set<string>()): Set<string> {
  if (!isSchema(schema)) return names;
  const properties = isSchema(schema['properties']) ? schema['properties'] : {};
  for (const [name, property] of Object.entries(properties)) {
    const items = isSchema(property) ? property['items'] : undefined;
    if (isSchema(items) && items['description'] === USER_ID_DESCRIPTION) names.add(name);
  }
  for (const child of [
    ...Object.values(properties),
    ...(Array.isArray(schema['anyOf']) ? schema['anyOf'] : []),
    schema['items'],
    schema['additionalProperties'],
  ]) {
    userIdListNames(child, names);
  }
  return names;
}

test('every list of user ids in the actions is one the export names by email', () => {
  const found = new Set<string>();
  for (const action of ACTIONS.values()) userIdListNames(action.params, found);
  assert.ok(found.has('roundRobin'), 'the walk finds change_responsible’s round robin');
  assert.deepEqual(
    [...found].filter((name) => !USER_ID_LISTS.has(name)),
    [],
  );
});

test('the user ids of params are those of references and of lists of ids', () => {
  const params = { to: { roundRobin: ['u1', 'u2'] }, observers: [{ userId: 'u3' }, 'supervisor'] };
  assert.deepEqual([...userIdsIn(params)].sort(), ['u1', 'u2', 'u3']);
});

test('an email reference is an object with a userEmail and nothing else', () => {
  assert.equal(isEmailRef({ userEmail: 'a@example.test' }), true);
  assert.equal(isEmailRef({ userEmail: 'a@example.test', userId: 'u1' }), false);
  assert.equal(isEmailRef('a@example.test'), false);
});
