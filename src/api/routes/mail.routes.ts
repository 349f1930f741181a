import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';

export function registerMailRoutes(_app: App, _context: AppContext): void {}
