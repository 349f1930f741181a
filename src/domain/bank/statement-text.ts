/**
 * A statement file's bytes as text. Banks write Windows-1251 (`Кодировка=Windows`), some UTF-8
 * (`Кодировка=UTF-8`, maybe with a BOM), old ones DOS code page 866 (`Кодировка=DOS`). The
 * `Кодировка` key is itself Cyrillic, so it cannot be read before decoding: bytes that are valid
 * UTF-8 are UTF-8 (Windows-1251 Cyrillic almost never is), anything else is decoded as
 * Windows-1251 and decoded again as 866 when its header says DOS.
 */
export function decodeStatement(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Not UTF-8: one of the single-byte code pages.
  }
  const windows = new TextDecoder('windows-1251').decode(bytes);
  const declared = /^Кодировка=(.*)$/m.exec(windows)?.[1]?.trim().toUpperCase();
  return declared === 'DOS' ? new TextDecoder('ibm866').decode(bytes) : windows;
}
