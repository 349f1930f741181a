import type { TFunction } from 'i18next';
import type { DryRunResult, DryRunRun, OutsideCall } from '../dry-run-types.ts';

/**
 * The sentences of a dry-run report: whether a trigger fires and what its move does, when a run
 * would be due relative to the server's now, and the parts of an outside call worth reading.
 */

/** "Fires: moves “Deal 7” from “New” to “Won”", "Does not fire", or why the move stops. */
export function triggerHeadline(result: DryRunResult, t: TFunction<'tryRule'>): string {
  const { trigger, move, item } = result;
  if (trigger === null || !trigger.matched) return t('trigger.notFires');
  if (move === null) return t('trigger.fires');
  const names = { item: item.title, from: move.fromStageName, to: move.toStageName };
  switch (move.outcome) {
    case 'moved':
      return t('trigger.moves', names);
    case 'refused':
      return t('trigger.refused', names);
    case 'loop':
      return t('trigger.loop', names);
    case 'same_stage':
      return t('trigger.sameStage', names);
  }
}

/** "“Notify the supervisor” would be planned on “Deal 7”", or that it would wait or be skipped. */
export function runHeadline(run: DryRunRun, itemTitle: string, t: TFunction<'tryRule'>): string {
  return t(`run.headline.${run.status}`, { robot: run.robotName, item: itemTitle });
}

const MINUTE = 60_000;

/** "in 2d 4h", "3h ago" or "now", measured from the server's `now` (the test clock counts). */
export function relativeTime(
  at: string,
  now: string,
  duration: (milliseconds: number) => string,
  t: TFunction<'tryRule'>,
): string {
  const difference = Date.parse(at) - Date.parse(now);
  if (Math.abs(difference) < MINUTE) return t('due.now');
  return t(difference > 0 ? 'due.in' : 'due.ago', { duration: duration(difference) });
}

export interface CallPart {
  /** An i18n key under `call.part`. */
  readonly name: string;
  readonly text: string;
  /** Long text, shown as a block that keeps its lines. */
  readonly block: boolean;
}

const PARTS: Readonly<Record<OutsideCall['kind'], readonly (readonly [string, boolean])[]>> = {
  email: [
    ['to', false],
    ['cc', false],
    ['subject', false],
    ['text', true],
    ['html', true],
  ],
  sms: [
    ['to', false],
    ['text', true],
  ],
  http: [
    ['method', false],
    ['url', false],
    ['headers', true],
    ['body', true],
  ],
};

/** A value of a call or a change as text: lists joined, objects as indented JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((part) => typeof part !== 'object' || part === null))
    return value.map(String).join(', ');
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** The parts of a call in reading order: email to, subject, text; SMS to, text; HTTP method, URL, body. */
export function callParts(call: OutsideCall): CallPart[] {
  return PARTS[call.kind]
    .filter(([name]) => call.detail[name] !== undefined && call.detail[name] !== null)
    .map(([name, block]) => ({ name, text: valueText(call.detail[name]), block }));
}
