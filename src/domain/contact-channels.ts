/**
 * Emails are matched in a normalised form, so "Ivan@Example.COM " and "ivan@example.com" find the
 * same contact. Phone numbers are matched in E.164 (see phone-numbers.ts).
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A chat identity: the channel, a colon and the writer's id or username there (`telegram:@ivan_p`). */
export const CHAT_IDENTITY_PATTERN = '^[^:\\s]+:\\S';

export function isChatIdentity(text: string): boolean {
  return new RegExp(CHAT_IDENTITY_PATTERN).test(text.trim());
}

/** Chat identities (`telegram:@Ivan_P`) match whatever their case: messengers ignore it in names. */
export function normalizeChat(chat: string): string {
  return chat.trim().toLowerCase();
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(text: string): boolean {
  return EMAIL_SHAPE.test(text.trim());
}

/** The shape of a phone number as typed; matching reads it with PhoneNumbers (phone-numbers.ts). */
export function isPhone(text: string): boolean {
  const digits = text.replace(/\D/g, '');
  return digits.length >= 5 && digits.length <= 15 && /^[+\d\s().-]+$/.test(text.trim());
}
