/**
 * Emails and phone numbers are matched in a normalised form, so "Ivan@Example.COM " and
 * "ivan@example.com", or "+7 (495) 123-45-67" and "+74951234567", find the same contact.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(text: string): boolean {
  return EMAIL_SHAPE.test(text.trim());
}

/**
 * Keeps digits and a leading plus. A number written with the international prefix "00" becomes
 * "+"; national formats are kept as digits, since the country cannot be guessed reliably.
 */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00') && digits.length > 4) return `+${digits.slice(2)}`;
  return digits;
}

export function isPhone(text: string): boolean {
  const digits = text.replace(/\D/g, '');
  return digits.length >= 5 && digits.length <= 15 && /^[+\d\s().-]+$/.test(text.trim());
}
