import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

/** Whether `code` is a region libphonenumber-js knows (ISO 3166-1 alpha-2, upper case: "RU"). */
export function isPhoneRegion(code: string): code is CountryCode {
  return isSupportedCountry(code);
}

/**
 * Phone numbers, read by libphonenumber-js. A number is matched by its E.164 form
 * ("+79123456789"), so "+7 912 345-67-89", "8 (912) 345-67-89" and "89123456789" are one number
 * when the default region is RU. Without a default region only numbers written with their country
 * code can be read; the rest keep the key they had before E.164 (digits, a leading "+" kept,
 * "00" read as "+"), so every stored number stays findable as it was written.
 */
export class PhoneNumbers {
  /** The region a number in national format belongs to. Default: none. */
  readonly region: CountryCode | undefined;

  constructor(region?: string) {
    if (region !== undefined && !isPhoneRegion(region)) throw new Error(`Unknown phone region ${region}`);
    this.region = region;
  }

  /** The number in E.164, or undefined when the text is no possible phone number. */
  toE164(text: string): string | undefined {
    const parsed = parsePhoneNumberFromString(text.trim(), {
      ...(this.region !== undefined && { defaultCountry: this.region }),
      extract: false,
    });
    return parsed?.isPossible() === true ? parsed.number : undefined;
  }

  /** The key a number is indexed and matched by: its E.164 form, else the digits as written. */
  key(text: string): string {
    return this.toE164(text) ?? digitsKey(text);
  }
}

function digitsKey(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00') && digits.length > 4) return `+${digits.slice(2)}`;
  return digits;
}
