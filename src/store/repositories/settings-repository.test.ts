import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestStore, DIALECTS } from '../../../test/support/harness.ts';
import { migrateToLatest } from '../migrate.ts';
import { SettingsRepository } from './settings-repository.ts';

for (const dialect of DIALECTS) {
  describe(`settings: the stored manual clock (${dialect})`, async () => {
    const testStore = await createTestStore(dialect);
    after(() => testStore.cleanup());
    await migrateToLatest(testStore.store);
    const settings = new SettingsRepository(testStore.store.db);

    test('is unset at first, then holds the latest time stored and never goes back', async () => {
      assert.equal(await settings.findManualClock(), undefined);
      await settings.raiseManualClock(new Date('2026-12-02T15:00:00.000Z'));
      assert.equal((await settings.findManualClock())?.toISOString(), '2026-12-02T15:00:00.000Z');
      await settings.raiseManualClock(new Date('2026-12-02T09:00:00.000Z'));
      assert.equal((await settings.findManualClock())?.toISOString(), '2026-12-02T15:00:00.000Z');
      await settings.raiseManualClock(new Date('2027-01-10T00:00:00.000Z'));
      assert.equal((await settings.findManualClock())?.toISOString(), '2027-01-10T00:00:00.000Z');
    });
  });
}
