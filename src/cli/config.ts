import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { type OutboundAllowList, parseAllowList } from '../channels/http/address-policy.ts';
import { parseTrustedProxies, type TrustedProxies } from '../channels/http/trusted-proxies.ts';
import { renderProviderBody } from '../channels/sms/provider-body.ts';
import { DEFAULT_PROVIDER_BODY, type SmsProvider } from '../channels/sms/sms-sender.ts';
import { AppError, type FieldProblem } from '../domain/errors.ts';
import { isPhoneRegion } from '../domain/phone-numbers.ts';
import type { PostgresTimeouts } from '../store/postgres-pool.ts';
import { type MetricsConfig, readMetricsConfig } from './metrics-config.ts';
import { WEB_BUILD_MODES, type WebBuildMode } from './web-build.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The process configuration, read from the environment once, at start. */
export interface Config extends MetricsConfig {
  /** TCP port of the HTTP server. Default: 3000. */
  readonly port: number;
  /** Interface to listen on. Default: 0.0.0.0 (all IPv4 interfaces). */
  readonly host: string;
  /** A PostgreSQL URL; undefined selects the embedded SQLite file in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Absolute folder of the SQLite file and other local data. Default: ./data */
  readonly dataDir: string;
  /** Outgoing mail server; undefined keeps mail in the local outbox. */
  readonly smtpUrl: string | undefined;
  /** Default: info. */
  readonly logLevel: LogLevel;
  /** `manual`: time stands still until POST /api/v1/clock/advance moves it. Default: system. */
  readonly clock: ClockMode;
  /** Days the journal (entries, finished runs, processed events) is kept. Default: 90. */
  readonly journalRetentionDays: number;
  /**
   * How long a worker holds a claimed run before another worker may take it over; the holder renews
   * it every third of it. Unit: seconds. Default: 30.
   */
  readonly runLeaseSeconds: number;
  /** Non-public hosts, addresses and CIDR ranges outgoing requests may reach. Default: none. */
  readonly outboundAllow: OutboundAllowList | undefined;
  /** Sender of robots' mail. Default: "Stageflow <stageflow@localhost>". */
  readonly mailFrom: string;
  /**
   * Absolute URL the outside world reaches this server at, no trailing slash: the base of every
   * absolute URL Stageflow hands out. Default: unset, the address a request came to (and
   * http://localhost:PORT for links made without a request, such as tracked links in mail).
   */
  readonly publicUrl: string | undefined;
  /**
   * Peers whose X-Forwarded-Proto/-Host/-For headers are believed: true for any, or addresses,
   * CIDR ranges and `loopback`, `linklocal`, `uniquelocal`. Default: false (none).
   */
  readonly trustProxy: TrustedProxies;
  /** Generic HTTP SMS provider (SMS_PROVIDER_URL, _BODY, _AUTH); undefined keeps SMS in the outbox. */
  readonly smsProvider?: SmsProvider | undefined;
  /** Key of the web forms' anti-forgery tokens, at least 32 characters. Default: random per start. */
  readonly formSecret?: string;
  /**
   * Region (ISO 3166 code, e.g. RU) of phone numbers written in national format ("8 912 ...").
   * Default: none, so only numbers with their country code are read as E.164.
   */
  readonly defaultRegion?: string | undefined;
  /** PostgreSQL connect and statement timeouts (STAGEFLOW_DB_*_TIMEOUT_MS). Default: 5 s and 30 s. */
  readonly databaseTimeouts?: PostgresTimeouts;
  /** Most requests in flight before more are refused with 503. Default: the API's (64). */
  readonly maxInFlight?: number;
  /** `auto`: `serve` builds the web UI when missing or stale; `never`: serves what is built. Default: auto. */
  readonly webBuild: WebBuildMode;
  /** Most open event streams (GET /api/v1/stream) before more are refused with 503. Default: 500. */
  readonly maxStreams?: number;
  /** Largest file uploaded to an item (STAGEFLOW_MAX_FILE_BYTES). Unit: bytes. Default: 5 MiB. */
  readonly maxFileBytes?: number;
}

export const CLOCK_MODES = ['system', 'manual'] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];

export type Environment = Readonly<Record<string, string | undefined>>;

