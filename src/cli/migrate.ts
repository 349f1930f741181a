import { parseConfig } from './config.ts';
import { type CliIo, EXIT } from './io.ts';
import { openMigratedStore } from './runtime.ts';

/** `stageflow migrate`: applies pending migrations and says which. */
export async function runMigrate(io: CliIo): Promise<number> {
  const config = parseConfig(io.env, io.cwd);
  const { store, migration } = await openMigratedStore(config);
  await store.close();
  io.stdout(
    migration.applied.length === 0
      ? `Database ${store.description} is up to date; no migration to apply.\n`
      : `Applied to ${store.description}:\n${migration.applied.map((name) => `  ${name}\n`).join('')}`,
  );
  return EXIT.ok;
}
