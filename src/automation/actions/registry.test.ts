import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACTION_TYPES, ACTIONS, findAction } from './registry.ts';

describe('action registry', () => {
  test('holds exactly the listed types, each under its own type', () => {
    assert.deepEqual([...ACTIONS.keys()], [...ACTION_TYPES]);
    for (const [type, definition] of ACTIONS) assert.equal(definition.type, type);
    assert.equal(findAction('notify'), ACTIONS.get('notify'));
    assert.equal(findAction('send_fax'), undefined);
    assert.equal(findAction('toString'), undefined);
  });

  test('every internal action refuses unknown params and names only string params as templates', () => {
    for (const definition of ACTIONS.values()) {
      const schema = definition.params as {
        additionalProperties?: unknown;
        properties?: Record<string, { type?: unknown }>;
      };
      assert.equal(schema.additionalProperties, false, definition.type);
      // Actions that reach outside the CRM (send_email, send_webhook, send_sms) run outside the transaction.
      assert.equal(definition.external, definition.type.startsWith('send_'), definition.type);
      assert.ok(definition.description.length > 0, definition.type);
      for (const name of definition.templateParams) {
        assert.equal(schema.properties?.[name]?.type, 'string', `${definition.type}.${name}`);
      }
    }
  });
});