export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'STAGEFLOW_DATA_DIR',
  'SMTP_URL',
  'LOG_LEVEL',
  'STAGEFLOW_CLOCK',
  'STAGEFLOW_JOURNAL_RETENTION_DAYS',
  'STAGEFLOW_RUN_LEASE_SECONDS',
  'STAGEFLOW_OUTBOUND_ALLOW',
  'STAGEFLOW_MAIL_FROM',
  'STAGEFLOW_PUBLIC_URL',
  'STAGEFLOW_TRUST_PROXY',
  'SMS_PROVIDER_URL',
  'SMS_PROVIDER_BODY',
  'SMS_PROVIDER_AUTH',
  'STAGEFLOW_FORM_SECRET',
  'STAGEFLOW_DEFAULT_REGION',
  'STAGEFLOW_DB_CONNECT_TIMEOUT_MS',
  'STAGEFLOW_DB_QUERY_TIMEOUT_MS',
  'STAGEFLOW_MAX_IN_FLIGHT',
  'STAGEFLOW_WEB_BUILD',
  'STAGEFLOW_MAX_STREAMS',
  'STAGEFLOW_MAX_FILE_BYTES',
  'STAGEFLOW_METRICS_TOKEN',
  'STAGEFLOW_METRICS_PORT',
  'STAGEFLOW_METRICS_HOST',
] as const;
type Variable = (typeof CONFIG_VARIABLES)[number];

export const INVALID_CONFIGURATION = 'invalid_configuration';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Reads and validates the configuration. An empty variable counts as unset, as container tools
 * often pass `VAR=` for "not configured". Every problem is reported at once, each naming its
 * variable, so one start attempt shows everything to fix.
 */
