import type { FilterImplOptions } from 'liquidjs';
import { filters as standardFilters } from 'liquidjs';
import { IANAZone } from 'luxon';
import type { Clock } from '../../domain/clock.ts';
import { TemplateAmount } from './template-variables.ts';

/** A filter function; LiquidJS calls it with its render context as `this`. */
export type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;
type FilterImpl = ThisParameterType<FilterHandler>;

/** The zone dates are shown in when a template names none (and the Liquid engine's default). */
export const DEFAULT_TIME_ZONE = 'UTC';

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * `{{ item.amount | money: item.currency }}` → "150 000.00 RUB": thousands grouped by a space,
 * always two decimals, the currency code after the number when there is one. Amounts in facts are
 * numbers in major units; decimal strings ("1500.5") are accepted too. Anything else is returned
 * unchanged, the way Liquid's own filters treat input they cannot read.
 */
export function money(value: unknown, currency?: unknown): unknown {
  // An amount of the facts carries its exact decimal text: formatted from the digits, not a float.
  const exact = value instanceof TemplateAmount ? value.valueOf() : undefined;
  const amount = exact === undefined ? readAmount(value) : Number(exact);
  if (amount === undefined) return value ?? '';
  // toFixed rounds the exact binary value; beyond 1e21 it switches to exponent notation.
  const fixed = exact?.replace(/^-/, '') ?? Math.abs(amount).toFixed(2);
  if (fixed.includes('e')) return String(value);
  const [whole = '0', fraction = '00'] = fixed.split('.');
  const sign = amount < 0 && fixed !== '0.00' ? '-' : '';
  const number = `${sign}${groupThousands(whole)}.${fraction}`;
  const code = typeof currency === 'string' ? currency.trim() : '';
  return code === '' ? number : `${number} ${code}`;
}

function readAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) return Number(value.trim());
  return undefined;
}

function groupThousands(digits: string): string {
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    grouped = grouped === '' ? digits.slice(start, end) : `${digits.slice(start, end)} ${grouped}`;
  }
  return grouped;
}

/**
 * Returns the zone to show a date in: the one the template names (`responsible.timeZone` is the
 * usual source), or the default when it names none. An unknown zone fails the render instead of
 * silently showing another zone's time.
 */
export function resolveTimeZone(zone: unknown): string {
  if (zone === undefined || zone === null || zone === '') return DEFAULT_TIME_ZONE;
  if (typeof zone === 'string' && IANAZone.isValidZone(zone)) return zone;
  throw new Error(`unknown time zone "${String(zone)}" (use an IANA name such as "Europe/Moscow")`);
}

/** The LiquidJS implementation of a standard filter, as a plain function. */
function standardFilter(name: string): FilterHandler {
  const filter: FilterImplOptions | undefined = standardFilters[name];
  if (filter === undefined) throw new Error(`LiquidJS has no standard filter "${name}"`);
  return typeof filter === 'function' ? filter : filter.handler;
}

/**
 * "now" and "today" are read from the engine's clock, not the machine's, so a manual clock moves
 * what templates print the same way it moves everything else.
 */
function fromClock(value: unknown, clock: Clock): unknown {
  return value === 'now' || value === 'today' ? clock.now() : value;
}

/**
 * The filters this product adds to or changes in LiquidJS's standard set (which stays available):
 * `money`, and `date` (strftime format, optional IANA zone: `date: "%d.%m.%Y %H:%M",
 * responsible.timeZone`) formatted by LiquidJS's own strftime over Intl.
 */
export function templateFilters(clock: Clock): Record<string, FilterHandler> {
  const date = standardFilter('date');
  const filters: Record<string, FilterHandler> = {
    money,
    date(this: FilterImpl, value: unknown, format?: unknown, zone?: unknown) {
      return date.call(this, fromClock(value, clock), format, resolveTimeZone(zone));
    },
  };
  // The other date filters take no zone; they only need "now" from the clock.
  for (const name of ['date_to_xmlschema', 'date_to_rfc822', 'date_to_string', 'date_to_long_string']) {
    const standard = standardFilter(name);
    filters[name] = function (this: FilterImpl, value: unknown, ...args: unknown[]) {
      return standard.call(this, fromClock(value, clock), ...args);
    };
  }
  return filters;
}
