import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  isNonPublicAddress,
  type OutboundAllowList,
  parseAllowList,
} from '../../src/channels/http/address-policy.ts';
import { SafeHttpSender } from '../../src/channels/http/safe-http-sender.ts';
import { AppError } from '../../src/domain/errors.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { ManualSleeper } from '../../src/queue/manual-sleeper.ts';

const allowList = (text: string): OutboundAllowList => {
  const parsed = parseAllowList(text);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed;
};

const never = new AbortController().signal;

describe('safe HTTP sender', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];
  let handler: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) =>
    response.end('ok');

  before(async () => {
    server = createServer((request, response) => {
      hits.push(request.url ?? '');
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('refuses every spelling of a loopback, private or metadata address without the allow-list, before connecting', async () => {
    const sender = new SafeHttpSender();
    const targets = [
      `http://127.0.0.1:${port}/`,
      `http://127.1:${port}/`,
      `http://0x7f000001:${port}/`,
      `http://2130706433:${port}/`,
      `http://0177.0.0.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::1]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://localhost:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://224.0.0.1/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
    ];
    for (const url of targets) {
      await assert.rejects(
        sender.send({ method: 'POST', url, headers: {}, body: '{}' }, never),
        (error: unknown) =>
          error instanceof AppError && error.code === 'outbound_address_refused' && !error.retryable,
        url,
      );
    }
    assert.deepEqual(hits, [], 'nothing reached the receiver');
  });

  test('reaches an address or host name the allow-list names, and nothing else non-public', async () => {
    hits.length = 0;
    const byAddress = new SafeHttpSender({ allow: allowList('127.0.0.0/8') });
    const answer = await byAddress.send(
      {
        method: 'POST',
        url: `http://127.1:${port}/hook`,
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
      never,
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'ok');
    await assert.rejects(
      byAddress.send({ method: 'GET', url: 'http://[::1]:1/', headers: {} }, never),
      /not a public/,
    );
    const byName = new SafeHttpSender({ allow: allowList('localhost') });
    assert.equal(
      (await byName.send({ method: 'GET', url: `http://localhost:${port}/named`, headers: {} }, never))
        .status,
      200,
    );
    assert.deepEqual(hits, ['/hook', '/named']);
  });

  test('does not follow redirects', async () => {
    hits.length = 0;
    handler = (request, response) => {
      if (request.url === '/start')
        response.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end();
      else response.end('followed');
    };
    const sender = new SafeHttpSender({ allow: allowList('127.0.0.1') });
    const answer = await sender.send(
      { method: 'GET', url: `http://127.0.0.1:${port}/start`, headers: {} },
      never,
    );
    assert.equal(answer.status, 302);
    assert.deepEqual(hits, ['/start']);
  });

  test('a receiver that never answers times out (retryable) when the clock passes the timeout', async () => {
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => {
      received = resolve;
    });
    handler = () => received();
    const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    const sleeper = new ManualSleeper(clock);
    const sender = new SafeHttpSender({
      allow: allowList('127.0.0.1'),
      timeoutMs: 5000,
      timer: (ms, signal) => sleeper.sleep(ms, signal),
    });
    const sent = sender.send(
      { method: 'POST', url: `http://127.0.0.1:${port}/slow`, headers: {}, body: 'x' },
      never,
    );
    await arrived;
    clock.advance(4999);
    clock.advance(1);
    await assert.rejects(
      sent,
      (error: unknown) => error instanceof AppError && error.code === 'http_timeout' && error.retryable,
    );
  });

  test('keeps at most maxResponseBytes of the answer', async () => {
    handler = (_request, response) => response.end('x'.repeat(1024 * 1024));
    const sender = new SafeHttpSender({ allow: allowList('127.0.0.1'), maxResponseBytes: 1000 });
    const answer = await sender.send(
      { method: 'GET', url: `http://127.0.0.1:${port}/big`, headers: {} },
      never,
    );
    assert.equal(answer.body.length, 1000);
  });

  test('refuses URLs that are not http(s) or carry credentials', async () => {
    const sender = new SafeHttpSender();
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/',
      'http://user:pw@example.com/',
      'not a url',
    ]) {
      await assert.rejects(
        sender.send({ method: 'GET', url, headers: {} }, never),
        (error: unknown) => error instanceof AppError && error.code === 'outbound_url_invalid',
      );
    }
  });
});

describe('address policy', () => {
  test('public addresses pass; mapped, NAT64 and 6to4 forms are judged by their IPv4 part', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      assert.equal(isNonPublicAddress(address), false, address);
    }
    for (const address of ['::ffff:7f00:1', '64:ff9b::a00:1', '2002:a9fe:a9fe::1', '255.255.255.255', '::']) {
      assert.equal(isNonPublicAddress(address), true, address);
    }
  });

  test('the allow-list refuses entries that are not hosts, addresses or CIDR ranges', () => {
    assert.ok('problem' in parseAllowList('10.0.0.0/33'));
    assert.ok('problem' in parseAllowList('http://example.com'));
    assert.ok('problem' in parseAllowList('exa mple'));
    const parsed = allowList('Hooks.Internal, 10.0.0.0/8, [::1]');
    assert.deepEqual(parsed.entries, ['hooks.internal', '10.0.0.0/8', '::1']);
  });
});
