/**
 * A statement file's bytes as text. Banks write Windows-1251 (`Кодировка=Windows`), some UTF-8
 * (`Кодировка=UTF-8`, maybe with a BOM), old ones DOS code page 866 (`Кодировка=DOS`). The
 * `Кодировка` key is itself Cyrillic, so it cannot be read before decoding: bytes that are valid
 * UTF-8 are UTF-8 (Windows-1251 Cyrillic almost never is); otherwise the file is 866 when, read as 866,
 * it says `Кодировка=DOS`, and Windows-1251 else.
 */
export function decodeStatement(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Not UTF-8: one of the single-byte code pages.
  }
  // Each code page reads its own `Кодировка` key and no other's.
  const dos = new TextDecoder('ibm866').decode(bytes);
  if (/^Кодировка=DOS\s*$/im.test(dos)) return dos;
  return new TextDecoder('windows-1251').decode(bytes);
}
