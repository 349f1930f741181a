import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import Fastify, { type FastifyError } from 'fastify';
import { ERROR_CATALOGUE, type ErrorCode } from '../domain/error-catalogue.ts';
import { ERROR_DESCRIPTIONS } from '../domain/error-descriptions.ts';
import { AppError } from '../domain/errors.ts';
import { errorHandler, statusOf, toProblem } from './problem.ts';

const REFERENCE = new URL('../../docs/reference/errors.md', import.meta.url);
const CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

interface Row {
  readonly status: number;
  readonly title: string;
  readonly retryable: boolean;
  readonly when: string;
}

/** The rows of the reference's tables: `| \`code\` | status | title | yes/no | when |`. */
function referenceRows(markdown: string): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const line of markdown.split('\n')) {
    const cells = /^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (cells === null) continue;
    const [code, rest] = [cells[1] ?? '', cells[2] ?? ''];
    const [status, title, retryable, when] = rest.split('|').map((cell) => cell.trim());
    assert.ok(!rows.has(code), `${code} is listed twice`);
    assert.match(retryable ?? '', /^(yes|no)$/, `${code}: retryable is "yes" or "no"`);
    rows.set(code, {
      status: Number(status),
      title: title ?? '',
      retryable: retryable === 'yes',
      when: when ?? '',
    });
  }
  return rows;
}

describe('docs/reference/errors.md', () => {
  const rows = referenceRows(readFileSync(REFERENCE, 'utf8'));

  test('lists exactly the catalogued codes', () => {
    assert.deepEqual([...rows.keys()].sort(), [...CODES].sort());
  });

  test('gives each code the status, title, retryability and when-text the server uses', () => {
    for (const code of CODES) {
      const row = rows.get(code);
      const { title, retryable } = ERROR_CATALOGUE[code];
      assert.deepEqual(
        { status: row?.status, title: row?.title, retryable: row?.retryable, when: row?.when },
        { status: statusOf(code), title, retryable, when: ERROR_DESCRIPTIONS[code] },
        code,
      );
    }
  });

  test('each when-text is one sentence or more that a table cell can hold', () => {
    for (const code of CODES) {
      assert.match(ERROR_DESCRIPTIONS[code], /^[A-Z`][^|\n]{10,}\.$/, code);
    }
  });
});

describe('problem documents', () => {
  test("every catalogued code answers with its own type, the catalogue's title and its kind's status", () => {
    for (const code of CODES) {
      const error = new AppError(code, ERROR_CATALOGUE[code].kind, 'detail');
      const problem = toProblem(error, '/x');
      assert.equal(problem.type, `/problems/${code}`);
      assert.equal(problem.code, code);
      assert.equal(problem.title, ERROR_CATALOGUE[code].title);
      assert.equal(problem.status, statusOf(code));
    }
    assert.equal(statusOf('unsupported_media_type'), 415);
    assert.equal(statusOf('item_not_found'), 404);
  });

  test("a client error of the HTTP framework with a code of its own answers bad_request, not the framework's code", async () => {
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    app.get('/refused', async () => {
      const error = new Error('Request has a malformed header') as FastifyError;
      Object.assign(error, { statusCode: 400, code: 'FST_ERR_SOMETHING_NEW' });
      throw error;
    });
    const response = await app.inject({ method: 'GET', url: '/refused' });
    assert.equal(response.statusCode, 400);
    const problem = response.json();
    assert.equal(problem.code, 'bad_request');
    assert.equal(problem.type, '/problems/bad_request');
    assert.equal(problem.detail, 'Request has a malformed header');
    await app.close();
  });
});
