import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { registerHookRoutes } from './hooks.routes.ts';
import { registerInboundMailRoutes } from './inbound-mail.routes.ts';

/** The inbound channels: per-trigger webhooks and raw MIME email. */
export function registerInboundRoutes(app: App, context: AppContext): void {
  registerHookRoutes(app, context);
  registerInboundMailRoutes(app, context);
}
