import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';

export function registerItemsRoutes(_app: App, _context: AppContext): void {}
