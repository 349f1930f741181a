import type { OutsidePorts } from '../automation/outside-ports.ts';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import type { Store } from '../store/database.ts';
import type { Config } from './config.ts';

export interface OutsideOptions {
  readonly config: Config | undefined;
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** The channels to the outside world that actions use, chosen from the configuration. */
export function createOutsidePorts(_options: OutsideOptions): OutsidePorts {
  return {};
}
