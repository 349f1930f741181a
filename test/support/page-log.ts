import type { Page, Request } from 'playwright-core';

/**
 * What a page did, kept for a failed browser test: its console errors, uncaught exceptions,
 * failed requests and the requests still waiting for an answer. A screenshot shows what the user
 * saw; this says why (a chunk that never loaded, a request the server never answered).
 */
export class PageLog {
  readonly #lines: string[] = [];
  readonly #pending = new Map<Request, number>();
  readonly #started = Date.now();

  constructor(page: Page) {
    const at = () => `${((Date.now() - this.#started) / 1000).toFixed(1)} s`;
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        this.#add(`${at()} console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.#add(`${at()} uncaught: ${error.message}`));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.#add(`${at()} navigated to ${frame.url()}`);
    });
    page.on('request', (request) => this.#pending.set(request, Date.now()));
    page.on('requestfinished', (request) => this.#pending.delete(request));
    page.on('requestfailed', (request) => {
      this.#pending.delete(request);
      this.#add(
        `${at()} request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`,
      );
    });
  }

  #add(line: string): void {
    // Bounded: a page that logs in a loop must not fill the test's memory.
    if (this.#lines.length < 200) this.#lines.push(line);
  }

  /** The log, then the requests without an answer (the stream of live updates among them). */
  text(url: string): string {
    const now = Date.now();
    const pending = [...this.#pending].map(
      ([request, since]) =>
        `still waiting ${((now - since) / 1000).toFixed(1)} s: ${request.method()} ${request.url()}`,
    );
    return [`page at ${url}`, ...this.#lines, ...pending].join('\n');
  }
}
