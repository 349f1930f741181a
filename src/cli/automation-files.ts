import { readFile, writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import { type ApiClient, injectClient } from './api-client.ts';
import { parseConfig } from './config.ts';
import { type CliIo, EXIT, usageError } from './io.ts';
import { createLogger, startRuntime } from './runtime.ts';

/**
 * `stageflow export` and `stageflow import`: a pipeline's automation as one JSON document,
 * through the same API routes as any client (GET /pipelines/{id}/automation, POST
 * /pipelines/import), in-process with an admin token made for the command and revoked after it.
 */
export async function withApi(
  io: CliIo,
  name: string,
  work: (api: ApiClient) => Promise<number>,
): Promise<number> {
  const config = parseConfig(io.env, io.cwd);
  const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'warn', pino.destination(2));
  const runtime = await startRuntime(config, logger);
  const { repos, clock } = runtime.context;
  const { token, record } = await repos.apiTokens.create(name, 'admin', clock.now());
  try {
    return await work(injectClient(runtime.app, token));
  } finally {
    await repos.apiTokens.revoke(record.id, clock.now());
    await runtime.close();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: a problem document, read field by field
function problemLines(body: any): string {
  const errors: { field: string; message: string }[] = Array.isArray(body?.errors) ? body.errors : [];
  if (errors.length === 0) return `  ${body?.detail ?? JSON.stringify(body)}\n`;
  // The API points into the request body; here the body is the file, so the pointer is into it.
  const inFile = (field: string) => (field === '/body' ? '/' : field.replace(/^\/body(?=\/)/, ''));
  return errors.map((error) => `  ${inFile(error.field)}: ${error.message}\n`).join('');
}

/** The pipeline named by id or (ignoring case) by name. */
async function findPipeline(api: ApiClient, ref: string): Promise<{ id: string } | undefined> {
  const byId = await api.send('GET', `/api/v1/pipelines/${encodeURIComponent(ref)}`);
  if (byId.status === 200) return byId.body;
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await api.send('GET', `/api/v1/pipelines?limit=200${query}`);
    const found = (page.body?.data ?? []).find(
      (pipeline: { name: string }) => pipeline.name.toLowerCase() === ref.toLowerCase(),
    );
    if (found !== undefined) return found;
    cursor = page.body?.nextCursor ?? null;
  } while (cursor !== null);
  return undefined;
}

export async function runExport(
  options: { readonly pipeline: string | undefined; readonly out: string | undefined },
  io: CliIo,
): Promise<number> {
  const ref = options.pipeline?.trim();
  if (ref === undefined || ref === '') throw usageError('--pipeline is required', 'export');
  return withApi(io, 'cli export', async (api) => {
    const pipeline = await findPipeline(api, ref);
    if (pipeline === undefined) {
      io.stderr(`stageflow export: no pipeline has the id or name "${ref}"\n`);
      return EXIT.failure;
    }
    const answer = await api.send('GET', `/api/v1/pipelines/${pipeline.id}/automation`);
    if (answer.status !== 200) {
      io.stderr(`stageflow export: the export failed (${answer.status}):\n${problemLines(answer.body)}`);
      return EXIT.failure;
    }
    const text = `${JSON.stringify(answer.body, null, 2)}\n`;
    if (options.out === undefined) io.stdout(text);
    else await writeFile(options.out, text);
    const omitted: string[] = answer.body.secretsOmitted ?? [];
    if (omitted.length > 0) {
      io.stderr(`Secrets left out (set them again after importing): ${omitted.join(', ')}\n`);
    }
    return EXIT.ok;
  });
}

export async function runImport(
  options: { readonly file: string | undefined; readonly readStdin: () => Promise<string> },
  io: CliIo,
): Promise<number> {
  const file = options.file;
  if (file === undefined)
    throw usageError('the file to import is required ("-" for standard input)', 'import');
  let text: string;
  try {
    text = file === '-' ? await options.readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    io.stderr(`stageflow import: cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    io.stderr(`stageflow import: ${file} is not JSON: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
  return withApi(io, 'cli import', async (api) => {
    const answer = await api.send('POST', '/api/v1/pipelines/import', document);
    if (answer.status !== 201) {
      io.stderr(
        `stageflow import: the document is not valid; nothing was imported:\n${problemLines(answer.body)}`,
      );
      return EXIT.failure;
    }
    const { pipeline, counts } = answer.body;
    io.stdout(
      `Imported pipeline "${pipeline.name}" (${pipeline.id}): ${counts.stages} stages, ${counts.triggers} triggers, ` +
        `${counts.robots} robots, ${counts.guards} guards.\n`,
    );
    return EXIT.ok;
  });
}
