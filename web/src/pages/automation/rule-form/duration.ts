/**
 * ISO 8601 durations as the timing editor shows them: a whole number and one unit ("3 days" ⇄
 * `P3D`, "2 hours before" ⇄ `-PT2H`). Days and weeks are calendar parts, hours and minutes elapsed
 * time, as the engine counts them, so a unit is never converted into another.
 */
export const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** The units the editor offers; months and years are only read back. */
export const EDITOR_UNITS: readonly DurationUnit[] = ['minutes', 'hours', 'days', 'weeks'];

export interface DurationParts {
  readonly sign: 1 | -1;
  /** Non-zero parts, largest unit first. */
  readonly parts: readonly (readonly [DurationUnit, number])[];
}

const PART = '(\\d{1,9})';
const ISO = new RegExp(
  `^([+-])?P(?:${PART}Y)?(?:${PART}M)?(?:${PART}W)?(?:${PART}D)?(?:T(?:${PART}H)?(?:${PART}M)?(?:${PART}S)?)?$`,
);
const ORDER: readonly DurationUnit[] = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'];

/** `-P1DT2H` → sign -1, [days 1, hours 2]; undefined when the text is not such a duration. */
export function parseIsoDuration(text: string): DurationParts | undefined {
  const match = ISO.exec(text);
  if (match === null || text.endsWith('T')) return undefined;
  const parts = ORDER.map((unit, index) => [unit, Number(match[index + 2] ?? 0)] as const).filter(
    ([, count]) => count > 0,
  );
  if (match.slice(2).every((part) => part === undefined)) return undefined;
  return { sign: match[1] === '-' ? -1 : 1, parts };
}

/** One number and one unit as ISO 8601: 3 days → `P3D`, 90 minutes → `PT90M`, -1 day → `-P1D`. */
export function toIsoDuration(amount: number, unit: DurationUnit, sign: 1 | -1 = 1): string {
  const count = Math.max(0, Math.trunc(amount));
  const prefix = sign === -1 ? '-' : '';
  switch (unit) {
    case 'seconds':
      return `${prefix}PT${count}S`;
    case 'minutes':
      return `${prefix}PT${count}M`;
    case 'hours':
      return `${prefix}PT${count}H`;
    case 'days':
      return `${prefix}P${count}D`;
    case 'weeks':
      return `${prefix}P${count}W`;
    case 'months':
      return `${prefix}P${count}M`;
    case 'years':
      return `${prefix}P${count}Y`;
  }
}

export interface EditorDuration {
  readonly amount: number;
  readonly unit: DurationUnit;
  readonly sign: 1 | -1;
}

/**
 * The duration as one number and unit for the editor, or undefined when it has several parts
 * (`P1DT2H`, written through the API), which the editor then keeps as ISO text.
 */
export function toEditorDuration(text: string): EditorDuration | undefined {
  const parsed = parseIsoDuration(text);
  if (parsed === undefined) return undefined;
  if (parsed.parts.length === 0) return { amount: 0, unit: 'minutes', sign: parsed.sign };
  if (parsed.parts.length > 1) return undefined;
  const [unit, amount] = parsed.parts[0] as readonly [DurationUnit, number];
  return { amount, unit, sign: parsed.sign };
}
