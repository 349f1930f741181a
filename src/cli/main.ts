import { parseArgs } from 'node:util';
import { AppError } from '../domain/errors.ts';
import { runExport, runImport } from './automation-files.ts';
import { runBankStatementsImport } from './bank-statements.ts';
import { INVALID_CONFIGURATION } from './config-env.ts';
import { runDemo } from './demo.ts';
import { runDocumentsExport } from './documents-export.ts';
import {
  BANK_STATEMENTS_HELP,
  BANK_STATEMENTS_IMPORT_HELP,
  DEMO_HELP,
  DOCUMENTS_EXPORT_HELP,
  DOCUMENTS_HELP,
  EXPORT_HELP,
  GLOBAL_HELP,
  IMPORT_HELP,
  MIGRATE_HELP,
  SERVE_HELP,
  TOKENS_CREATE_HELP,
  TOKENS_HELP,
  USERS_HELP,
  USERS_SET_PASSWORD_HELP,
  WORKER_HELP,
} from './help.ts';
import { type CliIo, EXIT, USAGE_ERROR, usageError } from './io.ts';
import { runMigrate } from './migrate.ts';
import { runServe } from './serve.ts';
import { runTokensCreate } from './tokens.ts';
import { runUsersSetPassword } from './users.ts';
import { runWorker } from './worker.ts';

type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

interface Command {
  readonly help: string;
  readonly options: Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;
  /** Most arguments besides options. Default: none. */
  readonly positionals?: number;
  run(values: OptionValues, io: CliIo, positionals: readonly string[]): Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: {
    help: SERVE_HELP,
    options: { demo: { type: 'boolean' } },
    run: (values, io) => runServe({ demo: values['demo'] === true }, io),
  },
  worker: { help: WORKER_HELP, options: {}, run: (_values, io) => runWorker(io) },
  migrate: { help: MIGRATE_HELP, options: {}, run: (_values, io) => runMigrate(io) },
  demo: {
    help: DEMO_HELP,
    options: { force: { type: 'boolean' } },
    run: (values, io) => runDemo({ force: values['force'] === true }, io),
  },
  'tokens create': {
    help: TOKENS_CREATE_HELP,
    options: { name: { type: 'string' }, role: { type: 'string' } },
    run: (values, io) =>
      runTokensCreate(
        { name: values['name'] as string | undefined, role: values['role'] as string | undefined },
        io,
      ),
  },
  export: {
    help: EXPORT_HELP,
    options: { pipeline: { type: 'string' }, out: { type: 'string' } },
    run: (values, io) =>
      runExport(
        { pipeline: values['pipeline'] as string | undefined, out: values['out'] as string | undefined },
        io,
      ),
  },
  import: {
    help: IMPORT_HELP,
    options: {},
    positionals: 1,
    run: (_values, io, positionals) =>
      runImport({ file: positionals[0], readStdin: () => readAll(process.stdin) }, io),
  },
  'bank-statements import': {
    help: BANK_STATEMENTS_IMPORT_HELP,
    options: {},
    positionals: 1,
    run: (_values, io, positionals) =>
      runBankStatementsImport({ file: positionals[0], readStdin: () => readBytes(process.stdin) }, io),
  },
  'documents export': {
    help: DOCUMENTS_EXPORT_HELP,
    options: {
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      kind: { type: 'string' },
      encoding: { type: 'string' },
      bom: { type: 'boolean' },
      out: { type: 'string' },
    },
    run: (values, io) =>
      runDocumentsExport(
        {
          format: values['format'] as string | undefined,
          from: values['from'] as string | undefined,
          to: values['to'] as string | undefined,
          kind: values['kind'] as string | undefined,
          encoding: values['encoding'] as string | undefined,
          bom: values['bom'] === true,
          out: values['out'] as string | undefined,
        },
        io,
      ),
  },
  'users set-password': {
    help: USERS_SET_PASSWORD_HELP,
    options: { email: { type: 'string' } },
    run: (values, io) => runUsersSetPassword({ email: values['email'] as string | undefined }, io),
  },
};

/** Commands with subcommands: their help and the subcommands they have. */
const GROUPS: Readonly<Record<string, { readonly help: string; readonly subcommands: readonly string[] }>> = {
  tokens: { help: TOKENS_HELP, subcommands: ['create'] },
  users: { help: USERS_HELP, subcommands: ['set-password'] },
  'bank-statements': { help: BANK_STATEMENTS_HELP, subcommands: ['import'] },
  documents: { help: DOCUMENTS_HELP, subcommands: ['export'] },
};

/** Everything on a stream until it ends, as text. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

/** Everything on a stream until it ends, as bytes: a file in its own encoding. */
async function readBytes(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h' || arg === 'help';

/** Runs one command line and answers its exit code; nothing here calls `process.exit`. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(GLOBAL_HELP);
    return EXIT.usage;
  }
  if (isHelp(first)) {
    io.stdout(GLOBAL_HELP);
    return EXIT.ok;
  }
  if (first.startsWith('-')) throw usageError(`unknown option ${first}`);
  let name = first;
  let args = rest;
  const group = GROUPS[first];
  if (group !== undefined) {
    const [sub, ...subArgs] = rest;
    if (sub === undefined || isHelp(sub)) {
      (sub === undefined ? io.stderr : io.stdout)(group.help);
      return sub === undefined ? EXIT.usage : EXIT.ok;
    }
    if (!group.subcommands.includes(sub)) throw usageError(`unknown ${first} subcommand "${sub}"`, first);
    name = `${first} ${sub}`;
    args = subArgs;
  }
  const command = COMMANDS[name];
  if (command === undefined) throw usageError(`unknown command "${first}"`);
  const { values, positionals } = parseCommandLine(name, command, args);
  if (values['help'] === true) {
    io.stdout(command.help);
    return EXIT.ok;
  }
  return command.run(values, io, positionals);
}

function parseCommandLine(
  name: string,
  command: Command,
  args: readonly string[],
): { values: OptionValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: (command.positionals ?? 0) > 0,
    });
    if (positionals.length > (command.positionals ?? 0)) {
      throw usageError(`unexpected argument ${positionals[command.positionals ?? 0]}`, name);
    }
    return { values, positionals };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    // Node's messages name the offending argument; keep only their first sentence.
    const reason =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? `unknown option ${/'([^']+)'/.exec(message)?.[1] ?? message}`
        : code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
          ? `unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? message}`
          : (message.split('. ')[0] ?? message);
    throw usageError(reason, name);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof AppError && error.code === USAGE_ERROR) {
    const command = typeof error.details?.['command'] === 'string' ? ` ${error.details['command']}` : '';
    io.stderr(`stageflow${command}: ${error.message}\nRun "stageflow${command} --help" for usage.\n`);
    return EXIT.usage;
  }
  if (error instanceof AppError && error.code === INVALID_CONFIGURATION) {
    io.stderr(`stageflow: invalid configuration\n${error.fields.map((f) => `  ${f.message}\n`).join('')}`);
    return EXIT.config;
  }
  io.stderr(`stageflow: ${describe(error)}\n`);
  return EXIT.failure;
}

/** The message and its chain of causes, which say what actually failed (a refused connection...). */
function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(current instanceof Error ? current.message || current.name : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': caused by: ');
}
