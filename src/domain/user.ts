import type { Role } from './roles.ts';

/** Working time of a user: week days (1 = Monday … 7 = Sunday), hours, holidays (YYYY-MM-DD). */
export interface UserCalendar {
  readonly weekDays: number[];
  /** Start and end of the working day, "HH:MM" in the user's time zone. */
  readonly hours: { readonly start: string; readonly end: string };
  readonly holidays: string[];
}

export const DEFAULT_CALENDAR: UserCalendar = {
  weekDays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '18:00' },
  holidays: [],
};

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly supervisorId: string | null;
  readonly department: string | null;
  /** IANA time zone, e.g. "Europe/Moscow". */
  readonly timeZone: string;
  readonly calendar: UserCalendar;
  readonly active: boolean;
  /** Whether the user has a password and so may sign in to the UI (the hash never leaves the store). */
  readonly hasPassword: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Whether the runtime knows this IANA time zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
