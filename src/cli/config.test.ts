import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../domain/errors.ts';
import { parseConfig } from './config.ts';
import { INVALID_CONFIGURATION } from './config-env.ts';

function problemsOf(env: Record<string, string>): { field: string; message: string }[] {
  try {
    parseConfig(env, '/srv/app');
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, INVALID_CONFIGURATION);
    return [...error.fields];
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`);
}

describe('configuration from the environment', () => {
  test('an empty environment gives the documented defaults', () => {
    assert.deepEqual(parseConfig({}, '/srv/app'), {
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: '/srv/app/data',
      smtpUrl: undefined,
      logLevel: 'info',
      clock: 'system',
      journalRetentionDays: 90,
      runLeaseSeconds: 30,
      outboundAllow: undefined,
      mailFrom: 'Stageflow <stageflow@localhost>',
      publicUrl: undefined,
      trustProxy: false,
      webBuild: 'auto',
      defaultCurrency: 'USD',
    });
  });

  test('every variable is read', () => {
    const config = parseConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgresql://crm:secret@db.internal:5432/stageflow',
        STAGEFLOW_DATA_DIR: '/var/lib/stageflow',
        SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
        LOG_LEVEL: 'debug',
        STAGEFLOW_CLOCK: 'manual',
        STAGEFLOW_JOURNAL_RETENTION_DAYS: '30',
        STAGEFLOW_RUN_LEASE_SECONDS: '5',
        STAGEFLOW_WEB_BUILD: 'never',
        STAGEFLOW_DEFAULT_CURRENCY: 'RUB',
      },
      '/srv/app',
    );
    assert.deepEqual(config, {
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://crm:secret@db.internal:5432/stageflow',
      dataDir: '/var/lib/stageflow',
      smtpUrl: 'smtps://mailer:pw@smtp.example.com:465',
      logLevel: 'debug',
      clock: 'manual',
      journalRetentionDays: 30,
      runLeaseSeconds: 5,
      outboundAllow: undefined,
      mailFrom: 'Stageflow <stageflow@localhost>',
      publicUrl: undefined,
      trustProxy: false,
      webBuild: 'never',
      defaultCurrency: 'RUB',
    });
  });

  test('STAGEFLOW_WEB_BUILD is auto or never', () => {
    assert.equal(parseConfig({ STAGEFLOW_WEB_BUILD: 'auto' }).webBuild, 'auto');
    const [problem] = problemsOf({ STAGEFLOW_WEB_BUILD: 'always' });
    assert.equal(problem?.field, 'STAGEFLOW_WEB_BUILD');
    assert.match(problem?.message ?? '', /auto, never/);
  });

  test('STAGEFLOW_OUTBOUND_ALLOW lists hosts, addresses and CIDR ranges; anything else is refused', () => {
    const allow = parseConfig({ STAGEFLOW_OUTBOUND_ALLOW: 'hooks.internal, 10.0.0.0/8' }).outboundAllow;
    assert.deepEqual(allow?.entries, ['hooks.internal', '10.0.0.0/8']);
    assert.equal(
      problemsOf({ STAGEFLOW_OUTBOUND_ALLOW: '10.0.0.0/99' })[0]?.field,
      'STAGEFLOW_OUTBOUND_ALLOW',
    );
  });

  test('SMS_PROVIDER_URL, _BODY and _AUTH configure the SMS provider; a body that is no JSON is refused', () => {
    assert.equal(parseConfig({}).smsProvider, undefined);
    assert.deepEqual(
      parseConfig({ SMS_PROVIDER_URL: 'https://sms.example.com/send', SMS_PROVIDER_AUTH: 'Bearer k' })
        .smsProvider,
      { url: 'https://sms.example.com/send', body: '{"to":"{{to}}","text":"{{text}}"}', auth: 'Bearer k' },
    );
    const fields = (env: Record<string, string>) => problemsOf(env).map((p) => p.field);
    assert.deepEqual(fields({ SMS_PROVIDER_URL: 'ftp://sms.example.com' }), ['SMS_PROVIDER_URL']);
    assert.deepEqual(fields({ SMS_PROVIDER_URL: 'https://s.example', SMS_PROVIDER_BODY: 'to={{to}}' }), [
      'SMS_PROVIDER_BODY',
    ]);
    assert.deepEqual(fields({ SMS_PROVIDER_AUTH: 'Bearer k' }), ['SMS_PROVIDER_URL']);
  });

  test('a relative data folder is resolved against the working directory', () => {
    assert.equal(parseConfig({ STAGEFLOW_DATA_DIR: 'state' }, '/srv/app').dataDir, '/srv/app/state');
  });

  test('empty variables count as unset, so DATABASE_URL= selects SQLite', () => {
    const config = parseConfig({ PORT: '', DATABASE_URL: '', SMTP_URL: ' ', LOG_LEVEL: '' }, '/srv/app');
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.logLevel, 'info');
  });

  test('PORT must be an integer from 1 to 65535', () => {
    for (const bad of ['0', '65536', 'abc', '80.5', '-1', '3000x', '1e3']) {
      const problems = problemsOf({ PORT: bad });
      assert.equal(problems.length, 1, bad);
      assert.equal(problems[0]?.field, 'PORT');
      assert.match(problems[0]?.message ?? '', new RegExp(`PORT=${JSON.stringify(bad).replace('.', '\\.')}`));
    }
    assert.equal(parseConfig({ PORT: '1' }).port, 1);
    assert.equal(parseConfig({ PORT: '65535' }).port, 65535);
  });

  test('HOST must be an IP address or a host name', () => {
    assert.equal(parseConfig({ HOST: '::' }).host, '::');
    assert.equal(parseConfig({ HOST: 'localhost' }).host, 'localhost');
    const [problem] = problemsOf({ HOST: 'not a host' });
    assert.equal(problem?.field, 'HOST');
  });

  test('DATABASE_URL must be a PostgreSQL URL', () => {
    for (const bad of ['mysql://db/crm', 'sqlite:./data.db', 'db.internal:5432']) {
      const [problem] = problemsOf({ DATABASE_URL: bad });
      assert.equal(problem?.field, 'DATABASE_URL', bad);
      assert.match(problem?.message ?? '', /postgres:\/\//);
    }
  });

  test('a refused URL is shown without its password', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://crm:hunter2@db/crm' });
    assert.ok(!problem?.message.includes('hunter2'), problem?.message);
    assert.match(problem?.message ?? '', /mysql:\/\/crm:\*\*\*@db\/crm/);
  });

  test('SMTP_URL must be an smtp:// or smtps:// URL', () => {
    assert.equal(parseConfig({ SMTP_URL: 'smtp://localhost:1025' }).smtpUrl, 'smtp://localhost:1025');
    const [problem] = problemsOf({ SMTP_URL: 'http://mail.example.com' });
    assert.equal(problem?.field, 'SMTP_URL');
  });

  test('LOG_LEVEL must be a pino level', () => {
    assert.equal(parseConfig({ LOG_LEVEL: 'silent' }).logLevel, 'silent');
    const [problem] = problemsOf({ LOG_LEVEL: 'verbose' });
    assert.equal(problem?.field, 'LOG_LEVEL');
    assert.match(problem?.message ?? '', /"verbose".*fatal, error, warn, info, debug, trace, silent/);
  });

  test('STAGEFLOW_CLOCK is system or manual', () => {
    assert.equal(parseConfig({ STAGEFLOW_CLOCK: 'manual' }).clock, 'manual');
    const [problem] = problemsOf({ STAGEFLOW_CLOCK: 'fake' });
    assert.equal(problem?.field, 'STAGEFLOW_CLOCK');
    assert.match(problem?.message ?? '', /"fake" must be system or manual/);
  });

  test('STAGEFLOW_MAIL_FROM is one mailbox and STAGEFLOW_PUBLIC_URL an http(s) base URL', () => {
    const config = parseConfig({
      STAGEFLOW_MAIL_FROM: 'Sales <sales@example.com>',
      STAGEFLOW_PUBLIC_URL: 'https://crm.example.com/stageflow/',
    });
    assert.equal(config.mailFrom, 'Sales <sales@example.com>');
    assert.equal(config.publicUrl, 'https://crm.example.com/stageflow');
    assert.equal(problemsOf({ STAGEFLOW_MAIL_FROM: 'not an address' })[0]?.field, 'STAGEFLOW_MAIL_FROM');
    for (const bad of ['ftp://crm.example.com', 'crm.example.com', 'https://crm.example.com/?a=1']) {
      assert.equal(problemsOf({ STAGEFLOW_PUBLIC_URL: bad })[0]?.field, 'STAGEFLOW_PUBLIC_URL', bad);
    }
  });

  test('STAGEFLOW_TRUST_PROXY is true, false or the proxies: addresses, CIDR ranges, range names', () => {
    assert.equal(parseConfig({ STAGEFLOW_TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(parseConfig({ STAGEFLOW_TRUST_PROXY: 'false' }).trustProxy, false);
    assert.deepEqual(parseConfig({ STAGEFLOW_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy, [
      'loopback',
      '10.0.0.0/8',
      'fd00::1',
    ]);
    for (const bad of ['yes', 'proxy.internal', '10.0.0.0/33', '10.0.0.1/8/1', '1']) {
      assert.equal(problemsOf({ STAGEFLOW_TRUST_PROXY: bad })[0]?.field, 'STAGEFLOW_TRUST_PROXY', bad);
    }
  });

  test('STAGEFLOW_RUN_LEASE_SECONDS is a whole number of seconds from 1 to 3600', () => {
    assert.equal(parseConfig({ STAGEFLOW_RUN_LEASE_SECONDS: '3600' }).runLeaseSeconds, 3600);
    for (const bad of ['0', '3601', '1.5', '-2', 'PT30S']) {
      const [problem] = problemsOf({ STAGEFLOW_RUN_LEASE_SECONDS: bad });
      assert.equal(problem?.field, 'STAGEFLOW_RUN_LEASE_SECONDS', bad);
    }
  });

  test('STAGEFLOW_JOURNAL_RETENTION_DAYS is a whole number of days from 1 to 36500', () => {
    assert.equal(parseConfig({ STAGEFLOW_JOURNAL_RETENTION_DAYS: '365' }).journalRetentionDays, 365);
    for (const bad of ['0', '-5', '1.5', 'forever', '36501']) {
      const [problem] = problemsOf({ STAGEFLOW_JOURNAL_RETENTION_DAYS: bad });
      assert.equal(problem?.field, 'STAGEFLOW_JOURNAL_RETENTION_DAYS', bad);
    }
  });

  test('STAGEFLOW_DB_CONNECT_TIMEOUT_MS and _QUERY_TIMEOUT_MS are milliseconds from 100 to 600000', () => {
    assert.deepEqual(
      parseConfig({ STAGEFLOW_DB_CONNECT_TIMEOUT_MS: '2000', STAGEFLOW_DB_QUERY_TIMEOUT_MS: '60000' })
        .databaseTimeouts,
      { connectTimeoutMs: 2000, queryTimeoutMs: 60_000 },
    );
    assert.deepEqual(parseConfig({ STAGEFLOW_DB_QUERY_TIMEOUT_MS: '100' }).databaseTimeouts, {
      queryTimeoutMs: 100,
    });
    assert.equal(parseConfig({}).databaseTimeouts, undefined);
    for (const bad of ['0', '99', '600001', '1.5', '5s', '-1']) {
      assert.equal(
        problemsOf({ STAGEFLOW_DB_CONNECT_TIMEOUT_MS: bad })[0]?.field,
        'STAGEFLOW_DB_CONNECT_TIMEOUT_MS',
      );
      assert.equal(
        problemsOf({ STAGEFLOW_DB_QUERY_TIMEOUT_MS: bad })[0]?.field,
        'STAGEFLOW_DB_QUERY_TIMEOUT_MS',
      );
    }
  });

  test('STAGEFLOW_MAX_IN_FLIGHT is a whole number from 1 to 100000, unset by default', () => {
    assert.equal(parseConfig({}).maxInFlight, undefined);
    assert.equal(parseConfig({ STAGEFLOW_MAX_IN_FLIGHT: '200' }).maxInFlight, 200);
    for (const bad of ['0', '-1', '2.5', 'many', '100001']) {
      const [problem] = problemsOf({ STAGEFLOW_MAX_IN_FLIGHT: bad });
      assert.equal(problem?.field, 'STAGEFLOW_MAX_IN_FLIGHT', bad);
    }
  });

  test('STAGEFLOW_MAX_STREAMS is a whole number from 1 to 100000, unset by default', () => {
    assert.equal(parseConfig({}).maxStreams, undefined);
    assert.equal(parseConfig({ STAGEFLOW_MAX_STREAMS: '2000' }).maxStreams, 2000);
    for (const bad of ['0', '-1', '2.5', 'many', '100001']) {
      const [problem] = problemsOf({ STAGEFLOW_MAX_STREAMS: bad });
      assert.equal(problem?.field, 'STAGEFLOW_MAX_STREAMS', bad);
    }
  });

  test('STAGEFLOW_PDF_CACHE_BYTES is a whole number of bytes from 0 to 1 GiB, unset by default', () => {
    assert.equal(parseConfig({}).pdfCacheBytes, undefined);
    assert.equal(parseConfig({ STAGEFLOW_PDF_CACHE_BYTES: '0' }).pdfCacheBytes, 0);
    assert.equal(parseConfig({ STAGEFLOW_PDF_CACHE_BYTES: '1048576' }).pdfCacheBytes, 1_048_576);
    for (const bad of ['-1', '2.5', '32MiB', '1073741825']) {
      const [problem] = problemsOf({ STAGEFLOW_PDF_CACHE_BYTES: bad });
      assert.equal(problem?.field, 'STAGEFLOW_PDF_CACHE_BYTES', bad);
      assert.match(problem?.message ?? '', /^STAGEFLOW_PDF_CACHE_BYTES=/, bad);
    }
  });

  test('all problems are reported at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', DATABASE_URL: 'redis://cache' });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['PORT', 'DATABASE_URL', 'LOG_LEVEL'],
    );
  });

  test('problems come in the order of the variables, whichever part of the configuration reads them', () => {
    const problems = problemsOf({
      STAGEFLOW_WEB_BUILD: 'always',
      STAGEFLOW_METRICS_TOKEN: 'short',
      STAGEFLOW_MAX_STREAMS: '0',
      STAGEFLOW_DB_QUERY_TIMEOUT_MS: '1',
      SMS_PROVIDER_AUTH: 'Bearer x',
      STAGEFLOW_RUN_LEASE_SECONDS: '0',
      LOG_LEVEL: 'loud',
      SMTP_URL: 'http://mail',
      HOST: '-',
    });
    assert.deepEqual(
      problems.map((p) => p.field),
      [
        'HOST',
        'SMTP_URL',
        'LOG_LEVEL',
        'STAGEFLOW_RUN_LEASE_SECONDS',
        'SMS_PROVIDER_URL',
        'STAGEFLOW_DB_QUERY_TIMEOUT_MS',
        'STAGEFLOW_MAX_STREAMS',
        'STAGEFLOW_METRICS_TOKEN',
        'STAGEFLOW_WEB_BUILD',
      ],
    );
  });

  test('a refused PORT is reported alone, not also as equal to STAGEFLOW_METRICS_PORT', () => {
    const problems = problemsOf({ PORT: 'x', STAGEFLOW_METRICS_PORT: '3000' });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['PORT'],
    );
  });

  test('STAGEFLOW_DEFAULT_REGION is a region code of phone numbers; an unknown one is refused', () => {
    assert.equal(parseConfig({ STAGEFLOW_DEFAULT_REGION: 'RU' }).defaultRegion, 'RU');
    assert.equal(parseConfig({ STAGEFLOW_DEFAULT_REGION: ' de ' }).defaultRegion, 'DE');
    assert.equal(parseConfig({}).defaultRegion, undefined);
    for (const value of ['XX', 'Russia', '7']) {
      const [problem] = problemsOf({ STAGEFLOW_DEFAULT_REGION: value });
      assert.equal(problem?.field, 'STAGEFLOW_DEFAULT_REGION');
      assert.match(
        problem?.message ?? '',
        new RegExp(`STAGEFLOW_DEFAULT_REGION="${value}" must be a two-letter`),
      );
    }
  });

  test('STAGEFLOW_DEFAULT_CURRENCY is an ISO 4217 code, USD when unset; an unknown one is refused', () => {
    assert.equal(parseConfig({}).defaultCurrency, 'USD');
    assert.equal(parseConfig({ STAGEFLOW_DEFAULT_CURRENCY: 'RUB' }).defaultCurrency, 'RUB');
    assert.equal(parseConfig({ STAGEFLOW_DEFAULT_CURRENCY: ' eur ' }).defaultCurrency, 'EUR');
    for (const value of ['XYZ', 'rubles', '643']) {
      const [problem] = problemsOf({ STAGEFLOW_DEFAULT_CURRENCY: value });
      assert.equal(problem?.field, 'STAGEFLOW_DEFAULT_CURRENCY');
      assert.match(
        problem?.message ?? '',
        new RegExp(`STAGEFLOW_DEFAULT_CURRENCY="${value}" must be a currency code \\(ISO 4217\\)`),
      );
    }
  });

  test('STAGEFLOW_FORM_SECRET is taken when long enough and never echoed when refused', () => {
    const secret = 'k'.repeat(32);
    assert.equal(parseConfig({ STAGEFLOW_FORM_SECRET: secret }).formSecret, secret);
    assert.equal(parseConfig({}).formSecret, undefined);
    const [problem] = problemsOf({ STAGEFLOW_FORM_SECRET: 'short-secret' });
    assert.equal(problem?.field, 'STAGEFLOW_FORM_SECRET');
    assert.doesNotMatch(problem?.message ?? '', /short-secret/);
  });
  test('STAGEFLOW_METRICS_TOKEN is one word of 16 characters or more, never echoed when refused', () => {
    const token = 'scrape-0123456789';
    assert.equal(parseConfig({ STAGEFLOW_METRICS_TOKEN: token }).metricsToken, token);
    assert.equal(parseConfig({}).metricsToken, undefined);
    for (const bad of ['short-token', 'with a space in it, long']) {
      const [problem] = problemsOf({ STAGEFLOW_METRICS_TOKEN: bad });
      assert.equal(problem?.field, 'STAGEFLOW_METRICS_TOKEN', bad);
      assert.doesNotMatch(problem?.message ?? '', new RegExp(bad));
    }
  });

  test('STAGEFLOW_METRICS_PORT is a port other than PORT; STAGEFLOW_METRICS_HOST defaults to HOST', () => {
    const own = parseConfig({ STAGEFLOW_METRICS_PORT: '9464', HOST: '10.0.0.5' });
    assert.equal(own.metricsPort, 9464);
    assert.equal(own.metricsHost, '10.0.0.5');
    const inside = parseConfig({ STAGEFLOW_METRICS_PORT: '9464', STAGEFLOW_METRICS_HOST: '127.0.0.1' });
    assert.equal(inside.metricsHost, '127.0.0.1');
    assert.equal(parseConfig({}).metricsPort, undefined);
    for (const bad of ['0', '65536', 'nine', '3000']) {
      const [problem] = problemsOf({ STAGEFLOW_METRICS_PORT: bad });
      assert.equal(problem?.field, 'STAGEFLOW_METRICS_PORT', bad);
    }
    assert.equal(problemsOf({ STAGEFLOW_METRICS_HOST: '127.0.0.1' })[0]?.field, 'STAGEFLOW_METRICS_HOST');
    const badHost = problemsOf({ STAGEFLOW_METRICS_PORT: '9464', STAGEFLOW_METRICS_HOST: 'no such host!' });
    assert.equal(badHost[0]?.field, 'STAGEFLOW_METRICS_HOST');
  });
});
