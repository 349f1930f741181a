import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { AppError } from '../domain/errors.ts';
import { sendProblem, toProblem } from './problem.ts';

const clashing = {
  status: 200,
  type: 'about:blank',
  title: 'Fine',
  detail: 'All good',
  instance: '/elsewhere',
  code: 'other',
  errors: [],
  itemId: 'it_1',
};

test('toProblem keeps its own members when the details use the same names', () => {
  const error = new AppError('duplicate', 'conflict', 'The item changed meanwhile', { details: clashing });
  const problem = toProblem(error, '/api/v1/items/it_1');
  assert.equal(problem.status, 409);
  assert.equal(problem.type, '/problems/duplicate');
  assert.notEqual(problem.title, 'Fine');
  assert.equal(problem.detail, 'The item changed meanwhile');
  assert.equal(problem.instance, '/api/v1/items/it_1');
  assert.equal(problem.code, 'duplicate');
  assert.equal(problem.errors, undefined);
  assert.equal(problem['itemId'], 'it_1', 'other details are still extension members');
});

test('a detail named status does not change the HTTP status of the answer', async () => {
  const app = Fastify();
  app.get('/x', (_request, reply) =>
    sendProblem(reply, new AppError('duplicate', 'conflict', 'No', { details: { status: 200 } }), '/x'),
  );
  const response = await app.inject({ method: 'GET', url: '/x' });
  assert.equal(response.statusCode, 409);
  assert.equal(response.json().status, 409);
  await app.close();
});
