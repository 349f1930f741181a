import { findAction } from '../../src/automation/actions/registry.ts';
import { DEFAULT_CASCADE_LIMITS, type EngineContext } from '../../src/automation/engine-context.ts';
import type { EngineStore } from '../../src/automation/ports.ts';
import { createTemplateEngine } from '../../src/automation/templates/template-engine.ts';
import type { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import type { Store } from '../../src/store/database.ts';
import { createEngineStore } from '../../src/store/engine-store.ts';
import { uuidv7 } from '../../src/store/ids.ts';

/**
 * The engine of one process over `store`, without runners or wake-ups: a test calls
 * processEvent and executeRun itself. `wrap` sees the engine store first (to count its work).
 */
export function engineContextOf(
  store: Store,
  clock: ManualClock,
  wrap: (engineStore: EngineStore) => EngineStore = (engineStore) => engineStore,
): EngineContext {
  const phones = new PhoneNumbers();
  return {
    store: wrap(createEngineStore(store.db, uuidv7, store.capabilities, phones)),
    clock,
    ids: uuidv7,
    phones,
    limits: DEFAULT_CASCADE_LIMITS,
    templates: createTemplateEngine({ clock }),
    findAction,
    wake: () => {},
    random: () => 0.5,
  };
}
