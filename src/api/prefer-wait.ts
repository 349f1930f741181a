/** The longest `Prefer: wait` honoured, in seconds: a waiting request keeps its connection. */
export const MAX_WAIT_SECONDS = 30;

/**
 * The `wait` preference of a `Prefer` header (RFC 7240 §4.3) in seconds, capped at
 * MAX_WAIT_SECONDS; undefined when the client did not ask to wait. Preferences are separated by
 * commas, may carry `;` parameters and are matched case-insensitively; a malformed or repeated
 * `wait` counts as the first well-formed one, and one that is not a number is ignored, as
 * RFC 7240 says of preferences a server does not understand.
 */
export function preferredWait(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const values = Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const preference of value.split(',')) {
      const [token, raw] = (preference.split(';')[0] ?? '').split('=', 2).map((part) => part.trim());
      if (token?.toLowerCase() !== 'wait' || raw === undefined) continue;
      const seconds = /^"?(\d{1,9})"?$/.exec(raw)?.[1];
      if (seconds !== undefined) return Math.min(Number(seconds), MAX_WAIT_SECONDS);
    }
  }
  return undefined;
}