export function parseConfig(env: Environment, cwd: string = process.cwd()): Config {
  const problems: FieldProblem[] = [];
  const read = (name: Variable): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const fail = <T>(name: Variable, shown: string, message: string, fallback: T): T => {
    problems.push({ field: name, message: `${name}=${JSON.stringify(shown)} ${message}` });
    return fallback;
  };

  const portText = read('PORT');
  let port = 3000;
  if (portText !== undefined) {
    const parsed = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
    port =
      parsed >= 1 && parsed <= 65535
        ? parsed
        : fail('PORT', portText, 'must be an integer from 1 to 65535', 0);
  }

  const host = read('HOST') ?? '0.0.0.0';
  if (!isHostName(host)) {
    fail('HOST', host, 'must be an IP address or a host name', undefined);
  }

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined) {
    const url = parseUrl(databaseUrl);
    if (url === undefined || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')) {
      fail(
        'DATABASE_URL',
        maskPassword(databaseUrl),
        'must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite database)',
        undefined,
      );
    }
  }

  const smtpUrl = read('SMTP_URL');
  if (smtpUrl !== undefined) {
    const url = parseUrl(smtpUrl);
    if (url === undefined || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')) {
      fail('SMTP_URL', maskPassword(smtpUrl), 'must be an smtp:// or smtps:// URL', undefined);
    }
  }

  const levelText = read('LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(levelText)
    ? (levelText as LogLevel)
    : fail('LOG_LEVEL', levelText, `must be one of ${LOG_LEVELS.join(', ')}`, 'info' as const);

  const clockText = read('STAGEFLOW_CLOCK') ?? 'system';
  const clock = (CLOCK_MODES as readonly string[]).includes(clockText)
    ? (clockText as ClockMode)
    : fail('STAGEFLOW_CLOCK', clockText, 'must be system or manual', 'system' as const);

  const retentionText = read('STAGEFLOW_JOURNAL_RETENTION_DAYS');
  let journalRetentionDays = 90;
  if (retentionText !== undefined) {
    const parsed = /^\d{1,6}$/.test(retentionText) ? Number(retentionText) : Number.NaN;
    journalRetentionDays =
      parsed >= 1 && parsed <= 36_500
        ? parsed
        : fail(
            'STAGEFLOW_JOURNAL_RETENTION_DAYS',
            retentionText,
            'must be a whole number of days from 1 to 36500',
            0,
          );
  }

  const leaseText = read('STAGEFLOW_RUN_LEASE_SECONDS');
  let runLeaseSeconds = 30;
  if (leaseText !== undefined) {
    const parsed = /^\d{1,4}$/.test(leaseText) ? Number(leaseText) : Number.NaN;
    runLeaseSeconds =
      parsed >= 1 && parsed <= 3600
        ? parsed
        : fail(
            'STAGEFLOW_RUN_LEASE_SECONDS',
            leaseText,
            'must be a whole number of seconds from 1 to 3600',
            0,
          );
  }

  const allowText = read('STAGEFLOW_OUTBOUND_ALLOW');
  const allowParsed = allowText === undefined ? undefined : parseAllowList(allowText);
  const outboundAllow =
    allowParsed !== undefined && 'problem' in allowParsed
      ? fail('STAGEFLOW_OUTBOUND_ALLOW', allowText ?? '', allowParsed.problem, undefined)
      : allowParsed;

  const mailFrom = read('STAGEFLOW_MAIL_FROM') ?? 'Stageflow <stageflow@localhost>';
  // One mailbox on one line: it becomes the From header of every robot's mail.
  if (!/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom)) {
    fail('STAGEFLOW_MAIL_FROM', mailFrom, 'must be an address or "Name <address>"', undefined);
  }

  const publicText = read('STAGEFLOW_PUBLIC_URL');
  let publicUrl: string | undefined;
  if (publicText !== undefined) {
    const url = parseUrl(publicText);
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '') {
      fail(
        'STAGEFLOW_PUBLIC_URL',
        publicText,
        'must be an http:// or https:// URL without a query',
        undefined,
      );
    } else {
      publicUrl = url.toString().replace(/\/+$/, '');
    }
  }

  const proxyText = read('STAGEFLOW_TRUST_PROXY');
  const proxies = proxyText === undefined ? false : parseTrustedProxies(proxyText);
  const trustProxy =
    typeof proxies === 'object' && 'problem' in proxies
      ? fail('STAGEFLOW_TRUST_PROXY', proxyText ?? '', proxies.problem, false)
      : proxies;
  const smsProvider = readSmsProvider(read, fail);
  const formSecret = read('STAGEFLOW_FORM_SECRET');
  if (formSecret !== undefined && formSecret.length < 32) {
    fail('STAGEFLOW_FORM_SECRET', '***', 'must be at least 32 characters long', undefined);
  }

  const regionText = read('STAGEFLOW_DEFAULT_REGION');
  const defaultRegion =
    regionText === undefined || isPhoneRegion(regionText.toUpperCase())
      ? regionText?.toUpperCase()
      : fail(
          'STAGEFLOW_DEFAULT_REGION',
          regionText,
          'must be a two-letter region code (ISO 3166-1) of phone numbers, e.g. RU',
          undefined,
        );
  const databaseTimeouts = readDatabaseTimeouts(read, fail);
  const inFlightText = read('STAGEFLOW_MAX_IN_FLIGHT');
  let maxInFlight: number | undefined;
  if (inFlightText !== undefined) {
    const parsed = /^\d{1,6}$/.test(inFlightText) ? Number(inFlightText) : Number.NaN;
    maxInFlight =
      parsed >= 1 && parsed <= 100_000
        ? parsed
        : fail('STAGEFLOW_MAX_IN_FLIGHT', inFlightText, 'must be a whole number from 1 to 100000', undefined);
  }
  const streamsText = read('STAGEFLOW_MAX_STREAMS');
  let maxStreams: number | undefined;
  if (streamsText !== undefined) {
    const parsed = /^\d{1,6}$/.test(streamsText) ? Number(streamsText) : Number.NaN;
    maxStreams =
      parsed >= 1 && parsed <= 100_000
        ? parsed
        : fail('STAGEFLOW_MAX_STREAMS', streamsText, 'must be a whole number from 1 to 100000', undefined);
  }

  const fileBytesText = read('STAGEFLOW_MAX_FILE_BYTES');
  let maxFileBytes: number | undefined;
  if (fileBytesText !== undefined) {
    const parsed = /^\d{1,9}$/.test(fileBytesText) ? Number(fileBytesText) : Number.NaN;
    maxFileBytes =
      parsed >= 1 && parsed <= 50 * 1024 * 1024
        ? parsed
        : fail(
            'STAGEFLOW_MAX_FILE_BYTES',
            fileBytesText,
            'must be a whole number of bytes from 1 to 52428800',
            undefined,
          );
  }

  const metrics = readMetricsConfig(read, fail, { port, host, validHost: isHostName });

  const webBuildText = read('STAGEFLOW_WEB_BUILD') ?? 'auto';
  const webBuild = (WEB_BUILD_MODES as readonly string[]).includes(webBuildText)
    ? (webBuildText as WebBuildMode)
    : fail(
        'STAGEFLOW_WEB_BUILD',
        webBuildText,
        `must be one of ${WEB_BUILD_MODES.join(', ')}`,
        'auto' as const,
      );

  if (problems.length > 0) {
    throw new AppError(
      INVALID_CONFIGURATION,
      'invalid',
      `Invalid configuration: ${problems.map((p) => p.message).join('; ')}`,
      { fields: problems },
    );
  }
  return {
    port,
    host,
    databaseUrl,
    dataDir: resolve(cwd, read('STAGEFLOW_DATA_DIR') ?? 'data'),
    smtpUrl,
    logLevel,
    clock,
    journalRetentionDays,
    runLeaseSeconds,
    outboundAllow,
    mailFrom,
    publicUrl,
    trustProxy,
    webBuild,
    ...(smsProvider !== undefined && { smsProvider }),
    ...(formSecret !== undefined && { formSecret }),
    ...(maxInFlight !== undefined && { maxInFlight }),
    ...(maxStreams !== undefined && { maxStreams }),
    ...(maxFileBytes !== undefined && { maxFileBytes }),
    ...(defaultRegion !== undefined && { defaultRegion }),
    ...(databaseTimeouts !== undefined && { databaseTimeouts }),
    ...metrics,
  };
}

