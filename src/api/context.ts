import type { Logger } from 'pino';
import type { AutomationEngine } from '../automation/engine.ts';
import type { Drainable } from '../automation/engine-api.ts';
import type { PdfRenderer } from '../automation/outside-ports.ts';
import type { PublicUrl } from '../channels/http/public-url.ts';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import type { ManualClock } from '../domain/manual-clock.ts';
import type { PhoneNumbers } from '../domain/phone-numbers.ts';
import type { Store } from '../store/database.ts';
import type { Repositories } from '../store/repositories/index.ts';
import type { MetricsSettings } from './metrics/metrics-access.ts';

/** Everything a route needs, built once by the composition root. */
export interface AppContext {
  readonly store: Store;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Reads phone numbers in the default region (STAGEFLOW_DEFAULT_REGION), as the store matches them. */
  readonly phones: PhoneNumbers;
  /** Currency (ISO 4217) of items created without one (STAGEFLOW_DEFAULT_CURRENCY). Default: USD. */
  readonly defaultCurrency?: string;
  readonly logger: Logger;
  /** Lays out documents as PDF: the same renderer the robots' mail attachments use. */
  readonly pdf: PdfRenderer;
  /** The automation engine: every move, new item and event goes through it. */
  readonly engine: AutomationEngine;
  /** Runs everything due now (the in-process worker). */
  readonly runner?: Drainable;
  /** Set when STAGEFLOW_CLOCK=manual: the clock the API may advance. */
  readonly manualClock?: ManualClock;
  /** Key of the web forms' anti-forgery tokens (STAGEFLOW_FORM_SECRET). Default: random per start. */
  readonly formSecret?: string;
  /** Where the outside world reaches this server (absolute URLs, the forms' origin). Default: the request's address. */
  readonly publicUrl?: PublicUrl;
  /**
   * Which peers may set X-Forwarded-Proto/-Host/-For (STAGEFLOW_TRUST_PROXY): true for any, or
   * their addresses and CIDR ranges. Default: none.
   */
  readonly trustProxy?: boolean | readonly string[];
  /** Largest file uploaded to an item (STAGEFLOW_MAX_FILE_BYTES). Unit: bytes. Default: 5 MiB. */
  readonly maxFileBytes?: number;
  /** Largest accepted request body in bytes. Default: 1 MiB. */
  readonly bodyLimit?: number;
  /** Most requests in flight; more are refused at once with 503 and Retry-After. Default: 64. */
  readonly maxInFlight?: number;
  /** Folder of the built web UI (index.html, assets/). Default: web/dist of this package. */
  readonly webDist?: string;
  /** Most open event streams (STAGEFLOW_MAX_STREAMS); more are refused with 503. Default: 500. */
  readonly maxStreams?: number;
  /**
   * Registers a listener called when something may have changed in the database (the engine's
   * wake-ups, also from other processes): the event stream reads at once instead of at its poll.
   */
  readonly onChangeHint?: (listener: () => void) => void;
  /**
   * The metrics and who may read them. `GET /metrics` is on the API's port unless they have a port
   * of their own. Default: none (no such route).
   */
  readonly metrics?: MetricsSettings;
}
