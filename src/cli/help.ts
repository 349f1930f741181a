/** The texts of `stageflow --help` and of each command's `--help`. */

const ENVIRONMENT = `Environment:
  PORT                 HTTP port, 1-65535 (default 3000)
  HOST                 interface to listen on (default 0.0.0.0)
  DATABASE_URL         postgres:// URL; unset or empty uses SQLite in STAGEFLOW_DATA_DIR
  STAGEFLOW_DATA_DIR   folder of the SQLite file (default ./data)
  SMTP_URL             smtp:// or smtps:// URL of the mail server (optional)
  LOG_LEVEL            fatal, error, warn, info, debug, trace or silent (default info)
  STAGEFLOW_CLOCK      system or manual (default system); manual: time moves only by
                       POST /api/v1/clock/advance
  STAGEFLOW_JOURNAL_RETENTION_DAYS
                       days the journal is kept, 1-36500 (default 90)
  STAGEFLOW_RUN_LEASE_SECONDS
                       seconds a worker holds a run before another may take it over,
                       1-3600 (default 30)

  STAGEFLOW_MAX_IN_FLIGHT
                       requests handled at once, 1-100000 (default 64); more get 503
  STAGEFLOW_WEB_BUILD  auto or never (default auto); auto: serve builds the web UI first
                       when web/dist is missing or older than its sources
  STAGEFLOW_METRICS_TOKEN
                       Bearer token that may read GET /metrics (else an admin API token)
  STAGEFLOW_METRICS_PORT
                       a port of its own for GET /metrics (the worker's only one)`;

export const GLOBAL_HELP = `Usage: stageflow <command> [options]

Stageflow, a self-hosted CRM automation engine.

Commands:
  serve [--demo]                    run the HTTP API (applies migrations first)
  worker                            process events and runs, no HTTP (scale-out on PostgreSQL)
  migrate                           apply pending database migrations
  demo [--force]                    load the demo workspace from examples/
  tokens create --name N --role R   create an API token and print it
  users set-password --email E      set a user's password for signing in (read from stdin)
  export --pipeline P [--out FILE]  write a pipeline's automation as a JSON document
  import <FILE|->                   create a pipeline from an automation document
  bank-statements import <FILE>     record the incoming payments of a 1C bank statement
  documents export --format F       write posted documents and payments for accounting

Run "stageflow <command> --help" for a command's options.

${ENVIRONMENT}

Exit codes: 0 success, 1 failure, 2 bad usage, 78 invalid configuration.
`;

export const SERVE_HELP = `Usage: stageflow serve [--demo]

Builds the web UI when it is missing or stale (see STAGEFLOW_WEB_BUILD), applies pending
migrations and serves the HTTP API and the UI on HOST:PORT. Logs are JSON lines on stdout;
the start banner goes to stderr. SIGTERM or SIGINT closes the server and the database, then the
process exits with 0.

Options:
  --demo     load the demo workspace when the database has no pipelines yet, create an admin
             token named "npm start" (revoking the one of the last start) and print it in the banner,
             and give the demo admin user a new password (the last one stops working) printed
             beside it, for signing in to the UI
  -h, --help show this help

${ENVIRONMENT}
`;

export const WORKER_HELP = `Usage: stageflow worker

Applies pending migrations, then processes accepted events and executes due runs until SIGTERM or
SIGINT. Start as many workers as you like, on any machines: they share the events and runs of one
PostgreSQL database (claims with leases, FOR UPDATE SKIP LOCKED, LISTEN/NOTIFY wake-ups), and a
run whose worker died is retried once its lease expires. Needs DATABASE_URL: with the embedded
SQLite database, "stageflow serve" does all of it itself. On SIGTERM or SIGINT it stops claiming, lets running runs finish for 10 seconds,
gives the unfinished ones back to the queue and exits with 0. With STAGEFLOW_METRICS_PORT it
serves its Prometheus metrics there (GET /metrics); without it, it exposes none.

Options:
  -h, --help show this help

${ENVIRONMENT}
`;

export const MIGRATE_HELP = `Usage: stageflow migrate

Applies the database migrations that are not applied yet and prints their names. Running it again
is harmless. Several processes may run it at once: each migration is applied once.

Options:
  -h, --help show this help
`;

export const DEMO_HELP = `Usage: stageflow demo [--force]

Applies pending migrations, then loads the demo workspace (examples/: users with a supervisor
chain, contacts, the pipelines of the three scenarios and a few items) through the HTTP API.
Refuses when the workspace already has pipelines, so it never doubles your data by accident.

Options:
  --force    load even when pipelines exist (users are matched by email and not created twice)
  -h, --help show this help
`;