/** Milliseconds from 100 ms to 10 minutes; unset leaves the store's default. */
function readDatabaseTimeouts(
  read: (name: Variable) => string | undefined,
  fail: <T>(name: Variable, shown: string, message: string, fallback: T) => T,
): PostgresTimeouts | undefined {
  const millis = (name: Variable): number | undefined => {
    const text = read(name);
    if (text === undefined) return undefined;
    const parsed = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
    return parsed >= 100 && parsed <= 600_000
      ? parsed
      : fail(name, text, 'must be a whole number of milliseconds from 100 to 600000', undefined);
  };
  const connectTimeoutMs = millis('STAGEFLOW_DB_CONNECT_TIMEOUT_MS');
  const queryTimeoutMs = millis('STAGEFLOW_DB_QUERY_TIMEOUT_MS');
  if (connectTimeoutMs === undefined && queryTimeoutMs === undefined) return undefined;
  return {
    ...(connectTimeoutMs !== undefined && { connectTimeoutMs }),
    ...(queryTimeoutMs !== undefined && { queryTimeoutMs }),
  };
}

/** The SMS provider settings: a URL, a JSON body with {{to}} and {{text}}, an Authorization value. */
function readSmsProvider(
  read: (name: Variable) => string | undefined,
  fail: <T>(name: Variable, shown: string, message: string, fallback: T) => T,
): SmsProvider | undefined {
  const urlText = read('SMS_PROVIDER_URL');
  const body = read('SMS_PROVIDER_BODY') ?? DEFAULT_PROVIDER_BODY;
  const auth = read('SMS_PROVIDER_AUTH');
  if (urlText === undefined) {
    if (read('SMS_PROVIDER_BODY') !== undefined || auth !== undefined) {
      fail('SMS_PROVIDER_URL', '', 'must be set when SMS_PROVIDER_BODY or SMS_PROVIDER_AUTH is', undefined);
    }
    return undefined;
  }
  const url = parseUrl(urlText);
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return fail('SMS_PROVIDER_URL', maskPassword(urlText), 'must be an http:// or https:// URL', undefined);
  }
  try {
    if (!/\{\{\s*text\s*\}\}/.test(body)) throw new Error('no text');
    JSON.parse(renderProviderBody(body, { to: '+1"\n', text: 'a"\\\n' }));
  } catch {
    return fail(
      'SMS_PROVIDER_BODY',
      body,
      'must be a JSON body with the {{text}} placeholder (and {{to}})',
      undefined,
    );
  }
  // It becomes a header: a line break would inject others.
  if (auth !== undefined && /[\r\n]/.test(auth)) {
    return fail('SMS_PROVIDER_AUTH', '***', 'must be one line', undefined);
  }
  return { url: url.toString(), body, auth };
}

function isHostName(text: string): boolean {
  return isIP(text) !== 0 || HOSTNAME.test(text);
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Error messages end up in logs and terminals: never repeat a password from a URL. */
function maskPassword(text: string): string {
  return text.replace(/^([^:/]*:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}
