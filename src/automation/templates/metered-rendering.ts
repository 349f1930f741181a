import type { Emitter, Liquid, Parser, TagToken, Template, TopLevelToken } from 'liquidjs';
import { Context, ForTag, toPromise } from 'liquidjs';
import { BudgetedEmitter, type RenderBudget } from './render-budget.ts';

/**
 * Every piece of a LiquidJS render goes through `renderer.renderTemplates`: the whole template,
 * each branch of `if` and `case`, each iteration of `for`, each `capture`. Wrapping it is the one
 * place where work can be counted and the event loop given back, whatever the template does.
 */

/** The budget of each render in progress, by the render's context. */
const budgets = new WeakMap<Context, RenderBudget>();
/** The bodies of `for` loops: rendering one of them is one iteration. */
const loopBodies = new WeakSet<readonly Template[]>();

/** LiquidJS's `for`, remembering its body so that each iteration is counted. */
export class CountedForTag extends ForTag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid, parser);
    loopBodies.add(this.templates);
  }
}

type RenderTemplates = Liquid['renderer']['renderTemplates'];

/** Makes `liquid` count the work of renders started by `renderMetered`. Call once per instance. */
export function meterRenders(liquid: Liquid): void {
  const renderer = liquid.renderer;
  const original: RenderTemplates = renderer.renderTemplates.bind(renderer);
  renderer.renderTemplates = function* (templates: Template[], ctx: Context, emitter?: Emitter) {
    const budget = budgets.get(ctx);
    if (budget === undefined) return yield* original(templates, ctx, emitter);
    budget.spend(templates.length, loopBodies.has(templates));
    // A pending promise makes LiquidJS's driver await; setImmediate lets timers and I/O run first.
    if (budget.takeSlice()) yield new Promise<void>((resolve) => setImmediate(resolve));
    // `capture` renders without an emitter: give it one that pays from the same budget.
    return yield* original(templates, ctx, emitter ?? new BudgetedEmitter(budget));
  } as RenderTemplates;
}

/** Renders `templates` over `scope` within `budget`; the output is paid for as it is written. */
export async function renderMetered(
  liquid: Liquid,
  templates: readonly Template[],
  scope: object,
  budget: RenderBudget,
): Promise<string> {
  const ctx = new Context(scope, liquid.options, { sync: false }, { liquid });
  budgets.set(ctx, budget);
  const emitter = new BudgetedEmitter(budget);
  await toPromise(liquid.renderer.renderTemplates(templates as Template[], ctx, emitter));
  return emitter.buffer;
}
