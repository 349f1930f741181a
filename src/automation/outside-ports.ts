/**
 * The outside world as actions see it: small interfaces that src/channels implements and the
 * composition root hands to the engine. An action reaches the network only through these.
 */

/** One email to send; `messageId` is stable per run, so a retried run sends the same message. */
export interface OutgoingEmail {
  readonly messageId: string;
  /** Default: the configured sender (STAGEFLOW_MAIL_FROM). */
  readonly from?: string | undefined;
  readonly to: readonly string[];
  readonly replyTo?: string | undefined;
  readonly subject: string;
  readonly text: string;
  readonly html?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The item and run the mail belongs to (threading of replies, tracking). */
  readonly itemId?: string | undefined;
  readonly runId?: string | undefined;
  /** Rewrite the HTML's links and add an open pixel. Default: true. */
  readonly track?: boolean | undefined;
  /** Files sent with the message (documents as PDF). Default: none. */
  readonly attachments?: readonly EmailAttachment[] | undefined;
}

export interface EmailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface Mailer {
  /** Sends the message (SMTP) or stores it in the outbox; answers where it went. */
  send(
    email: OutgoingEmail,
    signal: AbortSignal,
  ): Promise<{ readonly transport: 'smtp' | 'outbox'; readonly response?: string }>;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** Default: 10 s. */
  readonly timeoutMs?: number | undefined;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Outgoing HTTP with SSRF protection: private and metadata addresses are refused at connection time. */
export interface HttpSender {
  send(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse>;
}

/** One SMS; `idempotencyKey` (the run id) makes a retried run send the same message, never a second. */
export interface OutgoingSms {
  /** A normalised phone number. */
  readonly to: string;
  readonly text: string;
  readonly idempotencyKey: string;
  readonly itemId?: string | undefined;
}

export interface SmsSender {
  /** Sends through the configured provider, or stores the message in the SMS outbox. */
  send(
    sms: OutgoingSms,
    signal: AbortSignal,
  ): Promise<{ readonly transport: 'provider' | 'outbox'; readonly response?: string }>;
}

/** Lays a document's HTML out as a PDF; the same HTML and meta give the same bytes. */
export interface PdfRenderer {
  render(html: string, meta: { readonly title: string; readonly createdAt: string }): Promise<Uint8Array>;
}

/** Where people reach the server when STAGEFLOW_PUBLIC_URL says nothing. */
export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

export interface OutsidePorts {
  readonly pdf?: PdfRenderer | undefined;
  readonly mailer?: Mailer | undefined;
  /**
   * The absolute base URL people reach this server at, without a trailing slash, for links in
   * mail sent without a request (STAGEFLOW_PUBLIC_URL). Default: http://localhost:3000.
   */
  readonly publicUrl?: string | undefined;
  readonly http?: HttpSender | undefined;
  readonly sms?: SmsSender | undefined;
}
