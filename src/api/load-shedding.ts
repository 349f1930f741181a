import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import { sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Never refused under load and never counted: the health checks. */
    neverShed?: boolean;
  }
  interface FastifyRequest {
    /**
     * Stops counting this request as in flight before it is done, for a request that goes on
     * waiting without work (`Prefer: wait`). Undefined for requests that are not counted.
     */
    leaveInFlight?: () => void;
  }
}

/** Default bound on requests in flight (STAGEFLOW_MAX_IN_FLIGHT). */
export const DEFAULT_MAX_IN_FLIGHT = 64;

/** What a refused client is told to wait before trying again, in seconds. */
export const RETRY_AFTER_SECONDS = 1;

export const overloaded = (): AppError =>
  new AppError(
    'overloaded',
    'unavailable',
    'The server is handling as many requests as it may; try again after the Retry-After delay',
    { retryable: true },
  );

/**
 * Load shedding: at most `maxInFlight` requests are handled at once; one more is refused at
 * once with 503, a problem document and `Retry-After`, before authentication and before the body
 * is read, so refusing costs no database work. Queueing it instead would make every client wait
 * for the whole queue and time out, as would `/readyz` behind it. Routes marked `neverShed` (the
 * health checks) are neither refused nor counted.
 */
export function registerLoadShedding(app: FastifyInstance, maxInFlight: number): void {
  let inFlight = 0;
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.neverShed === true) return done();
    if (inFlight >= maxInFlight) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      sendProblem(reply, overloaded(), request.url.split('?')[0]);
      return;
    }
    inFlight += 1;
    let counted = true;
    const leave = () => {
      if (!counted) return;
      counted = false;
      inFlight -= 1;
    };
    request.leaveInFlight = leave;
    // 'close' comes once the answer is sent, or when the client went away.
    reply.raw.once('close', leave);
    // An admitted request waits for the next turn of the event loop, so the requests of a burst
    // are all read and counted first. Without it a request on SQLite (whose queries never yield
    // to the event loop) would run from start to end before the next one is even read: nothing
    // would ever count as in flight, and a burst would queue unseen in the socket buffers.
    nextTurn().then(() => done());
  });
}

/** Whether the request is counted (for the routes that wait). */
export function leaveInFlight(request: FastifyRequest): void {
  request.leaveInFlight?.();
}
