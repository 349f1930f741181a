/**
 * ISO date-times edited in a datetime-local input, which shows and reads the browser's local time.
 */
/** `2025-03-01T09:30:00.000Z` → the `YYYY-MM-DDTHH:mm` of a datetime-local input, in local time. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  if (iso === '' || Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function localInputToIso(local: string): string {
  const date = new Date(local);
  return local === '' || Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
