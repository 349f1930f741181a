import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parseConfig } from '../../src/cli/config.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import {
  buildTestApp,
  createTestStore,
  TEST_START,
  type TestApp,
  type TestAppOptions,
} from '../support/harness.ts';

export interface ReceivedMail {
  readonly rcptTo: string[];
  readonly raw: string;
  readonly parsed: ParsedMail;
}

/** A real SMTP listener on 127.0.0.1; `replies` are SMTP codes to answer DATA with, one per message. */
export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  readonly replies: number[];
  close(): Promise<void>;
}

/** Listens on `port` (default: any free one). */
export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const replies: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = replies.shift();
        if (code !== undefined) {
          const error = Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), {
            responseCode: code,
          });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    replies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * An application whose mailer is built from configuration as `stageflow serve` builds it: with
 * SMTP_URL when `env` has one, the outbox otherwise. Tracking links use http://crm.test.
 * `options.random` fixes the jitter of retry delays.
 */
export async function createMailTestApp(
  dialect: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
  options: Pick<TestAppOptions, 'random'> = {},
): Promise<TestApp> {
  const { store, cleanup } = await createTestStore(dialect);
  await migrateToLatest(store);
  const clock = new ManualClock(TEST_START);
  const config = parseConfig({ STAGEFLOW_PUBLIC_URL: 'http://crm.test', ...env });
  return buildTestApp(store, cleanup, { clock, config, ...options });
}

/** The tokens of the tracked links and pixel in a sent HTML body. */
export function trackingTokens(html: string): { open: string | undefined; clicks: string[] } {
  const open = /http:\/\/crm\.test\/t\/o\/([A-Za-z0-9_-]+)/.exec(html)?.[1];
  const clicks = [...html.matchAll(/href="http:\/\/crm\.test\/t\/c\/([A-Za-z0-9_-]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  return { open, clicks };
}