export const TOKENS_HELP = `Usage: stageflow tokens create --name <name> --role <admin|manager|viewer>

Subcommands:
  create     create an API token
`;

export const TOKENS_CREATE_HELP = `Usage: stageflow tokens create --name <name> --role <admin|manager|viewer>

Creates an API token and prints only the token on stdout, so it can be captured:
  export TOKEN=$(npx stageflow tokens create --name ci --role manager)
The token is shown once; the database keeps only its hash.

Roles: admin configures (users, pipelines, automation), manager works with CRM data, viewer reads.

Options:
  --name <name>  a label for the token, e.g. who or what uses it (required)
  --role <role>  admin, manager or viewer (required)
  -h, --help     show this help
`;

export const USERS_HELP = `Usage: stageflow users set-password --email <email>

Subcommands:
  set-password  set a user's password for signing in to the UI
`;

export const USERS_SET_PASSWORD_HELP = `Usage: stageflow users set-password --email <email>

Sets the password with which the user signs in to the UI. The password is read as one line from
standard input, never from the arguments (which the shell history and other users see):
  echo 'a long passphrase' | npx stageflow users set-password --email olga@example.com
Passwords are 10 to 200 characters. The user's sessions end, so whoever was signed in as them
must sign in again. Nothing changes when the email is unknown or the password too short.

Options:
  --email <email>  the user's email (required)
  -h, --help       show this help
`;

export const EXPORT_HELP = `Usage: stageflow export --pipeline <id|name> [--out FILE]

Writes a pipeline's whole automation (stages, triggers, robots in their order, guards) as one JSON
document, to standard output or to FILE. Stages are named by key and users by email, so the
document can be kept in version control and imported into another workspace. Secrets (webhook
signing secrets, credential headers) are left out; their places are listed on stderr and in the
document's "secretsOmitted".

Options:
  --pipeline <id|name>  the pipeline, by id or by name (required)
  --out <FILE>          write the document to FILE instead of standard output
  -h, --help            show this help
`;

export const IMPORT_HELP = `Usage: stageflow import <FILE|->

Creates a new pipeline with the automation of a document made by "stageflow export" (or
GET /api/v1/pipelines/{id}/automation); "-" reads it from standard input. The document is checked
as a whole first (stage keys, user emails, every rule's action, condition, timing and templates):
with any problem, each is listed with its place in the document, nothing is imported and the exit
code is 1. Users are matched by email: create them in this workspace before importing.

Options:
  -h, --help  show this help
`;

export const BANK_STATEMENTS_HELP = `Usage: stageflow bank-statements import <FILE|->

Subcommands:
  import  record the incoming payments of a bank statement (1CClientBankExchange)
`;

export const BANK_STATEMENTS_IMPORT_HELP = `Usage: stageflow bank-statements import <FILE|->

Reads a bank statement in the 1CClientBankExchange format (as 1C:Accounting and banks export it,
Windows-1251 or UTF-8; "-" reads standard input) through POST /api/v1/bank-statements. Incoming
payments that name an invoice number, an item id or a known payer INN are recorded for that item;
the rest wait to be assigned (GET /api/v1/bank-payments?status=unmatched). Importing the same
statement again records nothing new. A file with a mistake is refused whole, naming the line, and
the exit code is 1. See docs/guides/bank-statements.md.

Options:
  -h, --help  show this help
`;

export const DOCUMENTS_HELP = `Usage: stageflow documents export --format 1c|csv [options]

Subcommands:
  export  write posted documents and recorded payments for accounting (1C or CSV)
`;

export const DOCUMENTS_EXPORT_HELP = `Usage: stageflow documents export --format 1c|csv [options]

Writes the posted documents (status posted, sent, viewed or paid) and the recorded payments
through GET /api/v1/documents/export, oldest first, to standard output or --out FILE:
--format 1c writes 1CClientBankExchange (Windows-1251 unless --encoding utf-8; roubles only, as the
format has no currency), which 1C:Accounting loads and "stageflow bank-statements import" reads
back; --format csv writes RFC 4180 CSV in UTF-8 with a header row. See
docs/guides/bank-statements.md.

Options:
  --format F        1c or csv (required)
  --from DAY        first day included, YYYY-MM-DD (UTC). Default: no limit
  --to DAY          last day included, YYYY-MM-DD (UTC). Default: no limit
  --kind K          one document kind (invoice, act, ...) or "payment". Default: both
  --encoding E      of a 1c file: windows-1251 or utf-8. Default: windows-1251
  --bom             of a csv file: start with a UTF-8 byte order mark, for Excel
  --out FILE        write the file there instead of standard output
  -h, --help        show this help
`;
