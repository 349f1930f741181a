import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pipeline } from '../../web/src/api/types.ts';
import { leadSwitchesOf, settingsWith } from '../../web/src/pages/automation/editor/pipeline-settings.ts';

/** The pipeline settings dialog's reading and writing of the stored settings. */

const pipeline = (settings: Record<string, unknown>): Pipeline => ({
  id: 'p',
  name: 'Inbound',
  entityType: 'lead',
  settings,
  stages: [],
  version: 3,
});

test('a switch never set, or set to anything but true, reads as off', () => {
  assert.deepEqual(leadSwitchesOf(pipeline({})), {
    createLeads: false,
    createLeadsFromCalls: false,
    createLeadsFromChats: false,
  });
  assert.deepEqual(
    leadSwitchesOf(pipeline({ inbound: { createLeads: true, createLeadsFromChats: 'yes' } })),
    {
      createLeads: true,
      createLeadsFromCalls: false,
      createLeadsFromChats: false,
    },
  );
  assert.equal(leadSwitchesOf(pipeline({ inbound: [true] })).createLeads, false);
});

test('saving sends the whole settings, with the keys the dialog does not show kept', () => {
  const stored = pipeline({
    currency: 'RUB',
    fiscalYear: { start: '01-01' },
    inbound: { createLeads: true },
  });
  const switches = { createLeads: false, createLeadsFromCalls: true, createLeadsFromChats: false };
  assert.deepEqual(settingsWith(stored, switches), {
    currency: 'RUB',
    fiscalYear: { start: '01-01' },
    inbound: switches,
  });
  assert.deepEqual(stored.settings, {
    currency: 'RUB',
    fiscalYear: { start: '01-01' },
    inbound: { createLeads: true },
  });
});
