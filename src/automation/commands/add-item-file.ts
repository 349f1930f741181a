import { invalid, notFound } from '../../domain/errors.ts';
import type { ItemFile } from '../../domain/item-file.ts';
import type { EngineContext } from '../engine-context.ts';

/** Most characters of a file's name. */
const MAX_NAME = 200;

/** Stores a file uploaded to an item; send_email attaches it by its id. */
export function addItemFile(
  context: EngineContext,
  input: { itemId: string; name: string; contentType: string; content: Uint8Array },
): Promise<ItemFile> {
  const name = input.name.trim();
  // A name goes into mail headers: no line breaks or control characters, no path.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (name === '' || name.length > MAX_NAME || /[\u0000-\u001f\u007f/\\]/.test(name)) {
    throw invalid('/querystring/name', `must be a file name of 1 to ${MAX_NAME} characters without / or \\`);
  }
  if (input.content.byteLength === 0) throw invalid('/body', 'the file is empty');
  return context.store.transaction(async (tx) => {
    if ((await tx.items.find(input.itemId)) === undefined) throw notFound('item', input.itemId);
    return tx.itemFiles.create({ ...input, name }, context.clock.now());
  });
}
