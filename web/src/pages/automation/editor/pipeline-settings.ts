import type { Pipeline } from '../../../api/types.ts';

/** The pipeline settings that make leads of unknown senders, one per channel. */
export const LEAD_SWITCHES = ['createLeads', 'createLeadsFromCalls', 'createLeadsFromChats'] as const;
export type LeadSwitch = (typeof LEAD_SWITCHES)[number];
export type LeadSwitches = Readonly<Record<LeadSwitch, boolean>>;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The switches as stored; one never set is off, as the server reads it. */
export function leadSwitchesOf(pipeline: Pipeline): LeadSwitches {
  const inbound = isRecord(pipeline.settings['inbound']) ? pipeline.settings['inbound'] : {};
  return {
    createLeads: inbound['createLeads'] === true,
    createLeadsFromCalls: inbound['createLeadsFromCalls'] === true,
    createLeadsFromChats: inbound['createLeadsFromChats'] === true,
  };
}

/**
 * The whole settings to send: a PATCH replaces them, so every other key (currency, ...) goes back
 * as it came.
 */
export function settingsWith(pipeline: Pipeline, switches: LeadSwitches): Record<string, unknown> {
  const inbound = isRecord(pipeline.settings['inbound']) ? pipeline.settings['inbound'] : {};
  return { ...pipeline.settings, inbound: { ...inbound, ...switches } };
}
