import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepMaskedSecrets, maskSecrets, maskUrlCredentials, SECRET_MASK } from './secrets.ts';

test('maskSecrets masks secret params and credential headers, nothing else', () => {
  const params = {
    url: 'https://erp.example.com',
    secret: 'whsec_x',
    headers: { Authorization: 'Bearer a', 'X-Api-Key': 'k', 'X-Trace': 't' },
    body: { token: 'a template value, not a credential param' },
  };
  assert.deepEqual(maskSecrets(params), {
    url: 'https://erp.example.com',
    secret: SECRET_MASK,
    headers: { Authorization: SECRET_MASK, 'X-Api-Key': SECRET_MASK, 'X-Trace': 't' },
    body: { token: 'a template value, not a credential param' },
  });
});

test('keepMaskedSecrets puts stored values back where the mask came back, and only there', () => {
  const stored = { secret: 'whsec_old', headers: { Authorization: 'Bearer old' } };
  assert.deepEqual(
    keepMaskedSecrets({ secret: SECRET_MASK, headers: { Authorization: SECRET_MASK, 'X-New': '1' } }, stored),
    { secret: 'whsec_old', headers: { Authorization: 'Bearer old', 'X-New': '1' } },
  );
  assert.deepEqual(keepMaskedSecrets({ secret: 'whsec_new' }, stored), { secret: 'whsec_new' });
  assert.deepEqual(keepMaskedSecrets({ secret: SECRET_MASK }, {}), { secret: SECRET_MASK });
});

test('maskUrlCredentials masks user info and credential query parameters', () => {
  assert.equal(
    maskUrlCredentials('https://erp.example.com/h?api_key=abc&order=1&Token=x'),
    'https://erp.example.com/h?api_key=********&order=1&Token=********',
  );
  assert.equal(maskUrlCredentials('https://u:p@erp.example.com/h'), 'https://********@erp.example.com/h');
  assert.equal(maskUrlCredentials('https://erp.example.com/h?order=1'), 'https://erp.example.com/h?order=1');
  assert.equal(maskUrlCredentials('not a url'), 'not a url');
});
