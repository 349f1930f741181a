import type { Logger } from 'pino';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import type { Store } from '../store/database.ts';
import type { Repositories } from '../store/repositories/index.ts';

/** Everything a route needs, built once by the composition root. */
export interface AppContext {
  readonly store: Store;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** Largest accepted request body in bytes. Default: 1 MiB. */
  readonly bodyLimit?: number;
}
