import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashPassword, passwordLengthProblem, spendPasswordCheck, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  test('a hash is scrypt with its parameters and a fresh salt; only the right password matches', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    assert.match(first, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/);
    assert.notEqual(first.split('$')[4], second.split('$')[4], 'each hash has its own salt');
    assert.equal(await verifyPassword('correct horse battery', first), true);
    assert.equal(await verifyPassword('correct horse battery', second), true);
    assert.equal(await verifyPassword('correct horse batterY', first), false);
    assert.equal(await verifyPassword('', first), false);
  });

  test('the same text in either Unicode normal form is the same password', async () => {
    const composed = 'пароль-ёлка-2026';
    const hash = await hashPassword(composed);
    assert.equal(await verifyPassword(composed.normalize('NFD'), hash), true);
  });

  test('a malformed or absurdly expensive stored hash matches nothing', async () => {
    const good = await hashPassword('some-password');
    const [, , r, p, salt, key] = good.split('$');
    for (const stored of [
      '',
      'plain-text',
      `bcrypt$16384$${r}$${p}$${salt}$${key}`,
      `scrypt$1073741824$${r}$${p}$${salt}$${key}`,
      `scrypt$16384$${r}$${p}$${salt}$`,
      `${good}$extra`,
    ]) {
      assert.equal(await verifyPassword('some-password', stored), false, stored);
    }
  });

  test('checking against nobody works and matches nothing', async () => {
    await spendPasswordCheck('anything at all');
  });

  test('passwords are 10 to 200 characters, counted as a person counts them', () => {
    assert.match(passwordLengthProblem('123456789') ?? '', /at least 10/);
    assert.equal(passwordLengthProblem('1234567890'), undefined);
    assert.equal(passwordLengthProblem('😀'.repeat(10)), undefined, 'ten emoji are ten characters');
    assert.equal(passwordLengthProblem('x'.repeat(200)), undefined);
    assert.match(passwordLengthProblem('x'.repeat(201)) ?? '', /at most 200/);
  });
});
