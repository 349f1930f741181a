import { readFile } from 'node:fs/promises';
import { withApi } from './automation-files.ts';
import { type CliIo, EXIT, usageError } from './io.ts';

/**
 * `stageflow bank-statements import FILE`: the statement's bytes, unchanged (their encoding is the
 * server's to read), through POST /api/v1/bank-statements like any client.
 */
export async function runBankStatementsImport(
  options: { readonly file: string | undefined; readonly readStdin: () => Promise<Uint8Array> },
  io: CliIo,
): Promise<number> {
  const file = options.file;
  if (file === undefined) {
    throw usageError('the statement file is required ("-" for standard input)', 'bank-statements import');
  }
  let bytes: Uint8Array;
  try {
    bytes = file === '-' ? await options.readStdin() : await readFile(file);
  } catch (error) {
    io.stderr(`stageflow bank-statements import: cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
  return withApi(io, 'cli bank-statements import', async (api) => {
    const answer = await api.send(
      'POST',
      '/api/v1/bank-statements',
      Buffer.from(bytes),
      'application/octet-stream',
    );
    if (answer.status !== 200) {
      io.stderr(
        `stageflow bank-statements import: nothing was imported (${answer.status}): ${answer.body?.detail ?? JSON.stringify(answer.body)}\n`,
      );
      return EXIT.failure;
    }
    const { documents, incoming, matchedNew, matchedBefore, unmatched } = answer.body;
    io.stdout(
      `Read ${documents} documents, ${incoming} incoming: ${matchedNew} recorded now, ${matchedBefore} recorded before, ` +
        `${unmatched} to assign (GET /api/v1/bank-payments?status=unmatched).\n`,
    );
    return EXIT.ok;
  });
}
