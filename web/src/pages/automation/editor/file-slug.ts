/** `Sales 2026/Q1` → `sales-2026-q1`: a file name made of the pipeline's name. */
export function fileSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'pipeline' : slug;
}
