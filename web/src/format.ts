import { useTranslation } from 'react-i18next';
import { useTimeZone } from './api/session.tsx';

/**
 * Numbers, money, dates and durations in the user's locale and time zone, through Intl only.
 * The locale is the UI language, with the browser's region when it speaks the same language
 * (en-US and en-GB users see their own date order).
 */
export function localeFor(language: string): string {
  const browser = typeof navigator === 'undefined' ? undefined : navigator.language;
  return browser?.split('-')[0] === language ? browser : language;
}

/** Money amounts are exact decimal strings; Intl formats the string itself, so no cent is lost. */
export function formatMoney(amount: string, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
      amount as Intl.StringNumericLiteral,
    );
  } catch {
    return `${amount} ${currency}`;
  }
}

export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

export function formatDate(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A length of time as at most two units, largest first: "2d 4h", "3h 5m", "45m" (in Russian
 * "2 дн. 4 ч"). Under a minute counts as one minute, so a countdown never shows zero too early.
 */
export function formatDuration(milliseconds: number, locale: string): string {
  const total = Math.max(Math.abs(milliseconds), MINUTE);
  const parts: [number, 'day' | 'hour' | 'minute'][] = [
    [Math.floor(total / DAY), 'day'],
    [Math.floor((total % DAY) / HOUR), 'hour'],
    [Math.floor((total % HOUR) / MINUTE), 'minute'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  return parts
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) =>
      new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' }).format(value),
    )
    .join(' ');
}

/** Whole days since `iso`, for "days in stage". */
export function daysSince(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / DAY));
}

/** The formatting functions bound to the current language and the user's time zone. */
export function useFormat() {
  const { i18n } = useTranslation();
  const timeZone = useTimeZone();
  const locale = localeFor(i18n.resolvedLanguage ?? 'en');
  return {
    locale,
    timeZone,
    money: (amount: string, currency: string) => formatMoney(amount, currency, locale),
    number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(value, locale, options),
    dateTime: (iso: string) => formatDateTime(iso, locale, timeZone),
    date: (iso: string) => formatDate(iso, locale, timeZone),
    duration: (milliseconds: number) => formatDuration(milliseconds, locale),
  };
}
