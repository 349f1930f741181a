/**
 * Text to Windows-1251 bytes, the code page 1C and Russian banks exchange files in. Node decodes
 * it (TextDecoder) but encodes only UTF-8, so the table is built once from the decoder itself:
 * every byte 0x80–0xFF read as Windows-1251 gives the character that byte stands for.
 */
let table: Map<string, number> | undefined;

function encodingTable(): Map<string, number> {
  if (table !== undefined) return table;
  const decoder = new TextDecoder('windows-1251');
  const built = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const character = decoder.decode(Uint8Array.of(byte));
    // The one unassigned byte (0x98) decodes to U+FFFD, which no text should map back to.
    if (character !== '\uFFFD') built.set(character, byte);
  }
  table = built;
  return built;
}

/** Characters the code page has no byte for become `?`, as Windows' own conversion does. */
export function encodeWindows1251(text: string): Uint8Array {
  const lookup = encodingTable();
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0x3f;
    if (code < 0x80) bytes.push(code);
    else bytes.push(lookup.get(character) ?? 0x3f);
  }
  return Uint8Array.from(bytes);
}
