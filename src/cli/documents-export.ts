import { writeFile } from 'node:fs/promises';
import { withApi } from './automation-files.ts';
import { type CliIo, EXIT, usageError } from './io.ts';

export interface DocumentsExportOptions {
  readonly format: string | undefined;
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly kind: string | undefined;
  readonly encoding: string | undefined;
  readonly bom: boolean;
  readonly out: string | undefined;
}

/**
 * `stageflow documents export`: GET /api/v1/documents/export like any client; the file's bytes go
 * out unchanged (a 1C file is Windows-1251), to standard output or `--out`. The API checks the
 * options and names a bad one; nothing is written then.
 */
export async function runDocumentsExport(options: DocumentsExportOptions, io: CliIo): Promise<number> {
  if (options.format === undefined)
    throw usageError('--format 1c or --format csv is required', 'documents export');
  const query = new URLSearchParams({ format: options.format });
  for (const key of ['from', 'to', 'kind', 'encoding'] as const) {
    const value = options[key];
    if (value !== undefined) query.set(key, value);
  }
  if (options.bom) query.set('bom', 'true');
  return withApi(io, 'cli documents export', async (api) => {
    const answer = await api.send('GET', `/api/v1/documents/export?${query}`);
    if (answer.status !== 200 || answer.bytes === undefined) {
      const errors: { field: string; message: string }[] = answer.body?.errors ?? [];
      const detail =
        errors.length > 0
          ? errors.map((error) => `${error.field.replace('/querystring/', '--')} ${error.message}`).join('; ')
          : (answer.body?.detail ?? JSON.stringify(answer.body));
      io.stderr(`stageflow documents export: nothing was exported (${answer.status}): ${detail}\n`);
      return EXIT.failure;
    }
    if (options.out !== undefined) {
      try {
        await writeFile(options.out, answer.bytes);
      } catch (error) {
        io.stderr(`stageflow documents export: cannot write ${options.out}: ${(error as Error).message}\n`);
        return EXIT.failure;
      }
    } else if (io.stdoutBytes !== undefined) {
      io.stdoutBytes(answer.bytes);
    } else {
      io.stdout(new TextDecoder().decode(answer.bytes));
    }
    return EXIT.ok;
  });
}
