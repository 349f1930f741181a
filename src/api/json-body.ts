import type { FastifyInstance } from 'fastify';
import { markInexactNumbers } from '../domain/exact-number.ts';
import { nestedDeeperThan } from '../domain/storable-input.ts';

type BodyParser = ReturnType<FastifyInstance['getDefaultJsonParser']>;

/**
 * A number literal a double may not hold exactly: 16 or more digits, or a three-digit exponent
 * (1e400 overflows to Infinity, 1e-400 underflows to 0).
 */
const LONG_NUMBER = /\d[\d.]{15,}|[eE][+-]?\d{3}/;

/**
 * Fastify's JSON parser (which refuses `__proto__` and `constructor.prototype` keys), plus
 * exactness: a body with a long number literal is read again with source text access, and every
 * number its double does not hold exactly becomes an InexactNumber, which the input check
 * (input-safety.ts) refuses naming the field. Bodies without long literals are parsed once, and
 * so are bodies nested too deep: a reviver walks recursively and would overflow the stack, while
 * the input check refuses them anyway with the depth limit named.
 */
export function exactJsonParser(app: FastifyInstance): BodyParser {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    parse(request, body, (error, parsed) => {
      if (error !== null || typeof body !== 'string' || !LONG_NUMBER.test(body) || nestedDeeperThan(parsed)) {
        done(error, parsed);
        return;
      }
      done(null, JSON.parse(body, markInexactNumbers));
    });
  };
}

/** Replaces the application's JSON parser with exactJsonParser. */
export function registerExactJson(app: FastifyInstance): void {
  const parser = exactJsonParser(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parser);
}
